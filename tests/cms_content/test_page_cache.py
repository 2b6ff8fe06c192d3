"""Whole anonymous pages from the shared cache (cms_content/page_cache.py): served without
a query, purged by publishing, unpublishing, moving and deleting through Wagtail, never
shared with logged-in people, never holding a token, a message or a preview."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction, Site
from wagtail.test.utils.form_data import querydict_from_html

from cms_content.models import HomePage, SiteSettings
from cms_content.page_cache import STATUS_HEADER
from courses.constants import Category
from courses.models import LessonPage
from tests.factories import UserFactory, build_course, catalogue, stream_form_data
from tests.factories.accounts import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOG_IN = "เข้าสู่ระบบ"
LOG_OUT = "ออกจากระบบ"


def _twice(client, url):
    """The first request renders and stores the page, the second is the one we test."""
    first = client.get(url)
    assert first.status_code == 200
    assert first[STATUS_HEADER] == "miss"
    return client.get(url)


def _publish(page, **fields):
    """Change ``page`` and publish it as the admin does: a revision, then publish()."""
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


@pytest.fixture
def course():
    return build_course(modules=2, lessons_per_module=2, category=Category.DEVICE_USE)


@pytest.mark.parametrize("which", ["home", "catalogue", "course", "module", "lesson"])
def test_an_anonymous_page_is_served_again_from_the_cache_without_a_query(
    client, course, which, django_assert_num_queries
):
    url = {
        "home": HomePage.objects.get().url,
        "catalogue": catalogue().url,
        "course": course.course.url,
        "module": course.modules[0].url,
        "lesson": course.lessons[0].url,
    }[which]
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200
    assert second[STATUS_HEADER] == "hit"
    assert second.content == first.content


def test_cached_pages_tell_browsers_and_proxies_they_depend_on_the_visitor(client, course):
    response = _twice(client, course.lessons[0].url)
    assert response[STATUS_HEADER] == "hit"
    assert "Cookie" in response["Vary"]
    assert set(response["Cache-Control"].replace(" ", "").split(",")) >= {"private", "no-cache"}
    assert not response.cookies


def test_a_head_request_is_answered_from_the_cache(client, course):
    client.get(course.lessons[0].url)
    response = client.head(course.lessons[0].url)
    assert response.status_code == 200
    assert response[STATUS_HEADER] == "hit"


# --- purges ------------------------------------------------------------------------


def test_a_published_change_to_a_lesson_shows_on_the_next_request(client, course):
    lesson = course.lessons[0]
    _twice(client, lesson.url)
    _publish(lesson, title="บทเรียนที่แก้แล้ว")
    response = client.get(lesson.url)
    assert response[STATUS_HEADER] == "miss"
    assert "บทเรียนที่แก้แล้ว" in response.content.decode()
    # ... and on every page that shows the lesson's title.
    assert "บทเรียนที่แก้แล้ว" in client.get(course.course.url).content.decode()
    assert "บทเรียนที่แก้แล้ว" in client.get(course.lessons[1].url).content.decode()


def test_a_course_title_published_shows_in_the_catalogue_on_the_next_request(client, course):
    assert "หลักสูตรใหม่ชื่อนี้" not in _twice(client, catalogue().url).content.decode()
    _publish(course.course, title="หลักสูตรใหม่ชื่อนี้")
    assert "หลักสูตรใหม่ชื่อนี้" in client.get(catalogue().url).content.decode()


def test_a_new_course_published_appears_in_the_catalogue_on_the_next_request(client, course):
    _twice(client, catalogue().url)
    built = build_course(modules=1, lessons_per_module=1, title="หลักสูตรที่เพิ่งเผยแพร่")
    assert built.course.title in client.get(catalogue().url).content.decode()


def test_a_draft_saved_without_publishing_changes_nothing_for_visitors(client, course):
    lesson = course.lessons[0]
    _twice(client, lesson.url)
    lesson.title = "ฉบับร่างที่ยังไม่เผยแพร่"
    lesson.save_revision()
    response = client.get(lesson.url)
    assert response[STATUS_HEADER] == "hit"
    assert "ฉบับร่างที่ยังไม่เผยแพร่" not in response.content.decode()


def test_an_unpublished_lesson_is_gone_on_the_next_request(client, course):
    lesson = course.lessons[0]
    _twice(client, lesson.url)
    _twice(client, course.course.url)
    lesson.unpublish()
    assert client.get(lesson.url).status_code == 404
    assert lesson.title not in client.get(course.course.url).content.decode()


def test_a_moved_lesson_is_at_its_new_address_on_the_next_request(client, course):
    lesson = course.lessons[0]
    old_url = lesson.url
    _twice(client, old_url)
    _twice(client, course.modules[1].url)
    lesson.move(course.modules[1], pos="last-child")
    lesson.refresh_from_db()
    # Wagtail leaves a redirect from the old address, not the cached old page.
    old = client.get(old_url)
    assert old.status_code == 301
    assert old["Location"] == lesson.url
    assert client.get(lesson.url).status_code == 200
    assert lesson.title in client.get(course.modules[1].url).content.decode()


def test_a_deleted_lesson_is_gone_on_the_next_request(client, course):
    lesson = course.lessons[0]
    url = lesson.url
    _twice(client, url)
    _twice(client, course.course.url)
    LessonPage.objects.get(pk=lesson.pk).delete()
    assert client.get(url).status_code == 404
    assert lesson.title not in client.get(course.course.url).content.decode()


def test_site_settings_shown_in_the_footer_purge_every_page(client, course):
    _twice(client, course.lessons[0].url)
    settings_row = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.contact_phone = "02-123-4567"
    settings_row.save()
    assert "02-123-4567" in client.get(course.lessons[0].url).content.decode()


def test_site_settings_saved_in_the_admin_show_on_the_next_request(client, course):
    _twice(client, course.lessons[0].url)
    admin = Client()
    admin.force_login(UserFactory(is_superuser=True, is_staff=True))
    site = Site.objects.get(is_default_site=True)
    edit_url = reverse("wagtailsettings:edit", args=["cms_content", "sitesettings", site.pk])
    data = querydict_from_html(admin.get(edit_url).content.decode(), form_id="w-editor-form")
    data["contact_phone"] = "053-111-222"
    assert admin.post(edit_url, data).status_code == 302
    assert "053-111-222" in client.get(course.lessons[0].url).content.decode()
    assert SiteSettings.for_site(site).contact_phone == "053-111-222"


def test_a_publish_in_the_admin_shows_on_the_next_request(client, course):
    lesson = course.lessons[0]
    _twice(client, lesson.url)
    editor = Client()
    editor.force_login(UserFactory(is_superuser=True, is_staff=True))
    edit_url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    data = querydict_from_html(editor.get(edit_url).content.decode(), form_id="page-edit-form")
    data.update(stream_form_data(LessonPage.body.field.stream_block, lesson.body))
    data["title"] = "เผยแพร่จากหน้าผู้ดูแล"
    data["action-publish"] = "action-publish"
    assert editor.post(edit_url, data).status_code == 302
    assert "เผยแพร่จากหน้าผู้ดูแล" in client.get(lesson.url).content.decode()


# --- who gets a cached page ----------------------------------------------------------


def test_a_logged_in_learner_never_gets_the_anonymous_page(client, course):
    assert LOG_IN in _twice(client, course.lessons[0].url).content.decode()
    client.force_login(UserFactory())
    response = client.get(course.lessons[0].url)
    assert STATUS_HEADER not in response
    html = response.content.decode()
    assert LOG_OUT in html
    assert LOG_IN not in html


def test_staff_never_get_the_anonymous_page_nor_leave_theirs_in_the_cache(client, course):
    staff = Client()
    staff.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert LOG_OUT in staff.get(course.lessons[0].url).content.decode()
    anonymous = client.get(course.lessons[0].url)
    assert anonymous[STATUS_HEADER] == "miss"
    assert LOG_OUT not in anonymous.content.decode()
    assert "wagtail-userbar" not in client.get(course.lessons[0].url).content.decode()


def test_a_waiting_message_is_shown_to_its_visitor_and_never_cached(client, course):
    _twice(client, course.lessons[0].url)
    # A message waiting in the cookie (e.g. after logging out) skips the cache.
    client.cookies["messages"] = "anything"
    response = client.get(course.lessons[0].url)
    assert STATUS_HEADER not in response


def test_a_page_answers_every_category_filter_from_its_own_entry(client):
    build_course(modules=1, lessons_per_module=1, title="หลักสูตรพื้นฐาน", category=Category.DEVICE_USE)
    build_course(modules=1, lessons_per_module=1, title="หลักสูตรการเงิน", category=Category.ONLINE_SELLING)
    url = catalogue().url
    money = _twice(client, f"{url}?category={Category.ONLINE_SELLING}")
    basics = _twice(client, f"{url}?category={Category.DEVICE_USE}")
    assert money[STATUS_HEADER] == basics[STATUS_HEADER] == "hit"
    assert "หลักสูตรการเงิน" in money.content.decode()
    assert "หลักสูตรการเงิน" not in basics.content.decode()
    assert "หลักสูตรพื้นฐาน" in basics.content.decode()


def test_unknown_query_parameters_are_rendered_and_never_fill_the_cache(client, course):
    for query in ("?q=อีเมล", "?utm_source=line", f"?category={Category.ONLINE_SELLING}&x=1"):
        client.get(course.lessons[0].url + query)
        response = client.get(course.lessons[0].url + query)
        assert response.status_code == 200
        assert STATUS_HEADER not in response


def test_a_password_protected_page_is_never_cached(client, course):
    PageViewRestriction.objects.create(
        page=course.course, restriction_type=PageViewRestriction.PASSWORD, password="ลับ1234"
    )
    client.get(course.lessons[0].url)
    response = client.get(course.lessons[0].url)
    assert STATUS_HEADER not in response
    assert course.lessons[0].title not in response.content.decode()


def test_the_setting_switches_the_page_cache_off(client, course, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_ENABLED = False
    client.get(course.lessons[0].url)
    response = client.get(course.lessons[0].url)
    assert STATUS_HEADER not in response
    assert client.get(course.lessons[0].url).status_code == 200


# --- tokens and forms ----------------------------------------------------------------


def test_a_cached_page_carries_no_csrf_token_and_the_login_form_still_works(course):
    visitor = Client(enforce_csrf_checks=True)
    _twice(visitor, course.lessons[0].url)
    cached = Client(enforce_csrf_checks=True).get(course.lessons[0].url)
    assert cached[STATUS_HEADER] == "hit"
    assert "csrfmiddlewaretoken" not in cached.content.decode()
    assert not cached.cookies

    # A second visitor follows the cached page's "Log in" link and logs in.
    learner = UserFactory()
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(course.lessons[0].url)
    login_url = re.search(r'href="(/accounts/login/[^"]*)"', page.content.decode()).group(1)
    form = browser.get(login_url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = browser.post(
        login_url, {"csrfmiddlewaretoken": token, "login": learner.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    after = browser.get(course.lessons[0].url)
    assert STATUS_HEADER not in after
    assert LOG_OUT in after.content.decode()


# --- previews ------------------------------------------------------------------------


@pytest.fixture
def trainer_client():
    trainer = UserFactory()
    trainer.groups.add(Group.objects.get(name="Trainers"))
    client = Client()
    client.force_login(trainer)
    return client


def test_a_preview_shows_the_draft_and_is_never_cached(client, trainer_client, course):
    lesson = course.lessons[0]
    _twice(client, lesson.url)
    edit = trainer_client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
    data = querydict_from_html(edit.content.decode(), form_id="page-edit-form")
    data.update(stream_form_data(LessonPage.body.field.stream_block, lesson.body))
    data["title"] = "ร่างที่ดูตัวอย่างอยู่"
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[lesson.pk])
    assert trainer_client.post(preview_url, data).json()["is_valid"]
    preview = trainer_client.get(preview_url)
    assert "ร่างที่ดูตัวอย่างอยู่" in preview.content.decode()
    assert STATUS_HEADER not in preview
    # The visitor still gets the live page, from the cache.
    live = client.get(lesson.url)
    assert live[STATUS_HEADER] == "hit"
    assert "ร่างที่ดูตัวอย่างอยู่" not in live.content.decode()


def test_a_revision_view_in_the_admin_is_never_cached(client, course):
    lesson = course.lessons[0]
    _twice(client, lesson.url)
    lesson.title = "ฉบับแก้ไขเก่า"
    revision = lesson.save_revision()
    admin = Client()
    admin.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = admin.get(reverse("wagtailadmin_pages:revisions_view", args=[lesson.pk, revision.pk]))
    assert "ฉบับแก้ไขเก่า" in response.content.decode()
    assert "ฉบับแก้ไขเก่า" not in client.get(lesson.url).content.decode()


# --- the WSGI entry (lms.wsgi) ----------------------------------------------------------


class _Served:
    """What a WSGI server receives from ``lms.wsgi.application`` for one request, and
    whether Django's own request handling ran for it (its ``request_started`` signal)."""

    def __init__(self, environ):
        from django.core.signals import request_finished, request_started
        from django.db import close_old_connections

        from lms.wsgi import application

        self.handled_by_django = False

        def started(**kwargs):
            self.handled_by_django = True

        # As Django's test client does: the test's database connection stays open.
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)
        request_started.connect(started, dispatch_uid="test_page_cache_wsgi")
        try:
            chunks = application(environ, self._start_response)
            self.content = b"".join(chunks)
            getattr(chunks, "close", lambda: None)()
        finally:
            request_started.disconnect(dispatch_uid="test_page_cache_wsgi")
            for signal in (request_started, request_finished):
                signal.connect(close_old_connections)

    def _start_response(self, status, headers, exc_info=None):
        self.status = status
        self.headers = dict(headers)


