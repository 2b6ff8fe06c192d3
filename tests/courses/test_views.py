"""The learner's pages and actions over HTTP: lesson page, mark done, quiz, dashboard."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses import services
from courses.models import Enrollment, LessonProgress, QuizAttempt
from tests.factories import UserFactory
from tests.factories.learning import learning_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(client):
    user = UserFactory()
    client.force_login(user)
    return user


def right_post(lesson, key="k1"):
    data = {f"q-{block.id}": "1" for block in lesson.quiz_questions}
    return {**data, "submission_key": key}


@pytest.mark.parametrize("lessons_per_module", [1, 10])
def test_lesson_page_with_outline_is_few_queries_for_5_or_50_lessons(
    client, learner, lessons_per_module, django_assert_max_num_queries
):
    built = learning_course(modules=5, lessons_per_module=lessons_per_module)
    services.enrollment_create(user=learner, course=built.course)
    services.lesson_complete(user=learner, lesson=built.lessons[0])
    lesson = built.lessons[1]
    client.get(lesson.url)  # warm Wagtail's site cache, as on a running server
    with django_assert_max_num_queries(25):
        response = client.get(lesson.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<li class="outline-lesson') == 5 * lessons_per_module
    assert 'aria-current="page"' in html
    assert "เรียนจบบทนี้แล้ว" in html


def test_opening_a_lesson_records_last_visit(client, learner):
    built = learning_course()
    enrollment = services.enrollment_create(user=learner, course=built.course)
    client.get(built.lessons[2].url)
    enrollment.refresh_from_db()
    assert enrollment.last_lesson_id == built.lessons[2].pk
    assert LessonProgress.objects.get(user=learner).completed_at is None


def test_anonymous_lesson_page_records_nothing_and_offers_login(client):
    built = learning_course()
    response = client.get(built.lessons[0].url)
    assert response.status_code == 200
    assert not LessonProgress.objects.exists()
    assert reverse("account_login") in response.content.decode()


def test_mark_done_goes_to_next_lesson_in_few_queries(client, learner, django_assert_max_num_queries):
    built = learning_course()
    services.enrollment_create(user=learner, course=built.course)
    client.get(built.lessons[0].url)
    with django_assert_max_num_queries(10):
        response = client.post(reverse("courses:lesson_done", args=[built.lessons[0].pk]))
    assert response.status_code == 302
    assert response["Location"] == built.lessons[1].url
    assert LessonProgress.objects.get(user=learner, lesson=built.lessons[0]).completed_at is not None


def test_last_lesson_done_redirects_to_congratulations(client, learner):
    built = learning_course(modules=1, lessons_per_module=2)
    services.enrollment_create(user=learner, course=built.course)
    services.lesson_complete(user=learner, lesson=built.lessons[0])
    response = client.post(reverse("courses:lesson_done", args=[built.lessons[1].pk]))
    assert response["Location"] == reverse("courses:course_complete", args=[built.course.pk])
    page = client.get(response["Location"])
    assert "ยินดีด้วย" in page.content.decode()
    assert Enrollment.objects.get(user=learner).completed_at is not None


def test_congratulations_page_is_not_shown_before_completion(client, learner):
    built = learning_course()
    services.enrollment_create(user=learner, course=built.course)
    assert client.get(reverse("courses:course_complete", args=[built.course.pk])).status_code == 404


def test_mark_done_without_enrollment_is_refused_in_thai(client, learner):
    built = learning_course()
    response = client.post(reverse("courses:lesson_done", args=[built.lessons[0].pk]), follow=True)
    assert "ลงทะเบียน" in response.content.decode()
    assert not LessonProgress.objects.exists()


def test_enroll_button_enrolls_and_opens_first_lesson(client, learner):
    built = learning_course()
    response = client.post(reverse("courses:enroll", args=[built.course.pk]))
    assert response["Location"] == built.lessons[0].url
    assert Enrollment.objects.filter(user=learner, course=built.course).exists()
    course_page = client.get(built.course.url).content.decode()
    assert "เรียนต่อจากที่ค้างไว้" in course_page


def test_enroll_requires_login(client):
    built = learning_course()
    response = client.post(reverse("courses:enroll", args=[built.course.pk]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not Enrollment.objects.exists()


def test_quiz_fail_then_retry_and_pass_shows_answers(client, learner):
    built = learning_course(modules=1, lessons_per_module=2, quiz_lessons=(0,))
    services.enrollment_create(user=learner, course=built.course)
    lesson = built.lessons[0]
    page = client.get(lesson.url).content.decode()
    assert "ส่งคำตอบ" in page
    wrong = {f"q-{block.id}": "0" for block in lesson.quiz_questions}
    response = client.post(reverse("courses:quiz_submit", args=[lesson.pk]), {**wrong, "submission_key": "a"})
    result = client.get(response["Location"]).content.decode()
    assert "0%" in result
    assert "คำอธิบายข้อ 1" in result
    assert "คำตอบที่ถูก" in result
    response = client.post(reverse("courses:quiz_submit", args=[lesson.pk]), right_post(lesson, "b"))
    assert "100%" in client.get(response["Location"]).content.decode()
    assert QuizAttempt.objects.filter(user=learner).count() == 2
    assert LessonProgress.objects.get(user=learner, lesson=lesson).completed_at is not None


def test_double_submitted_quiz_form_stores_one_attempt(client, learner):
    built = learning_course(modules=1, lessons_per_module=1, quiz_lessons=(0,))
    services.enrollment_create(user=learner, course=built.course)
    lesson = built.lessons[0]
    url = reverse("courses:quiz_submit", args=[lesson.pk])
    first = client.post(url, right_post(lesson, "same"))
    second = client.post(url, right_post(lesson, "same"))
    assert first["Location"] == second["Location"]
    assert QuizAttempt.objects.count() == 1


def test_out_of_range_choice_posts_give_thai_error_and_store_nothing(client, learner):
    built = learning_course(modules=1, lessons_per_module=1, quiz_lessons=(0,))
    services.enrollment_create(user=learner, course=built.course)
    lesson = built.lessons[0]
    data = {f"q-{block.id}": "7" for block in lesson.quiz_questions}
    response = client.post(reverse("courses:quiz_submit", args=[lesson.pk]), data, follow=True)
    assert "คำตอบ" in response.content.decode()
    assert not QuizAttempt.objects.exists()


@pytest.mark.parametrize("value", ["²", "³", "①", "7²"])
def test_digits_that_are_not_numbers_give_thai_error_and_store_nothing(client, learner, value):
    """Hypothesis found these: ``"²".isdigit()`` is true, but ``int("²")`` fails."""
    built = learning_course(modules=1, lessons_per_module=1, quiz_lessons=(0,))
    services.enrollment_create(user=learner, course=built.course)
    lesson = built.lessons[0]
    data = {f"q-{block.id}": value for block in lesson.quiz_questions}
    response = client.post(reverse("courses:quiz_submit", args=[lesson.pk]), data, follow=True)
    assert response.status_code == 200
    assert "คำตอบ" in response.content.decode()
    assert not QuizAttempt.objects.exists()


def test_someone_elses_attempt_is_not_found(client, learner):
    built = learning_course(modules=1, lessons_per_module=1, quiz_lessons=(0,))
    other = UserFactory()
    services.enrollment_create(user=other, course=built.course)
    lesson = built.lessons[0]
    attempt = services.quiz_attempt_submit(
        user=other, lesson=lesson, answers={str(b.id): [1] for b in lesson.quiz_questions}
    )
    assert client.get(reverse("courses:attempt_result", args=[attempt.pk])).status_code == 404


def test_dashboard_shows_progress_and_continue_link(client, learner):
    built = learning_course(modules=1, lessons_per_module=4)
    services.enrollment_create(user=learner, course=built.course)
    services.lesson_complete(user=learner, lesson=built.lessons[0])
    html = client.get(reverse("courses:dashboard")).content.decode()
    assert 'aria-valuenow="25"' in html
    assert f'href="{built.lessons[1].url}"' in html


def test_dashboard_requires_login(client):
    response = client.get(reverse("courses:dashboard"))
    assert response.status_code == 302


payload = st.dictionaries(
    st.sampled_from(["q-x", "submission_key", "answers", "q-", "csrfmiddlewaretoken"]) | st.text(max_size=12),
    st.one_of(st.text(max_size=40), st.lists(st.text(max_size=8), max_size=4)),
    max_size=6,
)


@pytest.fixture
def fuzz_course(learner):
    built = learning_course(modules=1, lessons_per_module=2, quiz_lessons=(1,))
    services.enrollment_create(user=learner, course=built.course)
    return built


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=payload, quiz_field_values=st.lists(st.text(max_size=6), max_size=4))
def test_random_payloads_to_mark_done_and_quiz_never_error(client, fuzz_course, data, quiz_field_values):
    built = fuzz_course
    quiz = built.lessons[1]
    quiz_data = {**data, f"q-{quiz.quiz_questions[0].id}": quiz_field_values}
    for url, body in [
        (reverse("courses:lesson_done", args=[built.lessons[0].pk]), data),
        (reverse("courses:lesson_done", args=[quiz.pk]), data),
        (reverse("courses:quiz_submit", args=[quiz.pk]), quiz_data),
    ]:
        assert client.post(url, body).status_code < 500
