"""The server side of offline learning (docs/offline.md): the web app manifest, the
service worker route, the course download manifest, and the endpoint that applies
actions queued on a device exactly once."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import LessonProgress, QuizAttempt
from lms.accounts.middleware import device_user_key
from tests.factories import UserFactory
from tests.factories.courses import build_course, make_image
from tests.factories.learning import learning_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(client):
    user = UserFactory()
    client.force_login(user)
    return user


def send(client, action):
    """POST one queued action as the service worker does, with a fresh token."""
    token = client.get(reverse("courses:offline_token")).json()["token"]
    return client.post(
        reverse("courses:offline_action"),
        json.dumps(action),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )


def quiz_fields(lesson, key):
    return {**{f"q-{block.id}": ["1"] for block in lesson.quiz_questions}, "submission_key": [key]}


def test_web_app_manifest_is_thai_and_starts_at_my_courses(client):
    response = client.get("/manifest.webmanifest")
    data = json.loads(response.content)
    assert response["Content-Type"] == "application/manifest+json"
    assert data["name"] == "บทเรียนศูนย์ดิจิทัลชุมชน"
    assert data["start_url"] == reverse("courses:dashboard") == "/my-courses/"
    assert data["display"] == "standalone" and data["theme_color"] == "#08457f"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
    assert any(icon.get("purpose") == "maskable" for icon in data["icons"])
    for icon in data["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_service_worker_is_served_from_the_root_with_root_scope(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert "ไม่มีสัญญาณ" in body and "/learn/offline/actions/" in body


def test_every_page_names_its_learner_and_logout_clears_the_browser_cache(client):
    assert client.get("/offline/")["X-LMS-User"] == "-"
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("courses:dashboard"))
    assert response["X-LMS-User"] == device_user_key(user) != str(user.pk)
    assert "Clear-Site-Data" not in response
    response = client.post(reverse("account_logout"))
    assert response["Clear-Site-Data"] == '"cache"'
    assert response["X-LMS-User"] == "-"


def test_idle_timeout_clears_the_browser_cache_too(client, settings):
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 60
    client.force_login(UserFactory())
    session = client.session
    session["lms_last_activity"] = int(timezone.now().timestamp()) - 3600
    session.save()
    response = client.get(reverse("courses:dashboard"))
    assert response["Clear-Site-Data"] == '"cache"'
    assert response["X-LMS-User"] == "-"


def test_course_manifest_lists_pages_versions_images_and_sizes(client):
    image = make_image(width=1600, height=900)
    built = build_course(
        modules=2,
        lessons_per_module=2,
        lesson_body=lambda: [
            {"type": "image", "value": {"image": image.pk, "alt_text": "ภาพ", "caption": ""}}
        ],
    )
    data = client.get(reverse("courses:offline_manifest", args=[built.course.pk])).json()
    urls = [page["url"] for page in data["pages"]]
    assert urls[0] == built.course.url
    assert set(urls) >= {lesson.url for lesson in built.lessons} | {m.url for m in built.modules}
    lesson_entry = next(p for p in data["pages"] if p["url"] == built.lessons[0].url)
    assert lesson_entry["version"] == str(int(built.lessons[0].last_published_at.timestamp()))
    # One picture used by four lessons: one group of three sizes, each a real file.
    assert len(data["images"]) == 1
    assert [size["width"] for size in data["images"][0]] == [400, 800, 1200]
    for size in data["images"][0]:
        assert size["bytes"] > 0 and client.get(size["url"]).status_code in (200, 404)
    assert any(asset["url"].endswith("site.css") and asset["bytes"] > 0 for asset in data["assets"])


def test_course_manifest_queries_do_not_grow_with_lessons(client):
    small = build_course(modules=1, lessons_per_module=1)
    large = build_course(modules=3, lessons_per_module=4)
    client.get(reverse("courses:offline_manifest", args=[small.course.pk]))  # warm the site root cache
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("courses:offline_manifest", args=[small.course.pk]))
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("courses:offline_manifest", args=[large.course.pk]))
    assert len(response.json()["pages"]) == 1 + 3 + 12
    assert len(many) == len(few)


def test_course_manifest_of_an_unpublished_course_is_not_found(client):
    built = build_course(modules=1, lessons_per_module=1)
    built.course.unpublish()
    assert client.get(reverse("courses:offline_manifest", args=[built.course.pk])).status_code == 404


def test_actions_sent_twice_are_stored_once(client, learner):
    built = learning_course(modules=1, lessons_per_module=3, quiz_lessons=(2,))
    services.enrollment_create(user=learner, course=built.course)
    first, second, quiz = built.lessons
    user = device_user_key(learner)
    actions = [
        {"key": "k-done-1", "kind": "done", "lesson": first.pk, "user": user},
        {"key": "k-done-2", "kind": "done", "lesson": second.pk, "user": user},
        {
            "key": "k-quiz",
            "kind": "quiz",
            "lesson": quiz.pk,
            "user": user,
            "fields": quiz_fields(quiz, "k-quiz"),
        },
    ]
    for _round in range(2):
        answers = [send(client, action) for action in actions]
        assert [a.status_code for a in answers] == [200, 200, 200]
    assert LessonProgress.objects.filter(user=learner, completed_at__isnull=False).count() == 3
    attempt = QuizAttempt.objects.get(user=learner)
    assert attempt.submission_key == "k-quiz" and attempt.passed
    notices = answers[2].json()["notices"]
    assert notices[0]["text"] == f"ส่งคำตอบแบบทดสอบ “{quiz.title}” แล้ว ได้ 100% ผ่านแล้ว"
    assert notices[0]["url"] == reverse("courses:attempt_result", args=[attempt.pk])
    # The last lesson completed the course: the learner is pointed to the congratulations.
    assert notices[1]["url"] == reverse("courses:course_complete", args=[built.course.pk])


def test_an_action_for_an_unpublished_lesson_gets_a_thai_reason_and_stores_nothing(client, learner):
    built = learning_course(modules=1, lessons_per_module=2)
    services.enrollment_create(user=learner, course=built.course)
    lesson = built.lessons[0]
    lesson.unpublish()
    response = send(
        client, {"key": "k", "kind": "done", "lesson": lesson.pk, "user": device_user_key(learner)}
    )
    assert response.status_code == 422
    assert response.json()["notices"][0]["text"] == "บทเรียนนี้ไม่ได้อยู่ในหลักสูตรที่เปิดให้เรียน"
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_a_quiz_answered_on_an_older_version_is_refused_in_thai(client, learner):
    built = build_course(modules=1, lessons_per_module=1, with_quiz=True)
    services.enrollment_create(user=learner, course=built.course)
    lesson = built.lessons[0]
    old_version = str(int(lesson.last_published_at.timestamp()))
    lesson.last_published_at = lesson.last_published_at + timezone.timedelta(minutes=5)
    lesson.save(update_fields=["last_published_at"])
    response = send(
        client,
        {
            "key": "old",
            "kind": "quiz",
            "lesson": lesson.pk,
            "version": old_version,
            "user": device_user_key(learner),
            "fields": quiz_fields(lesson, "old"),
        },
    )
    assert response.status_code == 422
    assert "มีการปรับปรุงระหว่างที่คุณไม่มีสัญญาณ" in response.json()["notices"][0]["text"]
    assert not QuizAttempt.objects.exists()


def test_an_action_is_never_applied_for_another_learner(client, learner):
    built = learning_course(modules=1, lessons_per_module=1)
    other = UserFactory()
    services.enrollment_create(user=learner, course=built.course)
    response = send(
        client, {"key": "k", "kind": "done", "lesson": built.lessons[0].pk, "user": device_user_key(other)}
    )
    assert response.status_code == 409
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_the_action_endpoint_needs_a_fresh_csrf_token(learner):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(learner)
    built = learning_course(modules=1, lessons_per_module=1)
    body = json.dumps(
        {"key": "k", "kind": "done", "lesson": built.lessons[0].pk, "user": device_user_key(learner)}
    )
    url = reverse("courses:offline_action")
    assert strict.post(url, body, content_type="application/json").status_code == 403
    token = strict.get(reverse("courses:offline_token")).json()["token"]
    response = strict.post(url, body, content_type="application/json", headers={"X-CSRFToken": token})
    assert response.status_code == 422  # past the CSRF check: refused because not enrolled
