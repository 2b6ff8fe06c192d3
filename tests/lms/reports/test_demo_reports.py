"""The demo data gives every report real numbers."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from courses.models import Attendance, TrainingSession
from lms.centers.models import Center
from lms.reports.selectors import CENTER, NATIONAL, ReportScope, report_build

pytestmark = pytest.mark.django_db


def test_demo_data_fills_the_reports_of_all_three_centers():
    call_command("load_demo", force=True, stdout=io.StringIO())
    call_command("load_demo", force=True, stdout=io.StringIO())  # idempotent
    session = TrainingSession.objects.get(title="อบรมรุ่นที่ 1 (ตัวอย่าง)")
    assert session.dates.count() == 2 and Attendance.objects.filter(present=True).count() >= 8
    with translation.override("en"):
        for center in Center.objects.filter(code__startswith="CDC-"):
            summary = dict(
                report_build(ReportScope(CENTER, province=center.province, center=center))
                .table("summary")
                .rows
            )
            assert summary["Learners registered"] >= 12 and summary["Enrollments"] >= 12
        national = dict(report_build(ReportScope(NATIONAL)).table("summary").rows)
    assert national["Training sessions"] == 1 and national["Session registrations"] == 8
