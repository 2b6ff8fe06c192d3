"""In-person training sessions: creating them, registering learners, attendance.

How a session counts toward its course (docs/centers.md): a session covers the modules
staff chose, or the whole course when none are chosen. A learner present on every date
has every live lesson of those modules done, and each quiz there they had not passed
online counts as assessed in person by the staff member who saved the attendance
(:func:`courses.services.lessons_complete_in_person`). When that leaves nothing
undone, the course completes and ``courses.signals.course_completed`` is sent, the same
event as online learning, so the certificates app issues the certificate.

Taking a tick away later does not undo anything: lessons done, in-person assessments
and certificates stay (a mistaken certificate is revoked on the certificates page).
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
from courses.exceptions import LearningError
from courses.models import Attendance, Enrollment, ModulePage, SessionDate, SessionEnrollment, TrainingSession
from courses.selectors.sessions import session_covered_lessons
from lms.centers.templatetags.thai_dates import thai_date

__all__ = [
    "SessionFullError",
    "attendance_record",
    "session_completion_apply",
    "session_enroll",
    "session_enroll_many",
    "training_session_create",
    "training_session_update",
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
    modules: Iterable[ModulePage] = (),
) -> TrainingSession:
    """Create a session of ``course`` at ``center`` held on ``dates``, teaching
    ``modules`` of the course (none: the whole course).

    Raises ``ValidationError`` (in Thai) when there is no date, the capacity is not
    a positive number or a module is not one of the course's.
    """
    dates = sorted(set(dates))
    modules = list(modules)
    errors = {}
    if not dates:
        errors["dates"] = _("Please give at least one date.")
    if not capacity or capacity < 1:
        errors["capacity"] = _("The capacity must be at least 1.")
    _check_modules(course, modules, errors)
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
    session.modules.set(modules)
    return session


def _check_modules(course, modules, errors: dict) -> None:
    """Add a Thai error to ``errors`` if a module is not a module of ``course``."""
    if any(
        not (module.path.startswith(course.path) and module.depth == course.depth + 1) for module in modules
    ):
        errors["modules"] = _("Choose only modules of the session's course.")


@transaction.atomic
def training_session_update(
    *, session: TrainingSession, title: str, trainer=None, capacity: int, modules: Iterable[ModulePage]
) -> TrainingSession:
    """Change a session's title, trainer, capacity and the modules it covers.

    The course, center and dates stay (attendance hangs on them). A new coverage
    applies to attendance saved from now on; what was completed stays.

    Raises ``ValidationError`` (in Thai) when the capacity is below 1 or below the
    number of learners registered, or a module is not one of the course's.
    """
    session = TrainingSession.objects.select_for_update().select_related("course").get(pk=session.pk)
    modules = list(modules)
    errors = {}
    registered = session.registrations.count()
    if not capacity or capacity < max(1, registered):
        errors["capacity"] = _(
            "The capacity must be at least 1 and at least the %(count)d learners registered."
        ) % {"count": registered}
    _check_modules(session.course, modules, errors)
    if errors:
        raise ValidationError(errors)
    session.title, session.trainer, session.capacity = title.strip(), trainer, capacity
    session.save(update_fields=["title", "trainer", "capacity"])
    session.modules.set(modules)
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
            _course_enrollment_ensure(session=locked, user=user)
            return registration
    except IntegrityError:
        # Another request registered the same learner at the same moment.
        return SessionEnrollment.objects.get(session=session, user=user)


def _course_enrollment_ensure(*, session: TrainingSession, user) -> Enrollment:
    """The learner's enrollment in the session's course, created (source: session) if
    missing. A concurrent insert of the same row is read back instead."""
    lookup = {"user": user, "course_id": session.course_id}
    try:
        with transaction.atomic():
            enrollment, _created = Enrollment.objects.get_or_create(
                **lookup, defaults={"center_id": session.center_id, "source": EnrollmentSource.SESSION}
            )
    except IntegrityError:
        enrollment = Enrollment.objects.get(**lookup)
    return enrollment


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

    Then every learner present on every date of the session has the session's lessons
    done and its quizzes assessed in person by ``recorded_by`` (see
    :func:`session_completion_apply`). Saving the same list again, or twice at once,
    changes nothing more. Returns the number present.

    Learners whose personal data was erased are left as they are: their attendance
    stays as counted, and nothing is completed for them again.

    Raises ``ValidationError`` (in Thai, nothing saved) when the date is still to come
    or a listed person is not registered for the session.
    """
    if session_date.date > timezone.localdate():
        raise ValidationError(
            _("Attendance for %(date)s cannot be recorded before that day.")
            % {"date": thai_date(session_date.date)}
        )
    session = session_date.session
    registered, erased = set(), set()
    for user_id, erased_at in SessionEnrollment.objects.filter(session=session).values_list(
        "user_id", "user__erased_at"
    ):
        (registered if erased_at is None else erased).add(user_id)
    present = {int(pk) for pk in present_user_ids}
    if present - registered - erased:
        raise ValidationError(_("Some of the people marked present are not registered for this session."))
    # A learner whose data was erased keeps the attendance already counted, unchanged,
    # and never gets progress back (lessons, assessments, a certificate with no name).
    present -= erased
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
    users = list(get_user_model().objects.filter(pk__in=list(full_attendees)))
    if users:
        lessons = session_covered_lessons(session)
        for user in users:
            session_completion_apply(session=session, user=user, assessed_by=recorded_by, lessons=lessons)
    return len(present)


def session_completion_apply(*, session: TrainingSession, user, assessed_by=None, lessons=None) -> bool:
    """Count the session toward its course for ``user``, who attended every date.

    The session's lessons (``lessons``, or :func:`session_covered_lessons`) are marked
    done through :func:`courses.services.lessons_complete_in_person`, their quizzes
    assessed in person by ``assessed_by``; the course completes (and
    ``course_completed`` is sent, once) when nothing else is left. Returns whether the
    course is complete. A learner whose enrollment was removed is enrolled again (they
    attended the class); a course no longer published is skipped (the session page
    says why) rather than failing the whole attendance.
    """
    from courses.services import learning

    _course_enrollment_ensure(session=session, user=user)
    if lessons is None:
        lessons = session_covered_lessons(session)
    try:
        return learning.lessons_complete_in_person(
            user=user, course=session.course, lessons=lessons, session=session, assessed_by=assessed_by
        )
    except LearningError:
        return False
