"""The figures the ministry counts, for a center, a province or the whole country.

One function, :func:`report_build`, feeds the screen, the CSV and the XLSX export, so
the downloads always equal the tables on screen. Every figure is an aggregate query
(``GROUP BY``); the number of queries does not depend on how many centers there are.

Scope: :func:`report_scope_get` turns the URL into a :class:`ReportScope` and raises
``Http404`` when the person may not read it (memberships, see
:mod:`lms.centers.selectors`).
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.constants import EnrollmentSource
from courses.models import Attendance, Enrollment, InPersonAssessment, SessionEnrollment, TrainingSession
from lms.accounts.constants import AGE_BANDS, ERASURE_REASON, Gender, TargetGroup
from lms.centers.models import Center, Province
from lms.centers.selectors import centers_visible_to, is_national_admin, provinces_visible_to
from lms.centers.templatetags.thai_dates import THAI_MONTHS

__all__ = [
    "AGE_BANDS",
    "Report",
    "ReportScope",
    "ReportTable",
    "certificate_model_or_none",
    "report_build",
    "report_scope_default",
    "report_scope_get",
]

NATIONAL, PROVINCE, CENTER = "national", "province", "center"


@dataclass(frozen=True)
class ReportScope:
    """What a report covers: the whole country, one province or one center."""

    level: str
    province: Province | None = None
    center: Center | None = None

    @property
    def label(self) -> str:
        if self.center is not None:
            return self.center.name
        if self.province is not None:
            return _("Province %(name)s") % {"name": self.province.name_th}
        return _("Whole country")

    def q(self, center_path: str) -> Q:
        """A filter on the model reached through ``center_path`` (e.g. ``home_center``)."""
        if self.center is not None:
            return Q(**{f"{center_path}_id": self.center.pk})
        if self.province is not None:
            return Q(**{f"{center_path}__province_id": self.province.pk})
        return Q()


def report_scope_get(user, level: str, pk: int | None = None) -> ReportScope:
    """The scope named by the URL, if ``user`` may read it; otherwise ``Http404``."""
    if level == NATIONAL and is_national_admin(user):
        return ReportScope(NATIONAL)
    if level == PROVINCE and pk is not None:
        province = provinces_visible_to(user).filter(pk=pk).first()
        if province is not None:
            return ReportScope(PROVINCE, province=province)
    if level == CENTER and pk is not None:
        center = centers_visible_to(user).filter(pk=pk).first()
        if center is not None:
            return ReportScope(CENTER, province=center.province, center=center)
    raise Http404


def report_scope_default(user) -> ReportScope | None:
    """The widest scope the person may read (where the Reports menu item leads)."""
    if is_national_admin(user):
        return ReportScope(NATIONAL)
    province = provinces_visible_to(user).first()
    if province is not None:
        return ReportScope(PROVINCE, province=province)
    center = centers_visible_to(user).order_by("name").first()
    if center is not None:
        return ReportScope(CENTER, province=center.province, center=center)
    return None


@dataclass
class ReportTable:
    """One table of the report: what the screen shows and the exports write."""

    key: str
    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    chart_column: int | None = None  # the column drawn as bars, if any


@dataclass
class Report:
    scope: ReportScope
    tables: list[ReportTable]
    generated_at: object = None

    def table(self, key: str) -> ReportTable:
        return next(table for table in self.tables if table.key == key)


def _rate(done: int, total: int) -> str:
    return f"{(100 * done / total):.1f}" if total else "0.0"


def _age_band_expression(birth_year_path: str):
    this_year = timezone.localdate().year
    whens = [
        When(
            **{f"{birth_year_path}__lte": this_year - low, f"{birth_year_path}__gte": this_year - high},
            then=Value(label),
        )
        for label, low, high in AGE_BANDS
    ]
    return Case(*whens, default=Value(""), output_field=CharField())


def certificate_model_or_none():
    """The certificates app's model, if that app is installed (it is a floor below)."""
    if not apps.is_installed("certificates"):
        return None
    try:
        return apps.get_model("certificates", "Certificate")
    except LookupError:
        return None


LEARNER_DIMENSIONS = ("target_group", "gender", "age_band")