def _wsgi_get(url, **extra):
    from django.test import RequestFactory

    return _Served(RequestFactory().get(url, **extra).environ)


def test_a_stored_page_is_answered_before_django_handles_the_request(
    client, course, django_assert_num_queries
):
    lesson = course.lessons[0]
    stored = _twice(client, lesson.url)
    with django_assert_num_queries(0):
        served = _wsgi_get(lesson.url)
    assert served.status == "200 OK"
    assert not served.handled_by_django
    assert served.headers[STATUS_HEADER] == "hit"
    assert served.content == stored.content
    assert served.headers["Content-Type"] == stored["Content-Type"]
    assert "Cookie" in served.headers["Vary"]


def test_a_page_not_stored_yet_goes_to_django_and_is_stored_for_the_next_request(course):
    lesson = course.lessons[1]
    first = _wsgi_get(lesson.url)
    assert first.handled_by_django
    assert first.headers[STATUS_HEADER] == "miss"
    second = _wsgi_get(lesson.url)
    assert not second.handled_by_django
    assert second.content == first.content


def test_a_publish_shows_on_the_next_request_through_the_wsgi_entry(course):
    lesson = course.lessons[0]
    _wsgi_get(lesson.url)
    assert _wsgi_get(lesson.url).headers[STATUS_HEADER] == "hit"
    _publish(lesson, title="แก้ชื่อบทเรียนแล้วผ่านเซิร์ฟเวอร์")
    served = _wsgi_get(lesson.url)
    assert served.handled_by_django
    assert "แก้ชื่อบทเรียนแล้วผ่านเซิร์ฟเวอร์" in served.content.decode()


