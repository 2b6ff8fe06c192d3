"""The embedded SQLite database gets the same options whether it is named by a path
(``SQLITE_PATH``) or by a URL (``DATABASE_URL=sqlite:///…``), and PostgreSQL URLs are
left as dj-database-url parses them.

The settings are built in fresh interpreters with the environment under test, so what is
checked is what a server started that way would run with, down to the PRAGMAs of a real
connection.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Imports the settings (and opens a real connection when the database is SQLite) and
# reports what a server would run with.
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.db import connection
config = settings.DATABASES["default"]
out = {"engine": config["ENGINE"], "name": str(config["NAME"]), "options": config.get("OPTIONS", {})}
if connection.vendor == "sqlite":
    with connection.cursor() as cursor:
        for pragma in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys"):
            cursor.execute(f"PRAGMA {pragma}")
            out[pragma] = cursor.fetchone()[0]
    out["transaction_mode"] = connection.transaction_mode
print(json.dumps(out))
"""


def run_with_env(args, *, cwd=ROOT, timeout=120, **env) -> subprocess.CompletedProcess:
    """Run ``python args`` with a clean database environment plus ``env``."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH"}}
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env={**clean, "DJANGO_SETTINGS_MODULE": "lms.settings.base", "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def probe(**env) -> dict:
    result = run_with_env(["-c", PROBE], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def by_path(tmp_path_factory):
    """What the SQLITE_PATH route runs with: the reference for every sqlite URL."""
    return probe(SQLITE_PATH=str(tmp_path_factory.mktemp("by-path") / "db.sqlite3"))


def test_sqlite_path_route_runs_in_wal_with_immediate_transactions(by_path):
    assert by_path["journal_mode"] == "wal"
    assert by_path["synchronous"] == 1  # NORMAL
    assert by_path["busy_timeout"] == 20_000
    assert by_path["foreign_keys"] == 1
    assert by_path["transaction_mode"] == "IMMEDIATE"


def test_absolute_sqlite_url_gets_the_options_of_the_path_route(by_path, tmp_path):
    path = tmp_path / "by-url.sqlite3"
    by_url = probe(DATABASE_URL=f"sqlite:///{path}")
    assert by_url["name"] == str(path)
    for key in ("options", "journal_mode", "synchronous", "busy_timeout", "foreign_keys", "transaction_mode"):
        assert by_url[key] == by_path[key], key
    assert path.exists()


def test_relative_sqlite_url_gets_the_options_and_is_relative_to_the_working_directory(by_path, tmp_path):
    (tmp_path / "data").mkdir()
    by_url = probe(DATABASE_URL="sqlite:///data/lms.sqlite3", cwd=tmp_path)
    assert by_url["name"] == "data/lms.sqlite3"
    assert (tmp_path / "data" / "lms.sqlite3").exists()
    for key in ("options", "journal_mode", "busy_timeout", "foreign_keys", "transaction_mode"):
        assert by_url[key] == by_path[key], key


def test_in_memory_sqlite_url_gets_the_options_too(by_path):
    by_url = probe(DATABASE_URL="sqlite://")
    assert by_url["name"] == ":memory:"
    assert by_url["options"] == by_path["options"]
    # WAL needs a file; a memory database keeps its journal in memory.
    assert by_url["journal_mode"] == "memory"
    assert by_url["busy_timeout"] == 20_000
    assert by_url["foreign_keys"] == 1
    assert by_url["transaction_mode"] == "IMMEDIATE"


def test_busy_timeout_setting_applies_to_sqlite_urls(tmp_path):
    by_url = probe(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", SQLITE_BUSY_TIMEOUT_SECONDS="7")
    assert by_url["options"]["timeout"] == 7
    assert by_url["busy_timeout"] == 7000


def test_postgres_url_is_left_as_dj_database_url_parses_it():
    # Only the settings are built; no connection is opened.
    code = (
        "import json; from lms.settings import base; "
        "print(json.dumps({k: str(v) for k, v in base.DATABASES['default'].items()}))"
    )
    result = run_with_env(["-c", code], DATABASE_URL="postgres://lms:secret@db.example:5433/lms")
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["HOST"], config["PORT"]) == (
        "lms",
        "lms",
        "db.example",
        "5433",
    )
    assert "OPTIONS" not in config


def test_twenty_threads_completing_a_lesson_on_a_sqlite_url_database_all_succeed(tmp_path):
    """The issue's report: on ``DATABASE_URL=sqlite:///…`` 20 threads completing one
    lesson failed with "database is locked". A fresh file is migrated, then the real
    service runs in 20 threads at once (see sqlite_url_race.py)."""
    path = tmp_path / "race.sqlite3"
    result = run_with_env(
        ["-m", "tests.lms.sqlite_url_race"],
        timeout=600,
        DATABASE_URL=f"sqlite:///{path}",
        DJANGO_SETTINGS_MODULE="lms.settings.test",
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["vendor"] == "sqlite"
    assert outcome["name"] == str(path)
    assert outcome["journal_mode"] == "wal"
    assert outcome["errors"] == []
    assert outcome["progress_rows"] == 1
    assert outcome["completed"] is True
