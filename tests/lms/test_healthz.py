"""``/healthz`` against real failures: a Redis URL on a port nobody listens on, storage
folders that cannot be written, and a database that cannot be reached (in a separate
process, whose settings point at it), on SQLite and PostgreSQL alike."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.signing import production_keys_env

pytestmark = pytest.mark.django_db


def unused_port() -> int:
    """A port of 127.0.0.1 that nothing listens on (the system's pick, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def storages_in(default: Path, private: Path) -> dict:
    return {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": default},
        },
        "private": {
            "BACKEND": "lms.private_files.PrivateFileSystemStorage",
            "OPTIONS": {"location": private},
        },
    }


@pytest.fixture
def writable_storages(settings, tmp_path):
    settings.STORAGES = storages_in(tmp_path / "media", tmp_path / "private")
    return tmp_path


def test_all_well_answers_200_ok_with_each_check_and_leaves_no_file(client, writable_storages):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {
        "database": "ok",
        "cache": "ok",
        "storage": "ok",
        "private_storage": "ok",
    }
    assert "failed" not in body
    left = [p for p in writable_storages.rglob("*") if p.is_file()]
    assert left == []


def test_no_session_no_cookie_not_cached_and_one_query(client, writable_storages):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    # SELECT 1 only: no session read or written, no user looked up.
    assert [q["sql"] for q in queries.captured_queries] == ["SELECT 1"]
    assert response.cookies == {}
    assert "no-store" in response["Cache-Control"]


def test_posts_are_refused_and_head_works(client, writable_storages):
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200


def test_unreachable_redis_answers_503_naming_the_cache_without_its_address(
    client, settings, writable_storages
):
    port = unused_port()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://:s3cret-password@127.0.0.1:{port}/0",
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["failed"] == ["cache"]
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["storage"] == "ok"
    assert body["checks"]["cache"].startswith("error: ")
    text = response.content.decode()
    assert "s3cret-password" not in text
    assert str(port) not in text


def test_storage_folder_that_cannot_be_created_answers_503_naming_it(client, settings, tmp_path):
    # A file where the media folder's parent should be: a real OSError from the system,
    # whoever runs the tests (root ignores a read-only mode, not this).
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.STORAGES = storages_in(blocker / "media", tmp_path / "private")
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["storage"]
    assert body["checks"]["private_storage"] == "ok"
    assert str(tmp_path) not in response.content.decode()


def test_private_storage_that_cannot_be_written_answers_503_naming_it(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.STORAGES = storages_in(tmp_path / "media", blocker / "private")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["private_storage"]


PROBE = """
import json, django
django.setup()
from django.test import Client
response = Client().get("/healthz")
print(json.dumps({"status_code": response.status_code, "body": response.json()}))
"""


def probe_in_process(tmp_path: Path, **env) -> dict:
    """``/healthz`` in a fresh process whose settings name ``env``'s database."""
    environment = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH")},
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "TEST_MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_unreachable_postgresql_answers_503_naming_the_database(tmp_path):
    port = unused_port()
    answer = probe_in_process(tmp_path, DATABASE_URL=f"postgres://postgres:pw-secret@127.0.0.1:{port}/lms")
    assert answer["status_code"] == 503
    assert answer["body"]["failed"] == ["database"]
    assert answer["body"]["checks"]["database"] == "error: OperationalError"
    assert answer["body"]["checks"]["cache"] == "ok"
    assert "pw-secret" not in json.dumps(answer)


def test_sqlite_file_that_cannot_be_opened_answers_503_naming_the_database(tmp_path):
    answer = probe_in_process(tmp_path, SQLITE_PATH=str(tmp_path / "missing-folder" / "db.sqlite3"))
    assert answer["status_code"] == 503
    assert answer["body"]["failed"] == ["database"]
    assert answer["body"]["checks"]["database"] == "error: OperationalError"
    assert answer["body"]["checks"]["storage"] == "ok"


def test_reachable_database_in_a_fresh_process_answers_200(tmp_path):
    """The same probe with the suite's own database: the failures above are the
    database's, not the way the probe is run."""
    env = {}
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    else:
        env["SQLITE_PATH"] = str(tmp_path / "db.sqlite3")
    answer = probe_in_process(tmp_path, **env)
    assert answer["status_code"] == 200, answer
    assert answer["body"]["status"] == "ok"


PRODUCTION_PROBE = """
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="lms.example.org")
print(json.dumps({
    "healthz": client.get("/healthz").status_code,
    "by_address": Client(HTTP_HOST="10.0.0.5").get("/healthz").status_code,
    "other": client.get("/verify/").status_code,
}))
"""


def test_production_answers_the_balancers_plain_http_probe_without_redirecting(tmp_path):
    """Production redirects plain HTTP to HTTPS, but a balancer probes app servers over
    plain HTTP, with the server's address as Host: a 301 or a 400 would mark every
    server down."""
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "SQLITE_PATH"},
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "DJANGO_SECRET_KEY": "z" * 60,
        "DJANGO_ALLOWED_HOSTS": "lms.example.org",
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        **production_keys_env(tmp_path / "keys"),
    }
    environment.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer == {"healthz": 200, "by_address": 200, "other": 301}
