"""Batch printing: one PDF, one certificate a page, built by a background task."""

import pytest
from django.urls import reverse

from certificates import services
from certificates.constants import BatchStatus
from certificates.models import CertificateBatch
from courses.models import SessionEnrollment, TrainingSession
from lms.centers.constants import Role
from tests.certificates.pdftools import page_count, pdf_text, without_sara_am
from tests.factories import CenterFactory, MembershipFactory
from tests.factories.certificates import completed_enrollment, course_page

pytestmark = pytest.mark.django_db


def test_batch_by_filters_prints_one_page_per_certificate(
    client, default_template, django_capture_on_commit_callbacks
):
    center = CenterFactory()
    certificates = [
        services.certificate_issue(enrollment=completed_enrollment(center=center)) for _ in range(3)
    ]
    services.certificate_issue(enrollment=completed_enrollment())  # another center's
    staff = MembershipFactory(center=center, role=Role.CENTER_STAFF).user
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("certificates:batch_create"), {"center": center.pk})
    batch = CertificateBatch.objects.get()
    assert response.url == reverse("certificates:batch_detail", args=[batch.pk])
    assert batch.status == BatchStatus.DONE and batch.done == batch.total == 3

    page = client.get(response.url).content.decode()
    assert 'http-equiv="refresh"' not in page
    download = client.get(reverse("certificates:batch_download", args=[batch.pk]))
    pdf = b"".join(download.streaming_content)
    assert page_count(pdf) == 3
    text = without_sara_am(pdf_text(pdf))
    for certificate in certificates:
        assert without_sara_am(certificate.learner_name) in text


def test_batch_page_refreshes_itself_while_working(client, default_template):
    certificate = services.certificate_issue(enrollment=completed_enrollment())
    staff = MembershipFactory(center=certificate.center, role=Role.CENTER_STAFF).user
    batch = CertificateBatch.objects.create(created_by=staff, certificate_ids=[certificate.pk], total=1)
    client.force_login(staff)
    assert (
        'http-equiv="refresh"'
        in client.get(reverse("certificates:batch_detail", args=[batch.pk])).content.decode()
    )


def test_batch_by_training_session(client, default_template, django_capture_on_commit_callbacks):
    center = CenterFactory()
    course = course_page()
    session = TrainingSession.objects.create(course=course, center=center, title="รุ่น 1")
    in_session = [completed_enrollment(center=center, course=course) for _ in range(2)]
    for enrollment in in_session:
        SessionEnrollment.objects.create(session=session, user=enrollment.user)
    outside = completed_enrollment(center=center, course=course)
    for enrollment in [*in_session, outside]:
        services.certificate_issue(enrollment=enrollment)
    client.force_login(MembershipFactory(center=center, role=Role.CENTER_STAFF).user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("certificates:batch_create"), {"session": session.pk})
    batch = CertificateBatch.objects.get()
    assert batch.total == 2
    assert page_count(batch.file.read()) == 2


def test_staff_cannot_batch_another_centers_session(client, default_template):
    session = TrainingSession.objects.create(course=course_page(), center=CenterFactory())
    client.force_login(MembershipFactory(center=CenterFactory(), role=Role.CENTER_STAFF).user)
    client.post(reverse("certificates:batch_create"), {"session": session.pk})
    assert not CertificateBatch.objects.exists()


def test_nothing_to_print_is_refused_in_thai(client, default_template):
    client.force_login(MembershipFactory(center=CenterFactory(), role=Role.CENTER_STAFF).user)
    response = client.post(reverse("certificates:batch_create"), {}, follow=True)
    assert "ไม่มีเกียรติบัตร" in response.content.decode()
    assert not CertificateBatch.objects.exists()


def test_other_staff_cannot_see_a_batch(client, default_template):
    certificate = services.certificate_issue(enrollment=completed_enrollment())
    owner = MembershipFactory(center=certificate.center, role=Role.CENTER_STAFF).user
    batch = CertificateBatch.objects.create(created_by=owner, certificate_ids=[certificate.pk], total=1)
    client.force_login(MembershipFactory(center=certificate.center, role=Role.CENTER_STAFF).user)
    assert client.get(reverse("certificates:batch_detail", args=[batch.pk])).status_code == 404


def test_batch_rendering_in_chunks_keeps_order_and_reports_progress(default_template):
    from certificates.rendering import render_certificates_pdf
    from tests.certificates.pdftools import pdf_xmp

    certificates = [services.certificate_issue(enrollment=completed_enrollment()) for _ in range(5)]
    progress = []
    pdf = render_certificates_pdf(certificates, chunk_size=2, on_progress=progress.append)
    assert progress == [2, 4, 5]
    assert page_count(pdf) == 5
    # The code prints as two lines of two groups: compare without line breaks and dashes.
    text = "".join(pdf_text(pdf).split()).replace("-", "")
    positions = [text.index(c.verification_code.replace("-", "")) for c in certificates]
    assert positions == sorted(positions)
    assert "pdfaid:part" in pdf_xmp(pdf)
