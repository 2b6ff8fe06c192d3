"""The learning services: enrollment, completion, quizzes and course completion."""

import pytest
from django.utils import translation

from courses import selectors, services
from courses.exceptions import (
    CourseNotAvailableError,
    LessonNotAvailableError,
    NotEnrolledError,
    QuizAnswerError,
    QuizLessonError,
)
from courses.models import Enrollment, LessonProgress, QuizAttempt
from courses.signals import course_completed
from tests.factories import CenterFactory, UserFactory
from tests.factories.learning import add_lesson, learning_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def completions():
    """Collect every course_completed signal sent during the test."""
    received = []

    def receiver(sender, enrollment, **kwargs):
        received.append(enrollment.pk)

    course_completed.connect(receiver, dispatch_uid="test-completions")
    yield received
    course_completed.disconnect(dispatch_uid="test-completions")


def right_answers(lesson):
    return {str(block.id): [1] for block in lesson.quiz_questions}


def wrong_answers(lesson):
    return {str(block.id): [0] for block in lesson.quiz_questions}


def test_enrollment_create_is_idempotent_and_records_home_center():
    center = CenterFactory()
    user = UserFactory(home_center=center)
    course = learning_course().course
    first = services.enrollment_create(user=user, course=course)
    second = services.enrollment_create(user=user, course=course)
    assert first.pk == second.pk
    assert first.center_id == center.pk
    assert Enrollment.objects.filter(user=user).count() == 1


def test_enrollment_in_unpublished_course_is_refused():
    course = learning_course().course
    course.unpublish()
    course.refresh_from_db()
    with pytest.raises(CourseNotAvailableError):
        services.enrollment_create(user=UserFactory(), course=course)
    assert not Enrollment.objects.exists()


def test_services_are_keyword_only():
    user, course = UserFactory(), learning_course().course
    with pytest.raises(TypeError):
        services.enrollment_create(user, course)


def test_lesson_complete_requires_enrollment_with_thai_message():
    built = learning_course()
    with translation.override("th"), pytest.raises(NotEnrolledError) as error:
        services.lesson_complete(user=UserFactory(), lesson=built.lessons[0])
    assert "ลงทะเบียน" in str(error.value)
    assert not LessonProgress.objects.exists()


def test_lesson_complete_twice_keeps_first_time():
    built = learning_course()
    user = UserFactory()
    services.enrollment_create(user=user, course=built.course)
    first = services.lesson_complete(user=user, lesson=built.lessons[0])
    second = services.lesson_complete(user=user, lesson=built.lessons[0])
    assert LessonProgress.objects.filter(user=user).count() == 1
    assert LessonProgress.objects.get(user=user).completed_at == first.completed_at == second.completed_at


def test_lesson_complete_on_quiz_lesson_is_refused():
    built = learning_course(quiz_lessons=(0,))
    user = UserFactory()
    services.enrollment_create(user=user, course=built.course)
    with pytest.raises(QuizLessonError):
        services.lesson_complete(user=user, lesson=built.lessons[0])
    assert not LessonProgress.objects.exists()


def test_lesson_of_unpublished_course_is_refused():
    built = learning_course()
    user = UserFactory()
    services.enrollment_create(user=user, course=built.course)
    built.course.unpublish()
    with pytest.raises(LessonNotAvailableError):
        services.lesson_complete(user=user, lesson=built.lessons[0])


def test_unpublished_lesson_is_refused():
    built = learning_course()
    user = UserFactory()
    services.enrollment_create(user=user, course=built.course)
    lesson = built.lessons[0]
    lesson.unpublish()
    lesson.refresh_from_db()
    with pytest.raises(LessonNotAvailableError):
        services.lesson_complete(user=user, lesson=lesson)


def test_completing_every_lesson_completes_course_once(completions):
    built = learning_course(modules=2, lessons_per_module=2)
    user = UserFactory()
    enrollment = services.enrollment_create(user=user, course=built.course)
    for lesson in built.lessons[:-1]:
        services.lesson_complete(user=user, lesson=lesson)
    enrollment.refresh_from_db()
    assert enrollment.completed_at is None
    assert completions == []
    services.lesson_complete(user=user, lesson=built.lessons[-1])
    services.lesson_complete(user=user, lesson=built.lessons[-1])
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None
    assert completions == [enrollment.pk]
    assert selectors.course_progress(user=user, course=built.course) == selectors.CourseProgress(4, 4)


