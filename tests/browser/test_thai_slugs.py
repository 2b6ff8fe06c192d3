"""The admin's live slug keeps Thai vowels and tone marks (static/js/thai-slugs.js), in
Chromium: Wagtail's own script made "ตงเสยงเรยกเขาและโหมดเงยบ" of the title below."""

import re
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from courses.models import LessonPage
from tests.factories import UserFactory
from tests.factories.learning import learning_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "ตั้งเสียงเรียกเข้าและโหมดเงียบ"


def test_new_lesson_slug_made_from_the_title_keeps_every_letter(live_server, page, login_browser):
    module = learning_course(modules=1, lessons_per_module=1).modules[0]
    login_browser(UserFactory(is_superuser=True, is_staff=True))
    page.goto(f"{live_server.url}/admin/pages/add/courses/lessonpage/{module.pk}/")
    title = page.locator("#id_title")
    title.press_sequentially(TITLE)
    title.blur()  # Wagtail fills the slug in when the title field is left
    expect(page.locator("#id_slug")).to_have_value(TITLE)

    page.locator("footer button.action-save").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    lesson = LessonPage.objects.get(title=TITLE)
    assert lesson.slug == TITLE
    assert unquote(lesson.url).endswith(f"/{TITLE}/")


def test_a_slug_typed_by_hand_keeps_its_marks_when_the_field_is_left(live_server, page, login_browser):
    module = learning_course(modules=1, lessons_per_module=1).modules[0]
    login_browser(UserFactory(is_superuser=True, is_staff=True))
    page.goto(f"{live_server.url}/admin/pages/add/courses/lessonpage/{module.pk}/")
    slug = page.locator("#id_slug")
    slug.evaluate("el => el.closest('[hidden]') && el.closest('[hidden]').removeAttribute('hidden')")
    slug.evaluate("(el, v) => { el.value = v; el.dispatchEvent(new Event('blur')); }", "โหมดเงียบ ตอนกลางคืน")
    expect(slug).to_have_value("โหมดเงียบ-ตอนกลางคืน")
