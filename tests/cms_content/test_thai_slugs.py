"""Thai page slugs keep their vowels and tone marks (cms_content/slugs.py), old addresses
of pages whose slug lost them redirect to the fixed ones (migration 0003)."""

import importlib
from urllib.parse import unquote

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.text import slugify as django_slugify
from wagtail.contrib.redirects.models import Redirect

from cms_content.slugs import slugify, validate_unicode_slug
from courses.models import LessonPage
from tests.factories import UserFactory
from tests.factories.learning import learning_course

pytestmark = pytest.mark.django_db

TITLE = "ตั้งเสียงเรียกเข้าและโหมดเงียบ"
STRIPPED = "ตงเสยงเรยกเขาและโหมดเงยบ"
migration = importlib.import_module("cms_content.migrations.0003_thai_slugs_keep_marks")


def test_slugify_keeps_every_thai_letter_and_mark():
    assert django_slugify(TITLE, allow_unicode=True) == STRIPPED  # what went wrong
    assert slugify(TITLE, allow_unicode=True) == TITLE
    assert slugify("  ตั้งค่า  LINE: ครั้งแรก! ", allow_unicode=True) == "ตั้งค่า-line-ครั้งแรก"
    assert slugify(TITLE) == ""  # ASCII-only slugs, as Django does, when unicode is off


def test_validator_accepts_marks_and_still_refuses_punctuation():
    validate_unicode_slug(TITLE)
    validate_unicode_slug("บทที่-1_ก")
    for bad in ["ตั้ง ค่า", "ตั้ง/ค่า", "", "a?b"]:
        with pytest.raises(ValidationError):
            validate_unicode_slug(bad)


def test_a_lesson_without_a_slug_gets_its_title_whole_and_is_served_there(client):
    module = learning_course(modules=1, lessons_per_module=1).modules[0]
    lesson = LessonPage(title=TITLE, body=[])
    module.add_child(instance=lesson)
    lesson.refresh_from_db()
    assert lesson.slug == TITLE
    assert unquote(lesson.url).endswith(f"/{TITLE}/")
    response = client.get(lesson.url)
    assert response.status_code == 200
    assert TITLE in response.content.decode()


def test_the_admin_editor_saves_a_slug_with_marks(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    module = learning_course(modules=1, lessons_per_module=1).modules[0]
    response = client.post(
        f"/admin/pages/add/courses/lessonpage/{module.pk}/",
        {"title": TITLE, "slug": TITLE, "body-count": "0", "estimated_minutes": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert LessonPage.objects.get(title=TITLE).slug == TITLE


def test_migration_fixes_stripped_slugs_and_redirects_the_old_address(client):
    built = learning_course(modules=1, lessons_per_module=1)
    module = built.modules[0]
    lesson = LessonPage(title=TITLE, slug=STRIPPED, body=[])
    module.add_child(instance=lesson)
    lesson.save_revision()
    chosen = LessonPage(title="ปลดล็อกหน้าจอ", slug="unlock-screen", body=[])
    module.add_child(instance=chosen)
    old_url = lesson.url

    migration.fix_thai_slugs(apps, None)
    migration.fix_thai_slugs(apps, None)  # a second run changes nothing

    lesson.refresh_from_db()
    chosen.refresh_from_db()
    assert lesson.slug == TITLE
    assert chosen.slug == "unlock-screen"  # a slug a person chose is left alone
    assert lesson.get_latest_revision().content["slug"] == TITLE
    assert Redirect.objects.count() == 1
    response = client.get(old_url)
    assert response.status_code == 301
    assert unquote(response["Location"]) == unquote(lesson.url)
    assert client.get(response["Location"]).status_code == 200


def test_migration_redirects_the_pages_below_a_fixed_module(client):
    built = learning_course(modules=1, lessons_per_module=1)
    module = built.modules[0]
    module.title, module.slug = "ตั้งค่ามือถือ", django_slugify("ตั้งค่ามือถือ", allow_unicode=True)
    module.save()
    lesson = LessonPage.objects.get(pk=built.lessons[0].pk)
    old_lesson_url = lesson.url

    migration.fix_thai_slugs(apps, None)

    lesson.refresh_from_db()
    assert "/ตั้งค่ามือถือ/" in unquote(lesson.url)
    response = client.get(old_lesson_url)
    assert response.status_code == 301
    assert unquote(response["Location"]) == unquote(lesson.url)
    assert client.get(response["Location"]).status_code == 200
