"""Logged-in lesson pages: the body and the course navigation are shared from the cache
(courses/selectors/fragments.py), the learner's own state is drawn around them."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from cms_content.page_cache import STATUS_HEADER
from courses import services
from courses.models import LessonPage
from tests.factories import UserFactory, build_course, every_block_body, stream_form_data, text_value

pytestmark = pytest.mark.django_db

FINISHED = "คุณเรียนจบบทนี้แล้ว"  # "You have finished this lesson."
FINISH_BUTTON = "เรียนจบบทนี้แล้ว</button>"  # the "I have finished this lesson" button
SEND_ANSWERS = "ส่งคำตอบ"


def _learner(course, *, done=()):
    user = UserFactory()
    services.enrollment_create(user=user, course=course)
    for lesson in done:
        services.lesson_complete(user=user, lesson=lesson)
    client = Client()
    client.force_login(user)
    return client


def _reading_body():
    """Every block but the quiz: a reading lesson, which a learner marks done."""
    return [block for block in every_block_body() if block["type"] != "quiz_question"]


def _warm_queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert STATUS_HEADER not in response  # never the anonymous page
    return len(queries)


def test_each_learner_sees_their_own_marks_around_the_shared_body(client):
    built = build_course(modules=1, lessons_per_module=3)
    lesson = built.lessons[0]
    finished = _learner(built.course, done=[lesson])
    starting = _learner(built.course)

    mine = finished.get(lesson.url).content.decode()
    theirs = starting.get(lesson.url).content.decode()
    assert "เนื้อหา 1.1" in mine and "เนื้อหา 1.1" in theirs  # the shared body
    assert FINISHED in mine and FINISH_BUTTON not in mine
    assert FINISH_BUTTON in theirs and FINISHED not in theirs
    assert "เรียนจบแล้ว 1 จาก 3 บท" in mine
    assert "เรียนจบแล้ว 0 จาก 3 บท" in theirs
    # ... and the anonymous visitor, from the whole-page cache, sees neither.
    client.get(lesson.url)
    visitor = client.get(lesson.url)
    assert visitor[STATUS_HEADER] == "hit"
    assert FINISHED not in visitor.content.decode() and FINISH_BUTTON not in visitor.content.decode()


def test_marking_a_lesson_done_shows_at_once_on_the_cached_page():
    built = build_course(modules=1, lessons_per_module=3)
    lesson = built.lessons[0]
    learner = _learner(built.course)
    assert FINISH_BUTTON in learner.get(lesson.url).content.decode()
    learner.post(reverse("courses:lesson_done", args=[lesson.pk]))
    html = learner.get(lesson.url).content.decode()
    assert FINISHED in html
    assert "is-done" in html


def test_quiz_questions_are_a_form_for_learners_and_read_only_for_visitors():
    built = build_course(modules=1, lessons_per_module=2, with_quiz=True)
    lesson = built.lessons[0]
    enrolled = _learner(built.course)
    visitor = Client()
    visitor.force_login(UserFactory())  # logged in, not enrolled
    for _ in range(2):  # the second time from the cached fragments
        learner_html = enrolled.get(lesson.url).content.decode()
        visitor_html = visitor.get(lesson.url).content.decode()
        assert SEND_ANSWERS in learner_html
        assert learner_html.count("คำถามบทเรียน 1.1") == 1  # in the form, not twice
        assert SEND_ANSWERS not in visitor_html
        assert "คำถามบทเรียน 1.1" in visitor_html


def test_a_published_change_to_the_body_reaches_logged_in_learners_on_the_next_request():
    built = build_course(modules=1, lessons_per_module=2)
    lesson = built.lessons[0]
    learner = _learner(built.course)
    assert "เนื้อหา 1.1" in learner.get(lesson.url).content.decode()
    lesson.body = [text_value("<p>เนื้อหาฉบับปรับปรุง</p>")]
    lesson.save_revision().publish()
    html = learner.get(lesson.url).content.decode()
    assert "เนื้อหาฉบับปรับปรุง" in html
    assert "เนื้อหา 1.1" not in html


def test_a_renamed_lesson_shows_in_every_learners_outline_on_the_next_request():
    built = build_course(modules=2, lessons_per_module=2)
    learner = _learner(built.course)
    learner.get(built.lessons[0].url)
    other = built.lessons[3]
    other.title = "ชื่อบทเรียนใหม่ในสารบัญ"
    other.save_revision().publish()
    assert "ชื่อบทเรียนใหม่ในสารบัญ" in learner.get(built.lessons[0].url).content.decode()


@pytest.mark.parametrize("lessons_per_module, learners", [(1, 1), (10, 20)])
def test_a_warm_logged_in_lesson_page_is_few_queries_whatever_the_course_or_learners(
    lessons_per_module, learners
):
    built = build_course(modules=5, lessons_per_module=lessons_per_module, lesson_body=_reading_body)
    for _ in range(learners - 1):
        _learner(built.course, done=built.lessons[:1])
    learner = _learner(built.course, done=built.lessons[:1])
    count = _warm_queries(learner, built.lessons[1].url)
    print(
        f"warm logged-in lesson page: {count} queries ({5 * lessons_per_module} lessons, {learners} learners)"
    )
    # session, user, site, route (4 levels + specific), enrollment, done marks, the visit
    # (upsert + last lesson): no outline, body or image query.
    assert count <= 14


def test_the_shared_parts_save_queries_on_a_warm_page(settings):
    built = build_course(modules=5, lessons_per_module=10, lesson_body=_reading_body)
    learner = _learner(built.course, done=built.lessons[:1])
    cached = _warm_queries(learner, built.lessons[1].url)
    settings.PAGE_CACHE_ENABLED = False
    uncached = _warm_queries(learner, built.lessons[1].url)
    assert cached <= uncached - 3  # the course, its modules, its lessons at least


@pytest.fixture
def trainer_client():
    trainer = UserFactory()
    trainer.groups.add(Group.objects.get(name="Trainers"))
    client = Client()
    client.force_login(trainer)
    return client


def test_a_preview_renders_the_draft_body_not_the_cached_one(trainer_client):
    built = build_course(modules=1, lessons_per_module=2)
    lesson = built.lessons[0]
    learner = _learner(built.course)
    assert "เนื้อหา 1.1" in learner.get(lesson.url).content.decode()  # fragments cached
    edit = trainer_client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
    data = querydict_from_html(edit.content.decode(), form_id="page-edit-form")
    stream_block = LessonPage.body.field.stream_block
    draft_body = stream_block.to_python([text_value("<p>ร่างเนื้อหาใหม่</p>")])
    data.update(stream_form_data(stream_block, draft_body))
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[lesson.pk])
    assert trainer_client.post(preview_url, data).json()["is_valid"]
    preview = trainer_client.get(preview_url).content.decode()
    assert "ร่างเนื้อหาใหม่" in preview
    assert "เนื้อหา 1.1" not in preview
    live = learner.get(lesson.url).content.decode()
    assert "เนื้อหา 1.1" in live and "ร่างเนื้อหาใหม่" not in live
