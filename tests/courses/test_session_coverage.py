"""How an in-person session counts toward its course: covered modules, lessons done,
quizzes assessed in person, future dates refused, and the Thai reasons on the session page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from courses.models import Attendance, Enrollment, InPersonAssessment, LessonProgress, QuizAttempt
from courses.selectors.sessions import session_attendees
from courses.services import lesson_complete, quiz_attempt_submit
from courses.services.sessions import (
    attendance_record,
    session_enroll,
    training_session_create,
    training_session_update,
)
from courses.signals import course_completed
from lms.accounts.personal_data import personal_data_erase
from lms.centers.templatetags.thai_dates import thai_date
from tests.factories import MembershipFactory, UserFactory
from tests.factories.learning import learning_course
from tests.factories.sessions import attend, session_class

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY1, DAY2 = TODAY - datetime.timedelta(days=3), TODAY - datetime.timedelta(days=2)


@pytest.fixture
def built():
    """Two modules of two lessons; the second lesson of each module has a quiz."""
    return learning_course(quiz_lessons=(1, 3))


@pytest.fixture
def staff():
    return MembershipFactory().user


def _session(built, staff, *, modules=(), dates=(DAY1, DAY2)):
    return training_session_create(
        course=built.course,
        center=staff.memberships.get().center,
        dates=dates,
        capacity=30,
        title="รุ่นทดสอบ",
        modules=modules,
    )


def _attend_all(session, learners, recorded_by):
    for day in session.dates.order_by("date"):
        attendance_record(
            session_date=day, present_user_ids=[u.pk for u in learners], recorded_by=recorded_by
        )


def _register(session, count=1):
    learners = [UserFactory(home_center=session.center) for _ in range(count)]
    for learner in learners:
        session_enroll(session=session, user=learner)
    return learners


@pytest.fixture
def completions():
    received = []

    def receiver(sender, enrollment, **kwargs):
        received.append(enrollment.user_id)

    course_completed.connect(receiver, dispatch_uid="test-session-completions")
    yield received
    course_completed.disconnect(dispatch_uid="test-session-completions")


def test_attending_every_date_marks_lessons_done_and_quizzes_assessed_in_person(built, staff, completions):
    session = _session(built, staff)
    (learner,) = _register(session)
    before = timezone.now()
    _attend_all(session, [learner], staff)

    done = set(
        LessonProgress.objects.filter(user=learner, completed_at__isnull=False).values_list(
            "lesson_id", flat=True
        )
    )
    assert done == {lesson.pk for lesson in built.lessons}
    assessments = list(InPersonAssessment.objects.filter(user=learner).order_by("lesson__path"))
    assert [a.lesson_id for a in assessments] == [built.lessons[1].pk, built.lessons[3].pk]
    assert all(
        a.assessed_by == staff and a.session == session and a.assessed_at >= before for a in assessments
    )
    assert not QuizAttempt.objects.exists()  # no invented score
    assert Enrollment.objects.get(user=learner).completed_at is not None
    assert completions == [learner.pk]


def test_saving_attendance_again_changes_nothing_and_sends_no_second_event(built, staff, completions):
    session = _session(built, staff)
    (learner,) = _register(session)
    _attend_all(session, [learner], staff)
    first = list(LessonProgress.objects.values_list("pk", "completed_at").order_by("pk"))
    _attend_all(session, [learner], MembershipFactory(center=session.center).user)
    assert list(LessonProgress.objects.values_list("pk", "completed_at").order_by("pk")) == first
    assert InPersonAssessment.objects.count() == 2
    assert set(InPersonAssessment.objects.values_list("assessed_by", flat=True)) == {staff.pk}
    assert completions == [learner.pk]


def test_attending_only_some_dates_completes_nothing(built, staff, completions):
    session = _session(built, staff)
    (learner,) = _register(session)
    attendance_record(
        session_date=session.dates.get(date=DAY1), present_user_ids=[learner.pk], recorded_by=staff
    )
    assert not LessonProgress.objects.exists() and not InPersonAssessment.objects.exists()
    assert completions == []


def test_session_of_one_module_leaves_the_others_to_finish_online(built, staff, completions):
    session = _session(built, staff, modules=[built.modules[0]])
    (learner,) = _register(session)
    _attend_all(session, [learner], staff)
    done = set(
        LessonProgress.objects.filter(user=learner, completed_at__isnull=False).values_list(
            "lesson_id", flat=True
        )
    )
    assert done == {built.lessons[0].pk, built.lessons[1].pk}
    assert list(InPersonAssessment.objects.values_list("lesson_id", flat=True)) == [built.lessons[1].pk]
    assert completions == []

    with translation.override("th"):
        (status,) = session_attendees(session)
    assert not status.qualifies
    assert status.reasons == ["บทเรียนที่รอบนี้ไม่ได้สอน ต้องเรียนต่อออนไลน์ให้จบ: บทเรียน 3, บทเรียน 4"]


def test_a_quiz_already_passed_online_is_not_assessed_again(built, staff):
    session = _session(built, staff)
    (learner,) = _register(session)
    quiz_attempt_submit(
        user=learner,
        lesson=built.lessons[1],
        answers={str(b.id): [1] for b in built.lessons[1].quiz_questions},
    )
    _attend_all(session, [learner], staff)
    assert list(InPersonAssessment.objects.values_list("lesson_id", flat=True)) == [built.lessons[3].pk]


def test_attendance_for_a_future_date_is_refused_in_thai_and_changes_nothing(built, staff, completions):
    tomorrow = TODAY + datetime.timedelta(days=1)
    session = _session(built, staff, dates=[TODAY, tomorrow])
    (learner,) = _register(session)
    with translation.override("th"), pytest.raises(ValidationError) as error:
        attendance_record(
            session_date=session.dates.get(date=tomorrow), present_user_ids=[learner.pk], recorded_by=staff
        )
    assert error.value.messages[0].startswith("ยังบันทึกการเข้าอบรมของวันที่")
    assert not Attendance.objects.exists() and not LessonProgress.objects.exists()
    # Today's date is accepted.
    attendance_record(
        session_date=session.dates.get(date=TODAY), present_user_ids=[learner.pk], recorded_by=staff
    )
    assert Attendance.objects.count() == 1


def test_taking_a_tick_away_keeps_the_completion(built, staff, completions):
    session = _session(built, staff)
    (learner,) = _register(session)
    _attend_all(session, [learner], staff)
    attendance_record(session_date=session.dates.get(date=DAY2), present_user_ids=[], recorded_by=staff)
    assert not Attendance.objects.get(user=learner, session_date__date=DAY2).present
    assert Enrollment.objects.get(user=learner).completed_at is not None
    assert InPersonAssessment.objects.count() == 2 and completions == [learner.pk]


def test_modules_must_belong_to_the_session_course(built, staff):
    other = learning_course(title="หลักสูตรอื่น")
    with translation.override("th"), pytest.raises(ValidationError) as error:
        _session(built, staff, modules=[other.modules[0]])
    assert error.value.message_dict["modules"] == ["เลือกได้เฉพาะหัวข้อของหลักสูตรของรอบการอบรมนี้"]
    session = _session(built, staff)
    with pytest.raises(ValidationError):
        training_session_update(session=session, title="", capacity=5, modules=[other.modules[0]])
    assert not session.modules.exists()


def test_reasons_say_in_thai_what_each_attendee_misses(built, staff):
    session = _session(built, staff, dates=[DAY1, DAY2, TODAY + datetime.timedelta(days=7)])
    absent, unenrolled, nameless = _register(session, 3)
    nameless.first_name = nameless.last_name = ""
    nameless.save()
    Enrollment.objects.filter(user=unenrolled).delete()
    attendance_record(
        session_date=session.dates.get(date=DAY1),
        present_user_ids=[unenrolled.pk, nameless.pk],
        recorded_by=staff,
    )
    with translation.override("th"):
        reasons = {status.user.pk: status.reasons for status in session_attendees(session)}
    day1, day2 = (
        f"{d.day} {['ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.'][d.month - 1]} {d.year + 543}"
        for d in (DAY1, DAY2)
    )
    assert f"ขาดอบรมวันที่ {day1}" in reasons[absent.pk][0]
    assert f"ยังไม่ได้บันทึกการเข้าอบรมของวันที่ {day2}" in " ".join(reasons[absent.pk])
    assert any("รอบการอบรมยังมีอีกในวันที่" in reason for reason in reasons[absent.pk])
    assert reasons[unenrolled.pk][0].startswith("ยังไม่ได้ลงทะเบียนเรียนหลักสูตร")
    assert reasons[nameless.pk][-1].startswith("บัญชีของผู้เรียนยังไม่มีชื่อ")


def test_an_unpublished_course_is_named_as_the_reason(built, staff, completions):
    session = _session(built, staff)
    (learner,) = _register(session)
    built.course.unpublish()
    session.refresh_from_db()
    _attend_all(session, [learner], staff)  # saved; the completion is skipped, not an error
    assert Attendance.objects.filter(user=learner, present=True).count() == 2 and completions == []
    with translation.override("th"):
        (status,) = session_attendees(session)
    assert status.reasons == ["หลักสูตรนี้ยังไม่ได้เผยแพร่ จึงเรียนจบไม่ได้"]


def _page(client, session):
    return client.get(reverse("sessions:session_detail", args=[session.pk])).content.decode()


def test_session_page_explains_the_coverage_and_each_missing_piece_in_thai(client, built, staff):
    session = _session(built, staff, modules=[built.modules[0]])
    done, absent = _register(session, 2)
    attendance_record(
        session_date=session.dates.get(date=DAY1), present_user_ids=[done.pk, absent.pk], recorded_by=staff
    )
    attendance_record(
        session_date=session.dates.get(date=DAY2), present_user_ids=[done.pk], recorded_by=staff
    )
    # ``done`` finishes the uncovered module online.
    for lesson in built.lessons[2:]:
        if lesson.quiz_questions:
            quiz_attempt_submit(
                user=done, lesson=lesson, answers={str(b.id): [1] for b in lesson.quiz_questions}
            )
        else:
            lesson_complete(user=done, lesson=lesson)
    client.force_login(staff)
    page = _page(client, session)
    assert "รอบนี้สอนหัวข้อต่อไปนี้ของหลักสูตร" in page and built.modules[0].title in page
    assert "นับว่าผ่านการประเมินในห้องอบรมโดยเจ้าหน้าที่ที่บันทึกการเข้าอบรม" in page
    assert "เรียนจบหลักสูตรแล้ว: ได้รับเกียรติบัตร" in page
    assert "ขาดอบรมวันที่" in page and "บทเรียนที่รอบนี้ไม่ได้สอน" in page
    assert "ประเมินแบบทดสอบในห้องอบรมแล้ว 1 บท" in page
    assert f'name="session" value="{session.pk}"' in page
    assert "ผู้เรียน 1 คนในรุ่นนี้มีเกียรติบัตรให้พิมพ์" in page


def test_session_page_says_why_there_is_nothing_to_print(client, built, staff):
    session = _session(built, staff)
    _register(session, 2)
    client.force_login(staff)
    page = _page(client, session)
    assert "ยังไม่มีผู้เรียนในรุ่นนี้ได้เกียรติบัตร" in page
    assert 'name="session" value=' not in page


def test_session_page_queries_do_not_grow_with_attendees(client, built, staff):
    def queries(session):
        _page(client, session)  # warm-up: the first request after login also touches the session
        with CaptureQueriesContext(connection) as captured:
            page = _page(client, session)
        assert "ประเมินแบบทดสอบในห้องอบรมแล้ว" in page
        return len(captured)

    client.force_login(staff)
    small, large = _session(built, staff), _session(built, staff)
    for session, count in ((small, 2), (large, 10)):
        learners = _register(session, count)
        attendance_record(
            session_date=session.dates.get(date=DAY1),
            present_user_ids=[u.pk for u in learners],
            recorded_by=staff,
        )
        attendance_record(
            session_date=session.dates.get(date=DAY2),
            present_user_ids=[u.pk for u in learners[1:]],
            recorded_by=staff,
        )
    assert queries(large) == queries(small)


def test_future_date_attendance_page_refuses_in_thai(client, built, staff):
    tomorrow = TODAY + datetime.timedelta(days=1)
    session = _session(built, staff, dates=[tomorrow])
    (learner,) = _register(session)
    client.force_login(staff)
    url = reverse("sessions:attendance_take", args=[session.pk, session.dates.get().pk])
    page = client.get(url).content.decode()
    assert "ยังไม่ถึงวันนี้" in page and 'name="present"' not in page
    response = client.post(url, {"present": [learner.pk]}, follow=True)
    assert "ยังบันทึกการเข้าอบรมของวันที่" in response.content.decode()
    assert not Attendance.objects.exists()
    assert "บันทึกการเข้าอบรมได้ในวันนั้น" in _page(client, session)


def test_staff_chooses_the_modules_when_creating_and_editing(client, built, staff):
    client.force_login(staff)
    center = staff.memberships.get().center
    response = client.post(
        reverse("sessions:session_create"),
        {
            "course": built.course.pk,
            "center": center.pk,
            "capacity": 10,
            "date_0": DAY1.isoformat(),
            "modules": [built.modules[1].pk],
        },
    )
    session = center.training_sessions.get()
    assert response.url == reverse("sessions:session_detail", args=[session.pk])
    assert list(session.modules.all()) == [built.modules[1]]

    edit = reverse("sessions:session_edit", args=[session.pk])
    assert built.modules[0].title in client.get(edit).content.decode()
    client.post(edit, {"title": "รุ่นใหม่", "capacity": 12, "modules": []})
    session.refresh_from_db()
    assert (session.title, session.capacity, session.modules.count()) == ("รุ่นใหม่", 12, 0)
    assert "รอบนี้สอนทั้งหลักสูตร" in _page(client, session)


def test_another_centers_staff_cannot_edit_the_session(client, built, staff):
    session = _session(built, staff)
    client.force_login(MembershipFactory().user)
    assert client.get(reverse("sessions:session_edit", args=[session.pk])).status_code == 404
    assert (
        client.post(reverse("sessions:session_edit", args=[session.pk]), {"capacity": 3}).status_code == 404
    )


def test_saving_attendance_again_after_an_erasure_brings_nothing_back(client):
    group = session_class(size=2)
    erased, other = group.learners
    attend(group, [erased], [erased])
    personal_data_erase(user=erased, erased_by=group.staff)
    erased.refresh_from_db()
    attendance_before = sorted(Attendance.objects.values_list("user_id", "session_date_id", "present"))
    assessed_before = InPersonAssessment.objects.filter(user=erased).count()

    attend(group, group.learners, group.learners)  # saved again, everyone ticked

    assert not LessonProgress.objects.filter(user=erased).exists()
    assert InPersonAssessment.objects.filter(user=erased).count() == assessed_before
    rows = sorted(Attendance.objects.filter(user=erased).values_list("user_id", "session_date_id", "present"))
    assert rows == [row for row in attendance_before if row[0] == erased.pk]
    assert LessonProgress.objects.filter(user=other).exists()
    client.force_login(group.staff)
    page = client.get(reverse("sessions:session_detail", args=[group.session.pk])).content.decode()
    assert "ลบข้อมูลแล้ว" in page and "ผู้เรียนขอให้ลบข้อมูลส่วนบุคคลแล้ว" in page
    assert erased.login_id not in page and "ยังไม่มีชื่อ" not in page
    attendance_page = client.get(
        reverse("sessions:attendance_take", args=[group.session.pk, group.session.dates.first().pk])
    ).content.decode()
    assert "ลบข้อมูลแล้ว" in attendance_page and f'value="{erased.pk}"' not in attendance_page


def test_session_page_says_who_assessed_each_learner_in_person_and_when(client):
    group = session_class(size=1)
    group.staff.title, group.staff.first_name, group.staff.last_name = "นาง", "ประเมิน", "ตั้งใจ"
    group.staff.save()
    attend(group, group.learners, group.learners)
    client.force_login(group.staff)

    page = client.get(reverse("sessions:session_detail", args=[group.session.pk])).content.decode()

    assert f"โดย นางประเมิน ตั้งใจ เมื่อ {thai_date(timezone.localdate())}" in page
