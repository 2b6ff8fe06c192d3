"""Reports: scope, figures, exports equal to the screen, constant query count."""

import csv
import io
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from courses.models import Enrollment
from lms.centers.constants import Role
from lms.reports.course_builder import course_build
from lms.reports.selectors import NATIONAL, ReportScope, report_build
from tests.factories import CenterFactory, MembershipFactory, UserFactory, province

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return course_build(title="ใช้สมาร์ตโฟน", modules=[["บทที่ 1", "บทที่ 2"]])[0]


def _populate(center, course, *, learners=2, completed=1):
    for index in range(learners):
        learner = UserFactory(
            home_center=center, gender="male" if index % 2 else "female", birth_year=1950 + index
        )
        Enrollment.objects.create(
            user=learner,
            course=course,
            center=center,
            completed_at=timezone.now() if index < completed else None,
        )


class _TableParser(HTMLParser):
    """Collects the cells of every ``data-report-table`` table."""

    def __init__(self):
        super().__init__()
        self.tables, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("data-report-table"):
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def _blocks(rows):
    """Split export rows into tables: an empty row, a title row, then header and rows."""
    tables, current = [], None
    for row in rows[1:]:
        if not any(cell not in ("", None) for cell in row):
            current = None
        elif current is None:
            current = []
            tables.append(current)
        else:
            cells = ["" if cell is None else str(cell) for cell in row]
            while cells and cells[-1] == "":
                cells.pop()  # a sheet pads rows to its widest one
            current.append(cells)
    return tables


def test_national_figures_count_learners_enrollments_and_completions(course):
    center = CenterFactory()
    _populate(center, course, learners=4, completed=1)
    with translation.override("en"):
        summary = dict(report_build(ReportScope(NATIONAL)).table("summary").rows)
    assert summary["Learners registered"] == 4
    assert (summary["Enrollments"], summary["Completions"], summary["Completion rate (%)"]) == (4, 1, "25.0")


def test_csv_and_xlsx_equal_the_screen(client, course):
    center = CenterFactory()
    _populate(center, course, learners=3, completed=2)
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    screen = client.get(reverse("reports:national"))
    parser = _TableParser()
    parser.feed(screen.content.decode())
    assert len(parser.tables) >= 6

    csv_rows = list(
        csv.reader(io.StringIO(client.get(reverse("reports:national_csv")).content.decode("utf-8-sig")))
    )
    assert _blocks(csv_rows) == parser.tables

    workbook = load_workbook(io.BytesIO(client.get(reverse("reports:national_xlsx")).content))
    xlsx_rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    assert _blocks(xlsx_rows) == parser.tables


def test_report_queries_do_not_grow_with_centers(course):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            report_build(ReportScope(NATIONAL))
        return len(queries)

    for _ in range(3):
        _populate(CenterFactory(province=province("50")), course, learners=1)
    with_three = count_queries()
    for index in range(27):
        _populate(CenterFactory(province=province(["10", "40", "90"][index % 3])), course, learners=1)
    assert count_queries() == with_three


def test_provincial_admin_reads_own_province_only(client, course):
    cmi, kkn = CenterFactory(province=province("50")), CenterFactory(province=province("40"))
    admin = MembershipFactory(role=Role.PROVINCIAL_ADMIN, center=None, province=province("50")).user
    client.force_login(admin)
    assert client.get(reverse("reports:province", args=[cmi.province_id])).status_code == 200
    assert client.get(reverse("reports:center", args=[cmi.pk])).status_code == 200
    assert client.get(reverse("reports:province", args=[kkn.province_id])).status_code == 404
    assert client.get(reverse("reports:center", args=[kkn.pk])).status_code == 404
    assert client.get(reverse("reports:national")).status_code == 404
    assert client.get(reverse("reports:index")).url == reverse("reports:province", args=[cmi.province_id])


def test_center_report_only_counts_that_center(course):
    mine, other = CenterFactory(), CenterFactory()
    _populate(mine, course, learners=2)
    _populate(other, course, learners=5)
    with translation.override("en"):
        report = report_build(ReportScope("center", province=mine.province, center=mine))
    assert dict(report.table("summary").rows)["Enrollments"] == 2
