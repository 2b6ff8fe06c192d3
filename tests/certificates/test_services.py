"""Issuing: once per enrollment, on completion, frozen, with sequential serials."""

import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, close_old_connections, connection, transaction

from certificates import services
from certificates.constants import CertificateStatus
from certificates.models import Certificate, CertificateSerialCounter
from courses.models import Enrollment
from courses.signals import course_completed
from tests.factories.certificates import completed_enrollment, course_page

pytestmark = pytest.mark.django_db


def complete(enrollment):
    """What the learner services do: announce the completion inside a transaction."""
    with transaction.atomic():
        course_completed.send(sender=Enrollment, enrollment=enrollment)


def test_course_completion_issues_one_certificate(default_template, django_capture_on_commit_callbacks):
    enrollment = completed_enrollment()
    with django_capture_on_commit_callbacks(execute=True):
        complete(enrollment)
        complete(enrollment)
    certificate = Certificate.objects.get(enrollment=enrollment)
    assert certificate.status == CertificateStatus.VALID
    assert (
        certificate.printed_name
        == f"{enrollment.user.title}{enrollment.user.first_name} {enrollment.user.last_name}"
    )
    # The render task ran after commit and stored the PDF.
    assert certificate.pdf.read(5) == b"%PDF-"


def test_course_without_certificates_issues_none(default_template):
    enrollment = completed_enrollment(course=course_page(issues_certificate=False))
    complete(enrollment)
    assert not Certificate.objects.filter(enrollment=enrollment).exists()


def test_completion_of_a_learner_without_a_name_stands_without_certificate(default_template):
    enrollment = completed_enrollment()
    enrollment.user.first_name = enrollment.user.last_name = ""
    enrollment.user.save()
    complete(enrollment)
    assert not Certificate.objects.filter(enrollment=enrollment).exists()
    with pytest.raises(ValidationError):
        services.certificate_issue(enrollment=enrollment)


def test_issue_is_idempotent(default_template):
    enrollment = completed_enrollment()
    first = services.certificate_issue(enrollment=enrollment)
    second = services.certificate_issue(enrollment=enrollment)
    assert first.pk == second.pk
    assert Certificate.objects.filter(enrollment=enrollment).count() == 1


def test_unfinished_enrollment_gets_no_certificate(default_template):
    enrollment = completed_enrollment()
    Enrollment.objects.filter(pk=enrollment.pk).update(completed_at=None)
    with pytest.raises(ValidationError, match="ยังเรียนไม่จบ"):
        services.certificate_issue(enrollment=enrollment)
    assert not Certificate.objects.exists()


def test_database_allows_one_valid_certificate_per_enrollment(default_template):
    certificate = services.certificate_issue(enrollment=completed_enrollment())
    duplicate = Certificate(
        **{
            field.attname: getattr(certificate, field.attname)
            for field in Certificate._meta.concrete_fields
            if field.attname not in ("id", "serial", "serial_number", "verification_code")
        },
        serial="2500-999999",
        serial_number=999999,
        verification_code="AAAA-AAAA-AAAA-AAAA",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_serials_are_sequential_within_the_buddhist_year(default_template):
    first = services.certificate_issue(enrollment=completed_enrollment())
    second = services.certificate_issue(enrollment=completed_enrollment())
    assert first.serial_year == services.buddhist_year(first.issued_at) > 2500
    assert second.serial_number == first.serial_number + 1
    assert re.fullmatch(rf"{first.serial_year}-\d{{6}}", first.serial)


def test_verification_code_is_grouped_base32_of_80_bits(default_template):
    certificate = services.certificate_issue(enrollment=completed_enrollment())
    assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){3}", certificate.verification_code)
    assert services.normalise_verification_code(certificate.verification_code.lower().replace("-", " ")) == (
        certificate.verification_code
    )


def test_facts_are_copied_from_learner_course_center_and_template(default_template):
    enrollment = completed_enrollment(course=course_page(title="ขายของออนไลน์", estimated_minutes=150))
    certificate = services.certificate_issue(enrollment=enrollment)
    assert certificate.course_title == "ขายของออนไลน์"
    assert str(certificate.hours) == "2.5"
    assert certificate.center_name == enrollment.center.name
    assert certificate.template_version == default_template.version
    assert [s["name"] for s in certificate.signatories] == ["นายสมชาย ผู้อำนวยการ", "นางสาวมาลี วิทยากร"]


def test_course_template_is_used_before_the_default(default_template):
    from tests.factories.certificates import CertificateTemplateFactory

    course = course_page()
    own = CertificateTemplateFactory(title="วุฒิบัตร", is_default=False, course=course, signatories=[("ก", "ข")])
    certificate = services.certificate_issue(enrollment=completed_enrollment(course=course))
    assert certificate.template == own
    assert certificate.design["title"] == "วุฒิบัตร"


def test_revoke_needs_a_reason(default_template):
    certificate = services.certificate_issue(enrollment=completed_enrollment())
    with pytest.raises(ValidationError):
        services.certificate_revoke(certificate=certificate, reason="  ")
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID


def test_reissue_reads_the_current_name_and_replaces_the_old(default_template):
    enrollment = completed_enrollment()
    old = services.certificate_issue(enrollment=enrollment)
    enrollment.user.first_name = "สมศรี"
    enrollment.user.save()
    new = services.certificate_reissue(certificate=old)
    old.refresh_from_db()
    assert old.status == CertificateStatus.REPLACED and old.replaced_by == new
    assert new.learner_name.startswith("สมศรี") and new.serial != old.serial
    assert new.verification_code != old.verification_code
    assert services.certificate_issue(enrollment=enrollment) == new


def test_template_version_goes_up_on_each_save(default_template):
    before = default_template.version
    services.certificate_template_saved(template=default_template)
    services.certificate_template_saved(template=default_template)
    assert default_template.version == before + 2


def _issue_in_threads(enrollments):
    errors = []
    barrier = threading.Barrier(len(enrollments))

    def issue(enrollment):
        try:
            barrier.wait()
            services.certificate_issue(enrollment=enrollment)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=issue, args=(e,)) for e in enrollments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_parallel_issues_get_fifty_distinct_serials():
    from tests.factories.certificates import CertificateTemplateFactory

    CertificateTemplateFactory()
    course = course_page()
    enrollments = [completed_enrollment(course=course) for _ in range(50)]
    errors = _issue_in_threads(enrollments)
    assert errors == []
    serials = list(Certificate.objects.values_list("serial_number", flat=True))
    assert len(serials) == 50 and len(set(serials)) == 50
    assert sorted(serials) == list(range(1, 51))
    assert CertificateSerialCounter.objects.get().last_number == 50


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_issues_for_one_enrollment_make_one_certificate():
    from tests.factories.certificates import CertificateTemplateFactory

    CertificateTemplateFactory()
    enrollment = completed_enrollment()
    errors = _issue_in_threads([Enrollment.objects.get(pk=enrollment.pk) for _ in range(8)])
    assert errors == []
    assert Certificate.objects.filter(enrollment=enrollment).count() == 1


def test_issue_certificates_command_fills_in_what_is_missing(default_template):
    import io

    from django.core.management import call_command

    enrollments = [completed_enrollment() for _ in range(2)]
    services.certificate_issue(enrollment=enrollments[0])
    out = io.StringIO()
    call_command("issue_certificates", stdout=out)
    assert "Issued 1" in out.getvalue()
    for enrollment in enrollments:
        assert Certificate.objects.filter(enrollment=enrollment, status=CertificateStatus.VALID).count() == 1
