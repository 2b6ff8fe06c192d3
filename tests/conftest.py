"""Fixtures shared by every test: browser set-up, logged-in browser pages, media."""

import os
import shutil
from pathlib import Path

import pytest

# Playwright runs its own event loop in the test thread; Django's live_server calls are
# synchronous. This is the documented way to let them share the thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_collection_modifyitems(config, items):
    """Browser tests need Debian's Chromium. In CI its absence is a failure; on a
    developer's machine the tests are skipped, saying why."""
    if Path(CHROMIUM).exists():
        return
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not browser_items:
        return
    if IN_CI:
        raise pytest.UsageError(
            f"CI needs Chromium at {CHROMIUM} for the browser tests (apt-get install chromium)."
        )
    reason = (
        f"Browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)."
    )
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Make the serialized start-of-suite data visible to every connection object.

    Once Playwright's event loop runs, Django's thread-and-context-local ``connections``
    hand tests a new connection object that lacks ``_test_serialized_contents``; a
    ``serialized_rollback`` test would then start on an empty database (no pages, no
    provinces). Putting the contents on the connection class fixes every instance.
    """
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is not None:
            type(connections[alias])._test_serialized_contents = contents


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "th-TH", "timezone_id": "Asia/Bangkok"}


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Each test writes uploaded and generated files to folders of its own."""
    media = tmp_path_factory.mktemp("media")
    settings.MEDIA_ROOT = media
    # Private files (certificate PDFs) too, in a folder of their own outside media.
    private = tmp_path_factory.mktemp("private")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**settings.STORAGES["private"], "OPTIONS": {"location": private}},
    }
    yield media
    shutil.rmtree(media, ignore_errors=True)
    shutil.rmtree(private, ignore_errors=True)


@pytest.fixture
def login_browser(live_server, context):
    """Return ``login(user)``, which signs ``user`` in to the browser ``context``.

    It copies a real session cookie made by Django's test client, so tests that are
    not about the login form do not spend time on it.
    """
    from django.conf import settings
    from django.test import Client

    def login(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )
        return user

    return login


@pytest.fixture(autouse=True)
def _clear_cache():
    """Nothing cached by one test (rate limits, Wagtail's site root paths) leaks into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
