"""Reports show the quizzes staff assessed in person, on screen and in the CSV and XLSX."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories.sessions import attend, past_dates, session_class

pytestmark = pytest.mark.django_db


def test_center_report_and_exports_count_quizzes_assessed_in_person(client):
    group = session_class(size=3, modules=[0], dates=past_dates(1))
    attend(group, group.learners[:2])
    client.force_login(group.staff)
    base = reverse("reports:center", args=[group.session.center_id])

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
