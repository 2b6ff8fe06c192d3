"""PDPA: a learner downloads everything we hold about them, and can have it erased."""

import io
import json
import zipfile
from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from certificates.constants import BatchStatus, CertificateStatus
from certificates.models import Certificate, CertificateBatch
from certificates.services import (
    certificate_batch_build,
    certificate_pdf_store,
    certificate_reissue,
    certificate_revoke,
)
from courses.models import (
    Attendance,
    Enrollment,
    InPersonAssessment,
    LessonProgress,
    QuizAttempt,
    SessionDate,
    SessionEnrollment,
    TrainingSession,
)
from courses.services.learning import enrollment_create, lesson_complete, quiz_attempt_submit
from courses.services.sessions import attendance_record, session_enroll
from lms.accounts import consent
from lms.accounts.constants import ERASURE_REASON
from lms.accounts.models import ConsentRecord, LoginCode, LoginCodePurpose
from lms.accounts.personal_data import personal_data_erase, personal_data_export
from lms.accounts.services import login_code_issue
from lms.private_files import private_storage
from lms.reports.selectors import CENTER, NATIONAL, PROVINCE, ReportScope, report_build
from tests.certificates.pdftools import pdf_text
from tests.factories import CenterFactory, MembershipFactory, UserFactory
from tests.factories.accounts import TEST_PASSWORD
from tests.factories.learning import learning_course
from tests.factories.sessions import attend, session_class
from tests.storage import stored_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def center():
    return CenterFactory(name="ศูนย์ดิจิทัลชุมชนบ้านทดสอบ")


def learner_with_history(center, **fields):
    """A learner with consent, a completed course (progress, a passed quiz, a certificate
    with its stored PDF), a session registration with attendance and a login code."""
    learner = UserFactory(home_center=center, **fields)
    ConsentRecord.objects.create(user=learner, version=consent.CURRENT_VERSION)
    built = learning_course(title="การใช้ไลน์", modules=1, lessons_per_module=2, quiz_lessons=(1,))
    enrollment_create(user=learner, course=built.course)
    lesson_complete(user=learner, lesson=built.lessons[0])
    quiz = built.lessons[1]
    quiz_attempt_submit(user=learner, lesson=quiz, answers={q.id: [1] for q in quiz.quiz_questions})
    certificate = Certificate.objects.get(user=learner)
    certificate.pdf.save("stored.pdf", ContentFile(b"%PDF-1.7 stored"), save=True)
    session = TrainingSession.objects.create(course=built.course, center=center, title="รุ่นเช้า")
    day = SessionDate.objects.create(session=session, date=date(2026, 3, 2))
    session_enroll(session=session, user=learner)
    attendance_record(session_date=day, present_user_ids=[learner.pk])
    login_code_issue(user=learner, created_by=None, purpose=LoginCodePurpose.PASSWORD_RESET)
    return learner, built


def read_zip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def models_referring_to_the_user() -> set[str]:
    """Derived here from the models themselves, not from the code under test."""
    User = get_user_model()
    return {
        model._meta.label_lower
        for model in apps.get_models()
        for field in model._meta.get_fields(include_parents=False)
        if field.concrete and getattr(field, "related_model", None) is User
    }


def test_zip_holds_every_model_with_a_reference_to_the_user(center):
    learner, built = learner_with_history(center)
    files = read_zip(personal_data_export(user=learner))

    labels = models_referring_to_the_user()
    assert {"accounts.consentrecord", "courses.enrollment", "certificates.certificate"} <= labels
    missing = {label for label in labels if f"data/{label}.json" not in files}
    assert not missing, missing
    manifest = json.loads(files["manifest.json"])
    assert {entry["model"] for entry in manifest["files"]} >= labels


def test_zip_holds_the_learners_own_records_readably(center):
    learner, built = learner_with_history(center)
    files = read_zip(personal_data_export(user=learner))

    def rows(label):
        return json.loads(files[f"data/{label}.json"])

    [profile] = rows("accounts.user")
    assert (profile["first_name"], profile["home_center"]) == (learner.first_name, center.pk)
    assert [row["version"] for row in rows("accounts.consentrecord")] == [consent.CURRENT_VERSION]
    [enrollment] = rows("courses.enrollment")
    assert enrollment["readable"] == {"course": "การใช้ไลน์"} and enrollment["completed_at"]
    assert len(rows("courses.lessonprogress")) == 2
    [attempt] = rows("courses.quizattempt")
    assert attempt["passed"] is True and attempt["readable"] == {"lesson": "บทเรียน 2"}
    assert len(rows("courses.sessionenrollment")) == len(rows("courses.attendance")) == 1
    [certificate] = rows("certificates.certificate")
    assert certificate["learner_name"] == f"{learner.first_name} {learner.last_name}"
    assert files[f"certificates/{certificate['serial']}.pdf"] == b"%PDF-1.7 stored"
    assert len(rows("accounts.logincode")) == 1
    assert "ข้อมูลส่วนบุคคลของคุณ" in files["README.txt"].decode()


