"""A class of an in-person session, for the tests of how a session counts toward its course.

``session_class()`` builds a live course with quizzes (``learning_course``), a staff member
of a new center, a session of that course on past dates and ``size`` learners registered.
``attend()`` saves who was present on each date, as the staff member would.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from courses.models import TrainingSession
from courses.services.sessions import attendance_record, session_enroll, training_session_create
from tests.factories.accounts import UserFactory
from tests.factories.centers import MembershipFactory
from tests.factories.learning import LearningCourse, learning_course


@dataclass
class SessionClass:
    built: LearningCourse
    session: TrainingSession
    staff: object
    learners: list


def past_dates(count: int = 2) -> list[datetime.date]:
    """``count`` consecutive dates ending yesterday."""
    today = timezone.localdate()
    return [today - datetime.timedelta(days=count - index) for index in range(count)]


def session_class(
    *, size: int = 3, course_title: str = "ขายของออนไลน์", title: str = "อบรมรุ่นที่ 1", modules=(), dates=None
) -> SessionClass:
    """A session of a two-module course (the second lesson of each module has a quiz)."""
    built = learning_course(title=course_title, quiz_lessons=(1, 3))
    staff = MembershipFactory().user
    session = training_session_create(
        course=built.course,
        center=staff.memberships.get().center,
        dates=dates or past_dates(),
        capacity=30,
        title=title,
        modules=[built.modules[index] for index in modules],
    )
    learners = [UserFactory(home_center=session.center) for _ in range(size)]
    for learner in learners:
        session_enroll(session=session, user=learner)
    return SessionClass(built=built, session=session, staff=staff, learners=learners)


def attend(group: SessionClass, *present_per_date) -> None:
    """Save the attendance of each date in turn: ``present_per_date`` lists, per date,
    the learners present."""
    for day, present in zip(group.session.dates.order_by("date"), present_per_date, strict=False):
        attendance_record(session_date=day, present_user_ids=[u.pk for u in present], recorded_by=group.staff)
