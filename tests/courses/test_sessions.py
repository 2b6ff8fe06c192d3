"""In-person sessions: creation, registration within capacity, attendance, completion."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.constants import EnrollmentSource
from courses.models import Attendance, Enrollment, SessionEnrollment
from courses.services.sessions import (
    SessionFullError,
    attendance_record,
    session_enroll,
    training_session_create,
)
from courses.signals import course_completed
from lms.reports.course_builder import course_build
from tests.factories import CenterFactory, MembershipFactory, UserFactory

DAY1, DAY2 = datetime.date(2026, 11, 2), datetime.date(2026, 11, 3)


@pytest.fixture
def course_and_lessons():
    return course_build(title="ขายของออนไลน์", modules=[["เลือกช่องทาง", "ถ่ายรูปสินค้า"]])


@pytest.fixture
def session(course_and_lessons):
    center = CenterFactory()
    return training_session_create(
        course=course_and_lessons[0], center=center, dates=[DAY2, DAY1], capacity=2, title="รุ่นที่ 1"
    )


@pytest.mark.django_db
def test_session_needs_a_date(course_and_lessons):
    with pytest.raises(ValidationError):
        training_session_create(course=course_and_lessons[0], center=CenterFactory(), dates=[], capacity=5)


@pytest.mark.django_db
def test_registration_enrols_in_the_course_with_source_session(session):
    learner = UserFactory(home_center=session.center)
    session_enroll(session=session, user=learner)
    session_enroll(session=session, user=learner)  # idempotent
    assert SessionEnrollment.objects.filter(session=session).count() == 1
    enrollment = Enrollment.objects.get(user=learner)
    assert (enrollment.source, enrollment.center) == (EnrollmentSource.SESSION, session.center)


@pytest.mark.django_db
def test_capacity_is_respected(session):
    for _ in range(2):
        session_enroll(session=session, user=UserFactory(home_center=session.center))
    with pytest.raises(SessionFullError):
        session_enroll(session=session, user=UserFactory(home_center=session.center))
    assert SessionEnrollment.objects.filter(session=session).count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_racing_registrations_never_exceed_capacity(session):
    learners = [UserFactory(home_center=session.center) for _ in range(5)]
    barrier = threading.Barrier(len(learners))
    outcomes = []

    def register(learner):
        barrier.wait()
        try:
            session_enroll(session=session, user=learner)
            outcomes.append("ok")
        except SessionFullError:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(learner,)) for learner in learners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 2 and outcomes.count("full") == 3
    assert SessionEnrollment.objects.filter(session=session).count() == 2


@pytest.mark.django_db
def test_attendance_marks_present_and_absent_and_can_be_corrected(session):
    present, absent = (UserFactory(home_center=session.center) for _ in range(2))
    for learner in (present, absent):
        session_enroll(session=session, user=learner)
    day = session.dates.get(date=DAY1)
    attendance_record(session_date=day, present_user_ids=[present.pk])
    assert dict(Attendance.objects.values_list("user_id", "present")) == {present.pk: True, absent.pk: False}
    attendance_record(session_date=day, present_user_ids=[present.pk, absent.pk])
    assert Attendance.objects.filter(present=True).count() == 2


@pytest.mark.django_db
def test_attendance_refuses_people_not_registered(session):
    stranger = UserFactory()
    with pytest.raises(ValidationError):
        attendance_record(session_date=session.dates.first(), present_user_ids=[stranger.pk])
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_attending_every_date_completes_the_course_through_the_same_event(session):
    learner, partial = UserFactory(home_center=session.center), UserFactory(home_center=session.center)
    for person in (learner, partial):
        session_enroll(session=session, user=person)
    fired = []

    def receiver(sender, enrollment, **kwargs):
        fired.append(enrollment.user_id)

    course_completed.connect(receiver, weak=False)
    try:
        day1, day2 = session.dates.order_by("date")
        attendance_record(session_date=day1, present_user_ids=[learner.pk, partial.pk])
        assert fired == []
        attendance_record(session_date=day2, present_user_ids=[learner.pk])
        attendance_record(session_date=day2, present_user_ids=[learner.pk])  # saved twice: still once
    finally:
        course_completed.disconnect(receiver)
    assert fired == [learner.pk]
    assert Enrollment.objects.get(user=learner).completed_at is not None
    assert Enrollment.objects.get(user=partial).completed_at is None


@pytest.mark.django_db
def test_staff_takes_attendance_on_the_phone_page(client, session):
    staff = MembershipFactory(center=session.center).user
    learner = UserFactory(home_center=session.center)
    session_enroll(session=session, user=learner)
    day = session.dates.first()
    client.force_login(staff)
    url = reverse("sessions:attendance_take", args=[session.pk, day.pk])
    assert 'type="checkbox" name="present"' in client.get(url).content.decode()
    client.post(url, {"present": [learner.pk]})
    assert Attendance.objects.get(user=learner).present


@pytest.mark.django_db
def test_staff_creates_a_session_and_registers_a_learner(client, course_and_lessons):
    membership = MembershipFactory()
    learner = UserFactory(home_center=membership.center)
    client.force_login(membership.user)
    response = client.post(
        reverse("sessions:session_create"),
        {
            "course": course_and_lessons[0].pk,
            "center": membership.center.pk,
            "capacity": 10,
            "date_0": "2026-12-01",
        },
    )
    session = membership.center.training_sessions.get()
    assert response.url == reverse("sessions:session_detail", args=[session.pk])
    client.post(reverse("sessions:session_enroll", args=[session.pk]), {"learner": learner.pk})
    assert session.registrations.filter(user=learner).exists()


@pytest.mark.django_db
def test_attendance_page_queries_do_not_grow_with_learners(client, course_and_lessons):
    center = CenterFactory()
    session = training_session_create(course=course_and_lessons[0], center=center, dates=[DAY1], capacity=30)
    client.force_login(MembershipFactory(center=center).user)
    url = reverse("sessions:attendance_take", args=[session.pk, session.dates.get().pk])

    def queries():
        client.get(url)  # warm-up: the first request after login also touches the session
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    session_enroll(session=session, user=UserFactory(home_center=center))
    with_one = queries()
    for _ in range(12):
        session_enroll(session=session, user=UserFactory(home_center=center))
    assert queries() == with_one
    assert client.get(url).content.decode().count('name="present"') == 13
