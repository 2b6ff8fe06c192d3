"""Demo data step: learners at the three demo centers, their learning, and a past
in-person session at the Chiang Mai center with attendance (see load_demo).

Completion goes through the real services: the session's attendance calls
``courses.services.lessons_complete_in_person`` (which announces ``course_completed``,
so the certificates app issues certificates; the certificates step made the default
template before this step). Idempotent: running again changes nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from courses.models import CoursePage, Enrollment, TrainingSession
from courses.services import learning
from courses.services.sessions import attendance_record, session_enroll, training_session_create
from lms.centers.constants import Role
from lms.centers.models import Membership
from lms.demo.accounts import DEMO_PASSWORD
from lms.reports.course_builder import course_build

# (login ID prefix, title, first name, last name, birth year, gender, target group)
LEARNERS = [
    ("นาง", "สมศรี", "ทองดี", 1955, "female", "elderly"),
    ("นาย", "บุญเลิศ", "แก้วมา", 1962, "male", "elderly"),
    ("นางสาว", "พิมพ์ชนก", "ใจงาม", 1998, "female", "shop_owner"),
    ("นาย", "ธนากร", "ศรีสุข", 2008, "male", "student"),
    ("นาง", "ลำดวน", "บุญมา", 1970, "female", "community_leader"),
    ("นาย", "สมปอง", "มีชัย", 1985, "male", "general_public"),
]
DEMO_SESSION_TITLE = "อบรมรุ่นที่ 1 (ตัวอย่าง)"
CENTER_STAFF = {
    "CDC-KKN-001": ("staff-kkn@example.com", "นาย", "วีระ", "ขอนแก่นดี"),
    "CDC-SKA-001": ("staff-ska@example.com", "นาง", "อามีนะห์", "หาดใหญ่"),
}


def _courses(context) -> list:
    courses = list(context.get("courses", {}).values()) or list(CoursePage.objects.live().order_by("pk")[:3])
    if not courses:
        course, _lessons = course_build(
            title="ใช้สมาร์ตโฟนอย่างปลอดภัย", modules=[["รู้จักมือถือ", "ระวังลิงก์ปลอม"]], slug="demo-smartphone"
        )
        courses = [course]
    return courses


def _learner(center, index, data):
    User = get_user_model()
    title, first, last, birth_year, gender, group = data
    login_id = f"DEMO{center.code[4:7]}{index:02d}"
    user = User.objects.filter(login_id=login_id).first()
    if user is None:
        user = User(login_id=login_id)
        user.set_password(DEMO_PASSWORD)
    user.title, user.first_name, user.last_name = title, first, f"{last}{index if index > 5 else ''}"
    user.birth_year, user.gender, user.target_group, user.home_center = birth_year, gender, group, center
    user.save()
    return user


def _complete_online(user, course) -> bool:
    """Complete a course online through the learner services, if they are there."""
    if not hasattr(learning, "lesson_complete"):
        return False
    from courses.models import LessonPage

    enrollment_create = getattr(learning, "enrollment_create", None)
    if enrollment_create is not None:
        enrollment_create(user=user, course=course)
    for lesson in LessonPage.objects.live().descendant_of(course).specific().order_by("path"):
        questions = lesson.quiz_questions
        if not questions:
            learning.lesson_complete(user=user, lesson=lesson)
            continue
        # A learner who studied: every question answered with its right choices, through
        # the same service as the quiz page (a pass completes the lesson).
        answers = {
            str(block.id): [i for i, choice in enumerate(block.value["choices"]) if choice.get("correct")]
            for block in questions
        }
        learning.quiz_attempt_submit(
            user=user, lesson=lesson, answers=answers, submission_key=f"demo-{user.pk}-{lesson.pk}"
        )
    return Enrollment.objects.filter(user=user, course=course, completed_at__isnull=False).exists()


def _past_session(home, course, learners, users) -> TrainingSession:
    """A past session of the whole course at the Chiang Mai center: eight learners
    registered, six present on both days (so they complete the course, quizzes assessed
    in person by the demo staff member, and get certificates), two absent on day two
    (the session page says so). Recording again changes nothing, and it brings a
    database made by an older demo (attendance without completion) up to date."""
    staff = users.get("staff")
    session = TrainingSession.objects.filter(center=home, title=DEMO_SESSION_TITLE).first()
    if session is None:
        today = timezone.localdate()
        session = training_session_create(
            course=course,
            center=home,
            dates=[today - datetime.timedelta(days=14), today - datetime.timedelta(days=13)],
            trainer=users.get("trainer"),
            capacity=15,
            title=DEMO_SESSION_TITLE,
            created_by=staff,
        )
    attendees = learners[:8]
    for learner in attendees:
        session_enroll(session=session, user=learner)
    day1, day2 = session.dates.order_by("date")
    attendance_record(session_date=day1, present_user_ids=[u.pk for u in attendees], recorded_by=staff)
    attendance_record(session_date=day2, present_user_ids=[u.pk for u in attendees[:6]], recorded_by=staff)
    return session


def load(context: dict, stdout) -> None:
    """Learners at every demo center, online enrollments, and a past session with attendance."""
    centers, users = context["centers"], context.get("users", {})
    User = get_user_model()
    for code, (email, title, first, last) in CENTER_STAFF.items():
        staff = User.objects.filter(email=email).first() or User(email=email)
        staff.title, staff.first_name, staff.last_name, staff.is_staff = title, first, last, True
        staff.set_password(DEMO_PASSWORD)
        staff.save()
        Membership.objects.get_or_create(user=staff, role=Role.CENTER_STAFF, center=centers[code])

    courses = _courses(context)
    learners = {}
    for center in centers.values():
        learners[center.code] = [_learner(center, index, data) for index, data in enumerate(LEARNERS * 2)]

    # Online learning at every center: everyone enrols, a few finish.
    completed_online = 0
    for center in centers.values():
        for index, learner in enumerate(learners[center.code]):
            course = courses[index % len(courses)]
            Enrollment.objects.get_or_create(
                user=learner,
                course=course,
                defaults={
                    "center": center,
                    "created_at": timezone.now() - datetime.timedelta(days=40 - index),
                },
            )
            if index % 3 == 0 and _complete_online(learner, course):
                completed_online += 1

    session = _past_session(centers["CDC-CMI-001"], courses[-1], learners["CDC-CMI-001"], users)
    stdout.write(
        f"  Learning: {sum(len(v) for v in learners.values())} learners at {len(centers)} centers, "
        f"{completed_online} online completions (with certificates), session “{session.title}”."
    )
    context["session"] = session