def _learner_cube(scope) -> tuple[list[dict], list[dict]]:
    """Learners and enrollments counted per (target group, gender, age band) in two
    ``GROUP BY`` queries; every learner breakdown is summed from these in Python."""
    User = get_user_model()
    learners = list(
        User.objects.filter(scope.q("home_center"), home_center__isnull=False)
        .annotate(age_band=_age_band_expression("birth_year"))
        .values("target_group", "gender", "age_band")
        .annotate(n=Count("pk"))
    )
    enrollments = list(
        Enrollment.objects.filter(scope.q("center"))
        .annotate(
            target_group=F("user__target_group"),
            gender=F("user__gender"),
            age_band=_age_band_expression("user__birth_year"),
        )
        .values("target_group", "gender", "age_band", "source")
        .annotate(n=Count("pk"), done=Count("pk", filter=Q(completed_at__isnull=False)))
    )
    return learners, enrollments


def _learner_and_enrollment_breakdown(cube, key, title, labels):
    """Rows per value of a learner attribute: learners registered, enrollments, completions."""
    learner_rows, enrollment_rows = cube
    learners_n, enrolled, done = {}, {}, {}
    for row in learner_rows:
        value = row[key] or ""  # blank and NULL both mean "not given"
        learners_n[value] = learners_n.get(value, 0) + row["n"]
    for row in enrollment_rows:
        value = row[key] or ""
        enrolled[value] = enrolled.get(value, 0) + row["n"]
        done[value] = done.get(value, 0) + row["done"]
    rows = []
    for value, label in [*labels, ("", _("Not given"))]:
        n, d = enrolled.get(value, 0), done.get(value, 0)
        rows.append([str(label), learners_n.get(value, 0), n, d, _rate(d, n)])
    header = [title, _("Learners registered"), _("Enrollments"), _("Completions"), _("Completion rate (%)")]
    return ReportTable(key=key, title=title, header=header, rows=rows, chart_column=1)


def _summary(scope, cube) -> ReportTable:
    learner_rows, enrollment_rows = cube
    learners = sum(row["n"] for row in learner_rows)
    enrollment = {
        "n": sum(row["n"] for row in enrollment_rows),
        "done": sum(row["done"] for row in enrollment_rows),
        "in_session": sum(row["n"] for row in enrollment_rows if row["source"] == EnrollmentSource.SESSION),
    }
    sessions = TrainingSession.objects.filter(scope.q("center")).count()
    registrations = SessionEnrollment.objects.filter(scope.q("session__center")).count()
    attendance = Attendance.objects.filter(scope.q("session_date__session__center")).aggregate(
        n=Count("pk"), present=Count("pk", filter=Q(present=True))
    )
    # Counted where the learner is enrolled, like completions (docs/centers.md).
    assessed = InPersonAssessment.objects.filter(scope.q("enrollment__center")).aggregate(
        quizzes=Count("pk"), learners=Count("enrollment", distinct=True)
    )
    rows = [
        [_("Learners registered"), learners],
        [_("Enrollments"), enrollment["n"]],
        [_("Completions"), enrollment["done"]],
        [_("Completion rate (%)"), _rate(enrollment["done"], enrollment["n"])],
        [_("Enrollments through in-person sessions"), enrollment["in_session"]],
    ]
    certificate_model = certificate_model_or_none()
    if certificate_model is not None:
        certificates = certificate_model.objects.filter(scope.q("center"))
        if any(f.name == "status" for f in certificate_model._meta.get_fields()):
            # A certificate revoked because its owner had their data erased was still
            # earned: it stays counted (docs/privacy.md).
            certificates = certificates.filter(
                Q(status="valid") | Q(status="revoked", revoked_reason=ERASURE_REASON)
            )
        rows.append([_("Certificates issued"), certificates.count()])
    rows += [
        [_("Training sessions"), sessions],
        [_("Session registrations"), registrations],
        [_("Attendance records (present)"), attendance["present"]],
        [_("Attendance rate (%)"), _rate(attendance["present"], attendance["n"])],
        [_("Quizzes assessed in person"), assessed["quizzes"]],
        [_("Learners assessed in person"), assessed["learners"]],
    ]
    return ReportTable(key="summary", title=_("Summary"), header=[_("Figure"), _("Value")], rows=rows)


