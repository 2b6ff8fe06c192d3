"""Reads for in-person sessions: what a session covers, and where each learner stands.

:func:`session_attendees` feeds the session page: for every registered learner, whether
they completed the course and, if not, what is missing, in Thai. It runs a fixed number
of queries whatever the number of learners, dates or lessons.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.models import (
    Attendance,
    Enrollment,
    InPersonAssessment,
    LessonPage,
    LessonProgress,
    TrainingSession,
)
from lms.centers.templatetags.thai_dates import thai_date

__all__ = [
    "AttendeeStatus",
    "SessionCoverage",
    "session_attendees",
    "session_coverage",
    "session_covered_lessons",
]

# How many lesson titles a reason lists before "and N more".
LESSONS_LISTED = 5


@dataclass(frozen=True)
class SessionCoverage:
    """What a session teaches: ``modules`` chosen by staff, or the whole course."""

    session: TrainingSession
    modules: list

    @property
    def whole_course(self) -> bool:
        return not self.modules

    def covers(self, lesson) -> bool:
        """Whether ``lesson`` (a lesson of the session's course) is taught in the session."""
        return self.whole_course or any(lesson.path.startswith(module.path) for module in self.modules)


def session_coverage(session: TrainingSession) -> SessionCoverage:
    """The session's chosen modules in course order (empty: the whole course). One query."""
    return SessionCoverage(session=session, modules=list(session.modules.order_by("path")))


def _live_lessons(course):
    return (
        LessonPage.objects.live()
        .filter(path__startswith=course.path, depth__gt=course.depth)
        .order_by("path")
    )


def session_covered_lessons(session: TrainingSession, coverage: SessionCoverage | None = None) -> list:
    """The live lessons the session teaches, in course order, with their bodies (the
    caller needs to know which have a quiz). Two queries (one with ``coverage``)."""
    coverage = coverage or session_coverage(session)
    lessons = _live_lessons(session.course)
    if not coverage.whole_course:
        condition = Q()
        for module in coverage.modules:
            condition |= Q(path__startswith=module.path)
        lessons = lessons.filter(condition)
    return list(lessons)


@dataclass
class AttendeeStatus:
    """One registered learner on the session page: attendance, completion, and the
    reasons in Thai why no certificate can be printed for them yet (empty: qualifies)."""

    user: object
    days_present: int
    completed: bool
    assessed_quizzes: int = 0
    reasons: list[str] = field(default_factory=list)
    #: Who assessed the quizzes in person, and when (the latest), for the session page.
    assessed_by: str = ""
    assessed_at: object = None

    @property
    def qualifies(self) -> bool:
        return not self.reasons


def _dates_text(dates) -> str:
    return ", ".join(thai_date(day.date) for day in dates)


def _lessons_text(lessons) -> str:
    titles = [lesson.title for lesson in lessons[:LESSONS_LISTED]]
    more = len(lessons) - len(titles)
    if more:
        titles.append(
            ngettext("and %(count)d more lesson", "and %(count)d more lessons", more) % {"count": more}
        )
    return ", ".join(titles)


def _reasons(*, session, user, enrollment, dates, present, recorded, not_done, coverage) -> list[str]:
    """Why ``user`` does not qualify for the session's certificate yet, in Thai."""
    if user.erased_at is not None:
        return [_("The learner's personal data was erased at their request: no certificate is issued.")]
    course = session.course
    today = timezone.localdate()
    reasons = []
    if enrollment is None:
        reasons.append(
            _("Not enrolled in the course “%(course)s”: saving attendance on every date enrols the learner.")
            % {"course": course.title}
        )
    if not (enrollment and enrollment.completed_at):
        absent = [day for day in dates if day.pk not in present and day.pk in recorded]
        unrecorded = [day for day in dates if day.pk not in recorded and day.date <= today]
        upcoming = [day for day in dates if day.pk not in recorded and day.date > today]
        if absent:
            reasons.append(_("Absent on %(dates)s.") % {"dates": _dates_text(absent)})
        if unrecorded:
            reasons.append(
                _("No attendance recorded yet for %(dates)s.") % {"dates": _dates_text(unrecorded)}
            )
        if upcoming:
            reasons.append(_("The session continues on %(dates)s.") % {"dates": _dates_text(upcoming)})
        if enrollment is not None and course.live:
            outside = [lesson for lesson in not_done if not coverage.covers(lesson)]
            inside = [lesson for lesson in not_done if coverage.covers(lesson)]
            if outside:
                reasons.append(
                    _("Lessons this session does not cover, still to finish online: %(lessons)s.")
                    % {"lessons": _lessons_text(outside)}
                )
            if inside and not (absent or unrecorded or upcoming):
                reasons.append(
                    _(
                        "Lessons added to the course after the attendance was saved (save it again): %(lessons)s."
                    )
                    % {"lessons": _lessons_text(inside)}
                )
    if not course.live:
        reasons.append(_("The course is not published, so it cannot be completed."))
    if not course.issues_certificate:
        reasons.append(_("This course does not issue certificates."))
    if not (user.first_name.strip() or user.last_name.strip()):
        reasons.append(_("The learner's account has no name: add it, then the certificate can be issued."))
    return reasons


def session_attendees(
    session: TrainingSession, coverage: SessionCoverage | None = None
) -> list[AttendeeStatus]:
    """Every learner registered for ``session``, by first name, with what they still miss.

    Seven queries whatever the number of learners, dates and lessons: registrations
    with their users, dates, attendance, enrollments, lessons, completed lessons and
    in-person assessments (plus one for the coverage when not given).
    """
    coverage = coverage or session_coverage(session)
    registrations = list(session.registrations.select_related("user").order_by("user__first_name", "user_id"))
    user_ids = [registration.user_id for registration in registrations]
    dates = list(session.dates.order_by("date"))
    present_on, recorded_on = {}, {}
    for user_id, date_id, is_present in Attendance.objects.filter(
        session_date__session=session, user_id__in=user_ids
    ).values_list("user_id", "session_date_id", "present"):
        recorded_on.setdefault(user_id, set()).add(date_id)
        if is_present:
            present_on.setdefault(user_id, set()).add(date_id)
    enrollments = {
        enrollment.user_id: enrollment
        for enrollment in Enrollment.objects.filter(course_id=session.course_id, user_id__in=user_ids)
    }
    lessons = list(_live_lessons(session.course).only("pk", "path", "depth", "title"))
    done = set(
        LessonProgress.objects.filter(
            user_id__in=user_ids, lesson__in=[lesson.pk for lesson in lessons], completed_at__isnull=False
        ).values_list("user_id", "lesson_id")
    )
    assessed, assessor = {}, {}
    for user_id, title, first_name, last_name, assessed_at in (
        InPersonAssessment.objects.filter(session=session, user_id__in=user_ids)
        .order_by("assessed_at")
        .values_list(
            "user_id",
            "assessed_by__title",
            "assessed_by__first_name",
            "assessed_by__last_name",
            "assessed_at",
        )
    ):
        assessed[user_id] = assessed.get(user_id, 0) + 1
        name = f"{title}{first_name} {last_name}".strip()
        assessor[user_id] = (name, assessed_at)  # ordered by time: the latest stays

    statuses = []
    for registration in registrations:
        user, user_id = registration.user, registration.user_id
        present, recorded = present_on.get(user_id, set()), recorded_on.get(user_id, set())
        enrollment = enrollments.get(user_id)
        not_done = [lesson for lesson in lessons if (user_id, lesson.pk) not in done]
        statuses.append(
            AttendeeStatus(
                user=user,
                days_present=len(present),
                completed=bool(enrollment and enrollment.completed_at),
                assessed_quizzes=assessed.get(user_id, 0),
                assessed_by=assessor.get(user_id, ("", None))[0],
                assessed_at=assessor.get(user_id, ("", None))[1],
                reasons=_reasons(
                    session=session,
                    user=user,
                    enrollment=enrollment,
                    dates=dates,
                    present=present,
                    recorded=recorded,
                    not_done=not_done,
                    coverage=coverage,
                ),
            )
        )
    return statuses
