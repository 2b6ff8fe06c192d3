"""In-person training sessions: creating them, registering learners, attendance.

A learner who attended every date of a session completes the course through the same
service and event as online learning: :func:`courses.services.lesson_complete` is
called for every lesson without quiz questions (lessons with a quiz still need a
passing attempt), and that service sends ``courses.signals.course_completed``.
"""

from collections.abc import Iterable
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.constants import EnrollmentSource
from courses.models import Attendance, Enrollment, LessonPage, SessionDate, SessionEnrollment, TrainingSession

__all__ = [
    "SessionFullError",
    "attendance_record",
    "session_completion_apply",
    "session_enroll",
    "session_enroll_many",
    "training_session_create",
]


class SessionFullError(ValidationError):
    """The session has as many learners as its capacity allows."""


@transaction.atomic
def training_session_create(
    *,
    course,
    center,
    dates: Iterable[date],
    trainer=None,
    capacity: int = 20,
    title: str = "",
    created_by=None,
) -> TrainingSession:
    """Create a session of ``course`` at ``center`` held on ``dates``.

    Raises ``ValidationError`` (in Thai) when there is no date or the capacity is not
    a positive number.
    """
    dates = sorted(set(dates))
    errors = {}
    if not dates:
        errors["dates"] = _("Please give at least one date.")
    if not capacity or capacity < 1:
        errors["capacity"] = _("The capacity must be at least 1.")
    if errors:
        raise ValidationError(errors)
    session = TrainingSession.objects.create(
        course=course,
        center=center,
        trainer=trainer,
        capacity=capacity,
        title=title.strip(),
        created_by=created_by,
    )
    SessionDate.objects.bulk_create([SessionDate(session=session, date=day) for day in dates])
    return session


def session_enroll(*, session: TrainingSession, user) -> SessionEnrollment:
    """Register ``user`` for ``session`` and enrol them in its course (source: session).

    Idempotent: registering twice returns the first registration. Race-safe: the
    session row is locked while seats are counted (SQLite serialises writers with its
    IMMEDIATE transactions). Raises :class:`SessionFullError` when no seat is left.
    """
    try:
        with transaction.atomic():
            locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
            existing = SessionEnrollment.objects.filter(session=locked, user=user).first()
            if existing is not None:
                return existing
            if SessionEnrollment.objects.filter(session=locked).count() >= locked.capacity:
                raise SessionFullError(
                    _("The session is full (%(capacity)d seats).") % {"capacity": locked.capacity}
                )
            registration = SessionEnrollment.objects.create(session=locked, user=user)
            Enrollment.objects.get_or_create(
                user=user,
                course_id=locked.course_id,
                defaults={"center_id": locked.center_id, "source": EnrollmentSource.SESSION},
            )
            return registration
    except IntegrityError:
        # Another request registered the same learner at the same moment.
        return SessionEnrollment.objects.get(session=session, user=user)


@transaction.atomic
def session_enroll_many(*, session: TrainingSession, users: Iterable) -> int:
    """Register a whole class at once (each as :func:`session_enroll`); all or none.

    Learners already registered are skipped. Returns how many were newly registered.
    Raises :class:`SessionFullError`, registering nobody, when the new learners do not
    all fit in the seats left.
    """
    locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
    registered = set(SessionEnrollment.objects.filter(session=locked).values_list("user_id", flat=True))
    new = list({user.pk: user for user in users if user.pk not in registered}.values())
    seats_left = locked.capacity - len(registered)
    if len(new) > seats_left:
        raise SessionFullError(
            _("Only %(seats)d seats are left: choose at most %(seats)d learners (you chose %(chosen)d).")
            % {"seats": max(seats_left, 0), "chosen": len(new)}
        )
    for user in new:
        session_enroll(session=locked, user=user)
    return len(new)


@transaction.atomic
def attendance_record(*, session_date: SessionDate, present_user_ids: Iterable[int], recorded_by=None) -> int:
    """Record who was present on one date: everyone registered and not listed is absent.

    Then every learner who has now attended every date of the session completes the
    course (see :func:`session_completion_apply`). Returns the number present.
    Raises ``ValidationError`` when a listed person is not registered for the session.
    """
    session = session_date.session
    registered = set(SessionEnrollment.objects.filter(session=session).values_list("user_id", flat=True))
    present = {int(pk) for pk in present_user_ids}
    if present - registered:
        raise ValidationError(_("Some of the people marked present are not registered for this session."))
    now = timezone.now()
    existing = {row.user_id: row for row in Attendance.objects.filter(session_date=session_date)}
    to_create, to_update = [], []
    for user_id in registered:
        is_present = user_id in present
        row = existing.get(user_id)
        if row is None:
            to_create.append(
                Attendance(
                    session_date=session_date,
                    user_id=user_id,
                    present=is_present,
                    recorded_by=recorded_by,
                    recorded_at=now,
                )
            )
        elif row.present != is_present:
            row.present, row.recorded_by, row.recorded_at = is_present, recorded_by, now
            to_update.append(row)
    Attendance.objects.bulk_create(to_create, ignore_conflicts=True)
    Attendance.objects.bulk_update(to_update, ["present", "recorded_by", "recorded_at"])

    date_count = session.dates.count()
    full_attendees = (
        Attendance.objects.filter(session_date__session=session, present=True, user_id__in=present)
        .values("user_id")
        .annotate(days=Count("pk"))
        .filter(days=date_count)
        .values_list("user_id", flat=True)
    )
    for user in get_user_model().objects.filter(pk__in=list(full_attendees)):
        session_completion_apply(session=session, user=user)
    return len(present)


def session_completion_apply(*, session: TrainingSession, user) -> None:
    """Complete every lesson without quiz questions of the session's course for ``user``.

    Goes through :func:`courses.services.lesson_complete`, so the course completes (and
    ``course_completed`` is sent, once) exactly as for online learning; lessons with a
    quiz stay open until the learner passes it.
    """
    from courses.services import learning

    lessons = LessonPage.objects.live().descendant_of(session.course).specific().order_by("path")
    for lesson in lessons:
        if not lesson.quiz_questions:
            learning.lesson_complete(user=user, lesson=lesson)