def test_zip_holds_no_secret_and_nobody_elses_data(center):
    learner, built = learner_with_history(center)
    other = UserFactory(home_center=center, first_name="คนอื่นเลย")
    enrollment_create(user=other, course=built.course)
    ConsentRecord.objects.create(user=other, version=consent.CURRENT_VERSION)
    blob = b"".join(read_zip(personal_data_export(user=learner)).values()).decode("utf-8", "replace")

    assert learner.password not in blob
    assert LoginCode.objects.get(user=learner).code_hash not in blob
    assert "คนอื่นเลย" not in blob and f'"user": {other.pk},' not in blob


def test_certificate_without_stored_pdf_is_rendered_for_the_zip(center):
    learner = UserFactory(home_center=center)
    built = learning_course(title="อีเมลเบื้องต้น", modules=1, lessons_per_module=1)
    enrollment_create(user=learner, course=built.course)
    lesson_complete(user=learner, lesson=built.lessons[0])
    certificate = Certificate.objects.get(user=learner)
    Certificate.objects.filter(pk=certificate.pk).update(pdf="")

    files = read_zip(personal_data_export(user=learner))

    assert files[f"certificates/{certificate.serial}.pdf"].startswith(b"%PDF")


def test_revoked_certificate_is_exported_stamped_not_its_clean_stored_pdf(center):
    learner, built = learner_with_history(center)
    certificate = Certificate.objects.get(user=learner)
    certificate_revoke(certificate=certificate, reason="ข้อมูลการอบรมไม่ถูกต้อง")

    exported = read_zip(personal_data_export(user=learner))[f"certificates/{certificate.serial}.pdf"]

    assert exported != b"%PDF-1.7 stored" and exported.startswith(b"%PDF")
    assert "ถูกเพิกถอน" in pdf_text(exported)


def test_a_pdf_drawn_while_the_learner_is_erased_is_not_stored(center):
    """``certificate_pdf_store`` draws outside a transaction: an erasure that commits
    meanwhile must not get the name stored, and the drawn file must not stay in storage."""
    learner = UserFactory(home_center=center)
    built = learning_course(title="อีเมลเบื้องต้น", modules=1, lessons_per_module=1)
    enrollment_create(user=learner, course=built.course)
    lesson_complete(user=learner, lesson=built.lessons[0])
    Certificate.objects.filter(user=learner).update(pdf="")
    read_before_the_erasure = Certificate.objects.get(user=learner)
    personal_data_erase(user=learner)

    certificate = certificate_pdf_store(certificate=read_before_the_erasure)

    assert Certificate.objects.get(pk=certificate.pk).pdf.name == ""
    assert stored_names(private_storage()) == []


@pytest.mark.parametrize("status", [BatchStatus.PENDING, BatchStatus.RUNNING])
def test_a_batch_waiting_or_printing_when_its_learner_is_erased_stores_no_name(center, status):
    learner, built = learner_with_history(center)
    certificate = Certificate.objects.get(user=learner)
    # A printing batch's worker holds its lease: every write it makes needs the lease,
    # so taking the lease away stops it before it stores the file.
    lease = "a-worker-lease" if status == BatchStatus.RUNNING else ""
    batch = CertificateBatch.objects.create(
        certificate_ids=[certificate.pk], total=1, status=status, lease_token=lease
    )

    personal_data_erase(user=learner)
    batch.refresh_from_db()
    assert (batch.status, batch.lease_token, batch.file.name) == (BatchStatus.FAILED, "", "")
    assert "ลบข้อมูล" in batch.error

    certificate_batch_build(batch=batch)  # its task runs now
    batch.refresh_from_db()
    assert (batch.status, batch.file.name) == (BatchStatus.FAILED, "")


def all_report_figures(center):
    scopes = [
        ReportScope(NATIONAL),
        ReportScope(PROVINCE, province=center.province),
        ReportScope(CENTER, province=center.province, center=center),
    ]
    return [[(table.key, table.rows) for table in report_build(scope).tables] for scope in scopes]


