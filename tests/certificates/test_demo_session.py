"""`make run`'s demo: the past session's attendees have certificates, and staff print the
class from the session page as one PDF, one page per learner present on every date."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from certificates.constants import CertificateStatus
from certificates.models import Certificate, CertificateBatch
from courses.models import Attendance, Enrollment, InPersonAssessment, TrainingSession
from lms.accounts.models import User
from lms.demo.learning import DEMO_SESSION_TITLE
from tests.certificates.pdftools import page_count

pytestmark = pytest.mark.django_db


def test_demo_session_prints_one_page_per_attendee(client, django_capture_on_commit_callbacks):
    call_command("load_demo", force=True, stdout=io.StringIO())
    output = io.StringIO()
    call_command("load_demo", force=True, stdout=output)  # idempotent

    # The online completions it reports are real: passed quizzes included, each with its
    # certificate (the demo used to skip quiz lessons, so none completed).
    online = Enrollment.objects.filter(completed_at__isnull=False).exclude(
        course__training_sessions__title=DEMO_SESSION_TITLE
    )
    reported = int(re.search(r"(\d+) online completions", output.getvalue()).group(1))
    assert reported == online.count() > 0
    assert (
        Certificate.objects.filter(enrollment__in=online, status=CertificateStatus.VALID).count() == reported
    )
    session = TrainingSession.objects.get(title=DEMO_SESSION_TITLE)
    days = session.dates.count()
    full_attendees = {
        user_id
        for user_id in Attendance.objects.filter(session_date__session=session, present=True).values_list(
            "user_id", flat=True
        )
        if Attendance.objects.filter(session_date__session=session, present=True, user_id=user_id).count()
        == days
    }
    assert len(full_attendees) == 6
    certificates = Certificate.objects.filter(course=session.course, status=CertificateStatus.VALID)
    assert set(certificates.values_list("user_id", flat=True)) == full_attendees
    assert InPersonAssessment.objects.filter(session=session).count() > 0
    # The demo courses have English titles, so every demo credential names an English edition.
    assert Certificate.objects.exists() and not Certificate.objects.filter(course_title_en="").exists()

    staff = User.objects.get(email="staff@example.com")
    client.force_login(staff)
    page = client.get(reverse("sessions:session_detail", args=[session.pk])).content.decode()
    assert "ผู้เรียน 6 คนในรุ่นนี้มีเกียรติบัตรให้พิมพ์" in page
    assert page.count("ขาดอบรมวันที่") == 2

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("certificates:batch_create"), {"session": session.pk})
    batch = CertificateBatch.objects.get()
    pdf = b"".join(client.get(reverse("certificates:batch_download", args=[batch.pk])).streaming_content)
    assert page_count(pdf) == len(full_attendees)
