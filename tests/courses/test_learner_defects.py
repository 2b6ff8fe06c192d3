"""Defects a learner met in the browser walk (issue 14), each pinned by a test that fails
without its fix: the empty quiz, the last lesson's next link, the mark-done confirmation,
the favicon, the emoji, the search snippet and the login field."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from courses import services
from courses.exceptions import QuizEmptyError
from courses.models import LessonProgress, QuizAttempt
from tests.factories import UserFactory
from tests.factories.learning import learning_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(client):
    user = UserFactory()
    client.force_login(user)
    return user


def right_post(lesson, key):
    return {**{f"q-{block.id}": "1" for block in lesson.quiz_questions}, "submission_key": key}


def test_empty_quiz_is_refused_in_thai_and_reveals_no_answer(client, learner):
    built = learning_course(modules=1, lessons_per_module=1, quiz_lessons=(0,))
    services.enrollment_create(user=learner, course=built.course)
    lesson = built.lessons[0]
    response = client.post(
        reverse("courses:quiz_submit", args=[lesson.pk]), {"submission_key": "empty"}, follow=True
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == lesson.url
    assert "คุณยังไม่ได้เลือกคำตอบเลย" in html
    assert "choice-right" not in html and "(คำตอบที่ถูก)" not in html
    assert not QuizAttempt.objects.exists()
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_empty_answers_are_refused_by_the_service_too():
    built = learning_course(modules=1, lessons_per_module=1, quiz_lessons=(0,))
    user = UserFactory()
    services.enrollment_create(user=user, course=built.course)
    lesson = built.lessons[0]
    with translation.override("th"), pytest.raises(QuizEmptyError) as error:
        services.quiz_attempt_submit(
            user=user, lesson=lesson, answers={str(block.id): [] for block in lesson.quiz_questions}
        )
    assert "ยังไม่ได้เลือกคำตอบ" in str(error.value)
    assert not QuizAttempt.objects.exists()


def test_passing_the_quiz_of_the_last_lesson_leads_to_the_course_not_the_same_lesson(client, learner):
    built = learning_course(modules=2, lessons_per_module=1, quiz_lessons=(1,))
    services.enrollment_create(user=learner, course=built.course)
    last = built.lessons[-1]
    response = client.post(reverse("courses:quiz_submit", args=[last.pk]), right_post(last, "k"))
    html = client.get(response["Location"]).content.decode()
    assert "ไปบทถัดไป" not in html
    assert f'href="{built.course.url}">กลับไปที่หลักสูตร' in html


def test_passing_a_quiz_links_to_the_first_lesson_of_the_next_module(client, learner):
    built = learning_course(modules=2, lessons_per_module=1, quiz_lessons=(0,))
    services.enrollment_create(user=learner, course=built.course)
    first = built.lessons[0]
    response = client.post(reverse("courses:quiz_submit", args=[first.pk]), right_post(first, "k"))
    html = client.get(response["Location"]).content.decode()
    assert f'href="{built.lessons[1].url}">ไปบทถัดไป' in html


def test_mark_done_shows_a_confirmation_on_the_next_lesson(client, learner):
    built = learning_course(modules=1, lessons_per_module=2)
    services.enrollment_create(user=learner, course=built.course)
    first = built.lessons[0]
    response = client.post(reverse("courses:lesson_done", args=[first.pk]), follow=True)
    assert response.redirect_chain[-1][0] == built.lessons[1].url
    html = response.content.decode()
    assert f"เก่งมาก! เรียนจบบท “{first.title}” แล้ว นี่คือบทถัดไป" in html


def test_mark_done_on_the_last_lesson_with_others_unfinished_goes_to_the_course(client, learner):
    built = learning_course(modules=1, lessons_per_module=2)
    services.enrollment_create(user=learner, course=built.course)
    last = built.lessons[-1]
    response = client.post(reverse("courses:lesson_done", args=[last.pk]), follow=True)
    assert response.redirect_chain[-1][0] == built.course.url
    assert "เลือกเรียนบทที่ยังไม่จบได้เลย" in response.content.decode()


def test_every_page_names_a_favicon_that_is_served(client):
    built = learning_course(modules=1, lessons_per_module=1)
    html = client.get(built.lessons[0].url).content.decode()
    icons = re.findall(r'<link rel="icon" href="([^"]+)"', html)
    assert icons
    for href in icons:
        assert client.get(href).status_code == 200
    fallback = client.get("/favicon.ico")
    assert fallback.status_code == 301
    assert client.get(fallback["Location"]).status_code == 200


def test_finished_course_pages_draw_no_emoji(client, learner):
    """Debian's Chromium has no colour-emoji font: 🎉 drew as an empty box."""
    built = learning_course(modules=1, lessons_per_module=1)
    services.enrollment_create(user=learner, course=built.course)
    services.lesson_complete(user=learner, lesson=built.lessons[0])
    for url in (reverse("courses:dashboard"), reverse("courses:course_complete", args=[built.course.pk])):
        html = client.get(url).content.decode()
        assert "ยินดีด้วย" in html or "เรียนจบแล้ว" in html
        assert not re.search(r"[\U0001F000-\U0001FAFF\u2600-\u27BF]", html), url


def test_login_field_is_text_for_a_phone_number_or_login_id(client):
    html = client.get(reverse("account_login")).content.decode()
    field = re.search(r'<input[^>]*name="login"[^>]*>', html).group()
    assert 'type="text"' in field
    assert 'autocomplete="username"' in field
    assert "inputmode=" in field
    assert 'type="email"' not in field and 'autocomplete="email"' not in field
    assert "เบอร์มือถือ อีเมล หรือรหัสผู้ใช้" in html
