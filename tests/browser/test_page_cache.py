"""Cached pages in Chromium against a live server: a visitor sees a publish on the next
page load, and logs in from a cached lesson page to their own state."""

import pytest
from playwright.sync_api import expect

from courses import services
from tests.factories import UserFactory, build_course
from tests.factories.accounts import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_visitor_sees_a_publish_at_once_and_logs_in_from_a_cached_page(live_server, page):
    built = build_course(modules=1, lessons_per_module=2)
    lesson = built.lessons[0]
    learner = UserFactory()
    services.enrollment_create(user=learner, course=built.course)
    services.lesson_complete(user=learner, lesson=lesson)

    # Twice: the second answer comes from the cache.
    page.goto(live_server.url + lesson.url)
    response = page.goto(live_server.url + lesson.url)
    assert response.headers["x-page-cache"] == "hit"
    expect(page.locator("h1")).to_have_text(lesson.title)

    lesson.title = "บทเรียนที่เพิ่งเผยแพร่ฉบับใหม่"
    lesson.save_revision().publish()
    page.reload()
    expect(page.locator("h1")).to_have_text("บทเรียนที่เพิ่งเผยแพร่ฉบับใหม่")

    # The cached page's "Log in" link leads to a working form (its own CSRF token).
    page.reload()
    page.get_by_role("link", name="เข้าสู่ระบบ", exact=True).first.click()
    page.fill("#id_login", learner.email)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("main form.account-form button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    page.goto(live_server.url + lesson.url)
    expect(page.locator("h1")).to_have_text("บทเรียนที่เพิ่งเผยแพร่ฉบับใหม่")
    expect(page.get_by_text("คุณเรียนจบบทนี้แล้ว")).to_be_visible()
    expect(page.get_by_role("link", name="ออกจากระบบ")).to_be_visible()
