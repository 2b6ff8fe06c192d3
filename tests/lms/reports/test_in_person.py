"""Reports show the quizzes staff assessed in person, on screen and in the CSV and XLSX."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from courses.services.sessions import attendance_record, session_enroll, training_session_create
from tests.factories import MembershipFactory, UserFactory
from tests.factories.learning import learning_course

pytestmark = pytest.mark.django_db


def test_center_report_and_exports_count_quizzes_assessed_in_person(client):
    built = learning_course(title="ขายของออนไลน์", quiz_lessons=(1, 3))
    membership = MembershipFactory()
    day = timezone.localdate() - datetime.timedelta(days=1)
    session = training_session_create(
        course=built.course, center=membership.center, dates=[day], modules=[built.modules[0]]
    )
    learners = [UserFactory(home_center=membership.center) for _ in range(3)]
    for learner in learners:
        session_enroll(session=session, user=learner)
    attendance_record(
        session_date=session.dates.get(),
        present_user_ids=[u.pk for u in learners[:2]],
        recorded_by=membership.user,
    )
    client.force_login(membership.user)
    base = reverse("reports:center", args=[membership.center.pk])

    page = client.get(base).content.decode()
    assert "แบบทดสอบที่ประเมินในห้องอบรม" in page and "ผู้เรียนที่ได้รับการประเมินในห้องอบรม" in page

    rows = list(csv.reader(io.StringIO(client.get(base + "export.csv").content.decode("utf-8-sig"))))
    summary = {row[0]: row[1] for row in rows if len(row) == 2}
    # One covered module with one quiz, two learners present: two quizzes, two learners.
    assert summary["แบบทดสอบที่ประเมินในห้องอบรม"] == "2"
    assert summary["ผู้เรียนที่ได้รับการประเมินในห้องอบรม"] == "2"
    header = next(row for row in rows if row and row[0] == "หลักสูตร")
    course_row = next(row for row in rows if row and row[0] == "ขายของออนไลน์")
    assert dict(zip(header, course_row, strict=True))["ผู้เรียนที่ได้รับการประเมินในห้องอบรม"] == "2"

    sheet = load_workbook(io.BytesIO(client.get(base + "export.xlsx").content)).active
    xlsx = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert xlsx["แบบทดสอบที่ประเมินในห้องอบรม"] == 2