def test_a_logged_in_learner_and_a_form_post_always_reach_django(client, course):
    lesson = course.lessons[0]
    _twice(client, lesson.url)
    learner = UserFactory()
    client.force_login(learner)
    cookie = f"{client.cookies['sessionid'].key}={client.cookies['sessionid'].value}"
    served = _wsgi_get(lesson.url, HTTP_COOKIE=cookie)
    assert served.handled_by_django
    assert STATUS_HEADER not in served.headers
    assert LOG_OUT in served.content.decode()

    from django.test import RequestFactory

    posted = _Served(RequestFactory().post(lesson.url, {}).environ)
    assert posted.handled_by_django


def test_a_host_outside_allowed_hosts_gets_djangos_answer_not_a_stored_page(client, course, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    lesson = course.lessons[0]
    _twice(client, lesson.url)
    served = _wsgi_get(lesson.url, HTTP_HOST="evil.example")
    assert served.handled_by_django
    assert served.status.startswith("400")


def test_a_page_answered_before_django_keeps_the_security_headers(client, course):
    """Pages are frozen outside SecurityMiddleware, so a hit answered before Django runs
    carries the same security headers as the page as rendered."""
    rendered = client.get(course.lessons[0].url)
    served = _wsgi_get(course.lessons[0].url)
    assert not served.handled_by_django
    assert served.headers["X-Content-Type-Options"] == rendered["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Referrer-Policy"] == rendered["Referrer-Policy"]
    assert served.headers["Cross-Origin-Opener-Policy"] == rendered["Cross-Origin-Opener-Policy"]


# --- each process's memory of recent pages ------------------------------------------


def _delete_shared_pages():
    """Delete every stored whole page from the shared cache, behind the processes' backs
    (the test cache is Django's in-memory one; its keys carry a ``:1:`` prefix)."""
    from django.core.cache import cache

    keys = [made.split(":", 2)[2] for made in list(cache._cache) if ":pagecache:page:" in made]
    assert keys
    cache.delete_many(keys)


def test_a_hit_is_answered_from_the_process_memory_without_the_shared_entry(course):
    lesson = course.lessons[0]
    _wsgi_get(lesson.url)
    assert _wsgi_get(lesson.url).headers[STATUS_HEADER] == "hit"
    _delete_shared_pages()
    served = _wsgi_get(lesson.url)
    assert not served.handled_by_django
    assert served.headers[STATUS_HEADER] == "hit"


def test_a_purge_retires_the_pages_every_process_remembers(course):
    from cms_content.page_cache import page_cache_purge

    lesson = course.lessons[0]
    _wsgi_get(lesson.url)
    assert _wsgi_get(lesson.url).headers[STATUS_HEADER] == "hit"
    # A change made where no signal fires (another server's purge looks the same here:
    # only the shared generation moves).
    LessonPage.objects.filter(pk=lesson.pk).update(title="ชื่อที่แก้ในฐานข้อมูล")
    page_cache_purge()
    served = _wsgi_get(lesson.url)
    assert served.handled_by_django
    assert "ชื่อที่แก้ในฐานข้อมูล" in served.content.decode()


def test_a_flushed_cache_never_brings_back_a_remembered_page(course):
    from django.core.cache import cache

    lesson = course.lessons[0]
    _wsgi_get(lesson.url)
    assert _wsgi_get(lesson.url).headers[STATUS_HEADER] == "hit"
    LessonPage.objects.filter(pk=lesson.pk).update(title="ชื่อหลังล้างแคช")
    cache.clear()  # Redis restarted, or `redis-cli flushdb`: the generation starts afresh
    served = _wsgi_get(lesson.url)
    assert served.handled_by_django
    assert "ชื่อหลังล้างแคช" in served.content.decode()


def test_each_process_remembers_only_its_most_recent_pages(course, monkeypatch):
    from cms_content import page_cache

    monkeypatch.setattr(page_cache, "RECENT_PAGES", 2)
    first, second, third = (lesson.url for lesson in course.lessons[:3])
    for url in (first, second, third, second, third):
        _wsgi_get(url)
    _delete_shared_pages()
    assert _wsgi_get(third).headers[STATUS_HEADER] == "hit"
    assert _wsgi_get(second).headers[STATUS_HEADER] == "hit"
    assert _wsgi_get(first).handled_by_django  # forgotten: rendered again