def test_refresh_completion_sends_signal_once(completions):
    built = learning_course(modules=1, lessons_per_module=1)
    user = UserFactory()
    enrollment = services.enrollment_create(user=user, course=built.course)
    services.lesson_complete(user=user, lesson=built.lessons[0])
    stale = Enrollment.objects.get(pk=enrollment.pk)
    stale.completed_at = None  # a caller holding an old copy
    assert services.enrollment_refresh_completion(enrollment=stale) is True
    assert completions == [enrollment.pk]


def test_receiver_error_rolls_completion_back():
    built = learning_course(modules=1, lessons_per_module=1)
    user = UserFactory()
    enrollment = services.enrollment_create(user=user, course=built.course)

    def broken(sender, enrollment, **kwargs):
        raise RuntimeError("receiver failed")

    course_completed.connect(broken, dispatch_uid="broken")
    try:
        with pytest.raises(RuntimeError):
            services.lesson_complete(user=user, lesson=built.lessons[0])
    finally:
        course_completed.disconnect(dispatch_uid="broken")
    enrollment.refresh_from_db()
    assert enrollment.completed_at is None
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_added_lesson_keeps_completed_learners_complete_but_new_learners_need_it():
    built = learning_course(modules=1, lessons_per_module=1)
    done, newcomer = UserFactory(), UserFactory()
    services.enrollment_create(user=done, course=built.course)
    services.lesson_complete(user=done, lesson=built.lessons[0])
    services.enrollment_create(user=newcomer, course=built.course)
    services.lesson_complete(user=newcomer, lesson=built.lessons[0])
    extra = add_lesson(built.modules[0], title="บทใหม่")
    later = UserFactory()
    services.enrollment_create(user=later, course=built.course)
    services.lesson_complete(user=later, lesson=built.lessons[0])
    assert Enrollment.objects.get(user=done).completed_at is not None
    assert Enrollment.objects.get(user=later).completed_at is None
    services.lesson_complete(user=later, lesson=extra)
    assert Enrollment.objects.get(user=later).completed_at is not None


def test_deleted_lesson_no_longer_counts():
    built = learning_course(modules=1, lessons_per_module=2)
    user = UserFactory()
    services.enrollment_create(user=user, course=built.course)
    services.lesson_complete(user=user, lesson=built.lessons[0])
    built.lessons[1].delete()
    assert selectors.course_progress(user=user, course=built.course) == selectors.CourseProgress(1, 1)
    enrollment = Enrollment.objects.get(user=user)
    assert services.enrollment_refresh_completion(enrollment=enrollment) is True


def test_progress_survives_new_revision_and_reordering():
    built = learning_course(modules=1, lessons_per_module=2)
    user = UserFactory()
    services.enrollment_create(user=user, course=built.course)
    services.lesson_complete(user=user, lesson=built.lessons[0])
    lesson = built.lessons[0]
    lesson.title = "ชื่อใหม่"
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    lesson.move(built.lessons[1], pos="right")
    assert selectors.course_progress(user=user, course=built.course) == selectors.CourseProgress(1, 2)


def test_quiz_fail_then_pass_completes_lesson_and_keeps_attempts(completions):
    built = learning_course(modules=1, lessons_per_module=1, quiz_lessons=(0,))
    user = UserFactory()
    services.enrollment_create(user=user, course=built.course)
    lesson = built.lessons[0]
    failed = services.quiz_attempt_submit(user=user, lesson=lesson, answers=wrong_answers(lesson))
    assert (failed.passed, failed.score_percent) == (False, 0)
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()
    first_question = failed.results["questions"][0]
    assert first_question["is_correct"] is False
    assert first_question["correct"] == [1]
    assert first_question["explanation"] == "คำอธิบายข้อ 1"
    passed = services.quiz_attempt_submit(user=user, lesson=lesson, answers=right_answers(lesson))
    assert (passed.passed, passed.score_percent) == (True, 100)
    assert QuizAttempt.objects.filter(user=user).count() == 2
    assert LessonProgress.objects.get(user=user).completed_at is not None
    assert len(completions) == 1