def _by_unit(scope) -> ReportTable | None:
    """National: one row per province; province: one row per center; center: none."""
    if scope.level == CENTER:
        return None
    User = get_user_model()
    if scope.level == NATIONAL:
        unit_path, units = "province", Province.objects.order_by("name_th").values_list("pk", "name_th")
        title = _("Province")
    else:
        unit_path, units = (
            "",
            Center.objects.filter(province=scope.province).order_by("name").values_list("pk", "name"),
        )
        title = _("Center")
    user_key = "home_center__province_id" if unit_path else "home_center_id"
    enr_key = "center__province_id" if unit_path else "center_id"
    learners = dict(
        User.objects.filter(scope.q("home_center"), home_center__isnull=False)
        .values(user_key)
        .annotate(n=Count("pk"))
        .values_list(user_key, "n")
    )
    enrollments = {
        row[enr_key]: row
        for row in Enrollment.objects.filter(scope.q("center"), center__isnull=False)
        .values(enr_key)
        .annotate(n=Count("pk"), done=Count("pk", filter=Q(completed_at__isnull=False)))
    }
    rows = []
    for pk, name in units:
        counts = enrollments.get(pk) or {"n": 0, "done": 0}
        rows.append(
            [name, learners.get(pk, 0), counts["n"], counts["done"], _rate(counts["done"], counts["n"])]
        )
    header = [title, _("Learners registered"), _("Enrollments"), _("Completions"), _("Completion rate (%)")]
    return ReportTable(
        key="units", title=_("By %(unit)s") % {"unit": title}, header=header, rows=rows, chart_column=1
    )


def _by_course(scope) -> ReportTable:
    assessed = dict(
        InPersonAssessment.objects.filter(scope.q("enrollment__center"))
        .values("enrollment__course_id")
        .annotate(n=Count("enrollment", distinct=True))
        .values_list("enrollment__course_id", "n")
    )
    rows = [
        [
            row["course__title"],
            row["n"],
            row["done"],
            _rate(row["done"], row["n"]),
            assessed.get(row["course_id"], 0),
        ]
        for row in Enrollment.objects.filter(scope.q("center"))
        .values("course_id", "course__title")
        .annotate(n=Count("pk"), done=Count("pk", filter=Q(completed_at__isnull=False)))
        .order_by("-n", "course__title")
    ]
    header = [
        _("Course"),
        _("Enrollments"),
        _("Completions"),
        _("Completion rate (%)"),
        _("Learners assessed in person"),
    ]
    return ReportTable(key="course", title=_("By course"), header=header, rows=rows, chart_column=1)


def _month_label(value) -> str:
    return f"{THAI_MONTHS[value.month - 1]} {value.year + 543}"


def _by_month(scope) -> ReportTable:
    base = Enrollment.objects.filter(scope.q("center"))
    started = dict(
        base.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    done = dict(
        base.filter(completed_at__isnull=False)
        .annotate(month=TruncMonth("completed_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    months = sorted({_month_key(m) for m in [*started, *done]})
    started = {_month_key(k): v for k, v in started.items()}
    done = {_month_key(k): v for k, v in done.items()}
    rows = [[_month_label(m), started.get(m, 0), done.get(m, 0)] for m in months]
    header = [_("Month"), _("Enrollments"), _("Completions")]
    return ReportTable(key="month", title=_("By month"), header=header, rows=rows, chart_column=1)


def _month_key(value):
    # SQLite returns datetimes, PostgreSQL aware datetimes: keep (year, month) only.
    return value.date().replace(day=1) if hasattr(value, "date") else value


def report_build(scope: ReportScope) -> Report:
    """Every table of the report for ``scope``, ready for the screen and the exports."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # The national aggregates hash-join 100,000s of rows: give them memory for
            # this transaction only, instead of spilling to disk.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '64MB'")
        cube = _learner_cube(scope)
        tables = [_summary(scope, cube)]
        units = _by_unit(scope)
        if units is not None:
            tables.append(units)
        tables += [
            _learner_and_enrollment_breakdown(cube, "target_group", _("Target group"), TargetGroup.choices),
            _learner_and_enrollment_breakdown(
                cube, "age_band", _("Age band"), [(label, label) for label, _low, _high in AGE_BANDS]
            ),
            _learner_and_enrollment_breakdown(cube, "gender", _("Gender"), Gender.choices),
            _by_course(scope),
            _by_month(scope),
        ]
        return Report(scope=scope, tables=tables, generated_at=timezone.now())