def test_erasure_leaves_every_report_figure_unchanged(center):
    learner, built = learner_with_history(center, birth_year=1950, gender="male", target_group="elderly")
    UserFactory(home_center=center)  # someone else, untouched
    before = all_report_figures(center)
    # The learner is counted (one certificate, one completion) before the erasure.
    summary = [row[1] for row in report_build(ReportScope(CENTER, center=center)).table("summary").rows]
    assert summary[:3] == [2, 1, 1] and 1 in summary[5:6]

    personal_data_erase(user=learner)

    assert all_report_figures(center) == before


def test_erasure_of_a_learner_assessed_in_person_with_a_reissued_certificate_changes_no_figure():
    """In-person assessments are counted ("assessed in person"); a replaced certificate
    is not counted as issued, and must not become so by the erasure."""
    group = session_class(size=2)
    attend(group, group.learners, group.learners)
    learner = group.learners[0]
    assert InPersonAssessment.objects.filter(user=learner).count() == 2
    certificate_reissue(certificate=Certificate.objects.get(user=learner))
    assert Certificate.objects.filter(user=learner, status=CertificateStatus.REPLACED).count() == 1
    before = all_report_figures(group.session.center)

    personal_data_erase(user=learner)

    assert InPersonAssessment.objects.filter(user=learner).count() == 2
    assert all_report_figures(group.session.center) == before
    statuses = Certificate.objects.filter(user=None)
    assert sorted(statuses.values_list("status", "revoked_reason")) == [
        (CertificateStatus.REPLACED, ""),
        (CertificateStatus.REVOKED, ERASURE_REASON),
    ]
    assert set(statuses.values_list("learner_name", flat=True)) == {""}


def test_erasure_removes_personal_data_and_keeps_anonymous_counts(center, django_capture_on_commit_callbacks):
    learner, built = learner_with_history(center, phone="+66812345678", email="somsri@example.com")
    certificate = Certificate.objects.get(user=learner)
    stored_pdf = certificate.pdf.name
    batch = CertificateBatch.objects.create(certificate_ids=[certificate.pk], total=1)
    batch.file.save("batch.pdf", ContentFile(b"%PDF batch"), save=True)

    with django_capture_on_commit_callbacks(execute=True):
        personal_data_erase(user=learner)

    learner.refresh_from_db()
    assert learner.erased_at is not None and not learner.is_active
    assert (learner.first_name, learner.last_name, learner.title, learner.email, learner.phone) == (
        "",
        "",
        "",
        None,
        None,
    )
    assert not learner.has_usable_password()
    assert learner.home_center == center and learner.gender == "female"
    assert not ConsentRecord.objects.filter(user=learner).exists()
    assert not LessonProgress.objects.filter(user=learner).exists()
    assert not QuizAttempt.objects.filter(user=learner).exists()
    assert not LoginCode.objects.filter(user=learner).exists()
    assert Enrollment.objects.filter(user=learner, completed_at__isnull=False).count() == 1
    assert SessionEnrollment.objects.filter(user=learner).count() == 1
    assert Attendance.objects.filter(user=learner).count() == 1

    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert certificate.revoked_reason == ERASURE_REASON
    assert (certificate.learner_name, certificate.user_id, certificate.pdf.name) == ("", None, "")
    assert not certificate.pdf.storage.exists(stored_pdf)
    batch.refresh_from_db()
    assert not batch.file


def test_verify_page_says_erased_without_the_name(client, center):
    learner, built = learner_with_history(center)
    certificate = Certificate.objects.get(user=learner)
    name = learner.first_name
    personal_data_erase(user=learner)

    html = client.get(reverse("certificates:verify", args=[certificate.verification_code])).content.decode()

    assert ERASURE_REASON in html
    assert name not in html and learner.last_name not in html
    assert certificate.course_title in html


def test_erased_learner_cannot_log_in_and_erasing_twice_changes_nothing(client, center):
    learner = UserFactory(home_center=center, phone="+66812345678")
    personal_data_erase(user=learner)
    learner.refresh_from_db()
    login_id = learner.login_id

    personal_data_erase(user=learner)

    learner.refresh_from_db()
    assert learner.login_id == login_id
    response = client.post(reverse("account_login"), {"login": "0812345678", "password": TEST_PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_an_account_with_a_role_is_not_erased(center):
    staff = MembershipFactory(center=center).user
    with pytest.raises(ValidationError, match="บทบาท"):
        personal_data_erase(user=staff)
    staff.refresh_from_db()
    assert staff.erased_at is None and staff.first_name