def test_quiz_half_right_is_below_pass_mark():
    built = learning_course(modules=1, lessons_per_module=1, quiz_lessons=(0,), pass_mark=70)
    user = UserFactory()
    services.enrollment_create(user=user, course=built.course)
    lesson = built.lessons[0]
    ids = [str(block.id) for block in lesson.quiz_questions]
    attempt = services.quiz_attempt_submit(user=user, lesson=lesson, answers={ids[0]: [1]})
    assert (attempt.score_percent, attempt.passed) == (50, False)


def test_same_submission_key_stores_one_attempt():
    built = learning_course(modules=1, lessons_per_module=1, quiz_lessons=(0,))
    user = UserFactory()
    services.enrollment_create(user=user, course=built.course)
    lesson = built.lessons[0]
    first = services.quiz_attempt_submit(
        user=user, lesson=lesson, answers=wrong_answers(lesson), submission_key="abc"
    )
    second = services.quiz_attempt_submit(
        user=user, lesson=lesson, answers=right_answers(lesson), submission_key="abc"
    )
    assert first.pk == second.pk
    assert QuizAttempt.objects.count() == 1


@pytest.mark.parametrize("bad", [[3], [-1], [True], ["1"], 1, "1", [0, 1]])
def test_out_of_range_or_malformed_answers_store_nothing(bad):
    built = learning_course(modules=1, lessons_per_module=1, quiz_lessons=(0,))
    user = UserFactory()
    services.enrollment_create(user=user, course=built.course)
    lesson = built.lessons[0]
    answers = {str(lesson.quiz_questions[0].id): bad}
    with translation.override("th"), pytest.raises(QuizAnswerError) as error:
        services.quiz_attempt_submit(user=user, lesson=lesson, answers=answers)
    assert "คำตอบ" in str(error.value)
    assert not QuizAttempt.objects.exists()
    assert not LessonProgress.objects.exists()


def test_unknown_question_is_refused():
    built = learning_course(modules=1, lessons_per_module=1, quiz_lessons=(0,))
    user = UserFactory()
    services.enrollment_create(user=user, course=built.course)
    with pytest.raises(QuizAnswerError):
        services.quiz_attempt_submit(user=user, lesson=built.lessons[0], answers={"nope": [1]})


def test_quiz_answers_for_course_not_enrolled_are_refused():
    built = learning_course(modules=1, lessons_per_module=1, quiz_lessons=(0,))
    lesson = built.lessons[0]
    with pytest.raises(NotEnrolledError):
        services.quiz_attempt_submit(user=UserFactory(), lesson=lesson, answers=right_answers(lesson))
    assert not QuizAttempt.objects.exists()


def test_lesson_visit_records_last_lesson_with_one_upsert(django_assert_max_num_queries):
    built = learning_course(modules=1, lessons_per_module=2)
    user = UserFactory()
    enrollment = services.enrollment_create(user=user, course=built.course)
    services.lesson_visit(enrollment=enrollment, lesson=built.lessons[1])
    enrollment.refresh_from_db()
    assert enrollment.last_lesson_id == built.lessons[1].pk
    with django_assert_max_num_queries(3):  # BEGIN/upsert/COMMIT at most
        services.lesson_visit(enrollment=enrollment, lesson=built.lessons[1])
    assert LessonProgress.objects.get(user=user).completed_at is None


def test_dashboard_continues_with_first_unfinished_lesson():
    built = learning_course(modules=2, lessons_per_module=2)
    user = UserFactory()
    services.enrollment_create(user=user, course=built.course)
    services.lesson_complete(user=user, lesson=built.lessons[0])
    services.lesson_complete(user=user, lesson=built.lessons[2])
    [row] = selectors.dashboard_rows(user=user)
    assert row.continue_lesson.pk == built.lessons[1].pk
    assert (row.progress.done, row.progress.total, row.progress.percent) == (2, 4, 50)


def test_dashboard_query_count_is_flat(django_assert_max_num_queries):
    user = UserFactory()
    for _ in range(3):
        services.enrollment_create(user=user, course=learning_course(modules=2, lessons_per_module=3).course)
    with django_assert_max_num_queries(3):
        rows = selectors.dashboard_rows(user=user)
    assert len(rows) == 3
