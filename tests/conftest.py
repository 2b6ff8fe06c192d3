"""Fixtures shared by every test: browser set-up, logged-in browser pages, media."""

import os
import secrets
import shutil
from pathlib import Path

import pytest

from lms.settings.storages import disk_storages
from tests import s3

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


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """An S3 API over HTTP with a bucket ready for media (public ``media/*``, private
    ``private/*``): the server and bucket the environment names (``.ci/run``), else a
    moto server started here on a free port with a new bucket, stopped after the session."""
    from lms.object_storage import PrivateMediaStorage, PublicMediaStorage, storage_prepare

    server = s3.from_environment()
    process = None
    if server is None:
        process, url = s3.start_moto(tmp_path_factory.mktemp("moto") / "moto_server.log")
        server = s3.S3Server(endpoint_url=url, bucket=s3.new_bucket_name())
    try:
        entries = server.storages()
        storage_prepare(
            public=PublicMediaStorage(**entries["default"]["OPTIONS"]),
            private=PrivateMediaStorage(**entries["private"]["OPTIONS"]),
            create=True,
        )
        yield server
    finally:
        if process is not None:
            s3.stop_moto(process)


@pytest.fixture(scope="session")
def _s3_client(s3_server):
    return s3_server.client()


def use_s3_media(request, settings) -> str:
    """Point media and private files at a fresh prefix of the test bucket; its objects
    are deleted after the test. Returns the prefix."""
    server = request.getfixturevalue("s3_server")
    client = request.getfixturevalue("_s3_client")
    prefix = f"tests/{secrets.token_hex(8)}"
    entries = server.storages(prefix=prefix)
    settings.STORAGES = {**settings.STORAGES, **entries}

    def delete_objects():
        for entry in entries.values():
            options = entry["OPTIONS"]
            s3.delete_prefix(client, options["bucket_name"], options["location"] + "/")

    request.addfinalizer(delete_objects)
    return prefix


@pytest.fixture(autouse=True)
def _media_root(request, settings, tmp_path_factory):
    """Each test writes uploaded and generated files to storage of its own.

    On local disk (the default): folders of its own for media and for private files.
    With ``S3_BUCKET`` set (the PostgreSQL run of ``.ci/run``): a fresh prefix of that
    bucket, so the whole suite runs on the S3 server. Tests about the local file system
    (full disk, nginx, file modes) carry ``@pytest.mark.disk_media`` and keep folders.
    """
    media = tmp_path_factory.mktemp("media")
    settings.MEDIA_ROOT = media
    # Private files (certificate PDFs) too, in a folder of their own outside media.
    private = tmp_path_factory.mktemp("private")
    if settings.S3_BUCKET and request.node.get_closest_marker("disk_media") is None:
        use_s3_media(request, settings)
    else:
        settings.STORAGES = {**settings.STORAGES, **disk_storages(private_root=private)}
    yield media
    shutil.rmtree(media, ignore_errors=True)
    shutil.rmtree(private, ignore_errors=True)


@pytest.fixture
def s3_media(request, settings, _media_root):
    """Media and private files on the S3 server, in every run (a fresh prefix)."""
    return use_s3_media(request, settings)


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
