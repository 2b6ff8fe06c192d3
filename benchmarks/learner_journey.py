"""Benchmark of the learner's hot paths, on SQLite and on PostgreSQL.

1. The median in-process render time of a logged-in lesson page (course outline with
   progress included), through Django's test client.
2. How many "I have finished this lesson" requests per second two gunicorn workers
   sustain with 30 simulated learners posting at once, and how many errors there were.
   The loop is bounded (each learner marks each lesson of a 20-lesson course once, so
   the last request of each learner completes the course) and talks only to 127.0.0.1.

Usage (from the project root)::

    .venv/bin/python benchmarks/learner_journey.py                     # SQLite only
    .venv/bin/python benchmarks/learner_journey.py --postgres postgres://postgres@127.0.0.1:5432/lms_bench

Each run builds a fresh database (a temporary SQLite file, or the PostgreSQL database
named in the URL, which is dropped and recreated) with ``manage.py migrate``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
LEARNERS = 30
LESSONS = 20
RENDERS = 40

# Settings for the benchmark: the test settings (no secrets needed, fast hashing), with
# the stand-in page templates appended in case the real ones are not there yet.
SETTINGS_MODULE = """
from lms.settings.test import *  # noqa
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests" / "templates"]
DEBUG = False
# The test settings re-scan static files on every request; a server does not.
WHITENOISE_AUTOREFRESH = False
WHITENOISE_USE_FINDERS = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
"""

# Runs inside Django (a subprocess with the benchmark settings): builds the course and
# the learners, times the lesson page, and prints JSON for the parent.
SETUP_AND_RENDER = """
import json, statistics, time, uuid
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from courses import services
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from lms.accounts.models import User

catalogue = CourseIndexPage.objects.first()
course = CoursePage(title="หลักสูตรวัดความเร็ว", slug="bench-" + uuid.uuid4().hex[:6])
catalogue.add_child(instance=course)
lessons = []
for m in range(4):
    module = ModulePage(title=f"บทที่ {m + 1}", slug=f"m{m + 1}")
    course.add_child(instance=module)
    for n in range(__LESSONS__ // 4):
        lesson = LessonPage(title=f"บทเรียน {m + 1}.{n + 1}", slug=f"l{n + 1}",
                            body=[{"type": "text", "value": "<p>" + "เนื้อหาบทเรียน " * 80 + "</p>"}])
        module.add_child(instance=lesson)
        lessons.append(lesson)

sessions = []
for i in range(__LEARNERS__):
    user = User.objects.create_user(email=f"bench{i}@example.com", password="bench-password-1")
    services.enrollment_create(user=user, course=course)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    sessions.append(store.session_key)

reader = User.objects.create_user(email="reader@example.com", password="bench-password-1")
services.enrollment_create(user=reader, course=course)
for lesson in lessons[:5]:
    services.lesson_complete(user=reader, lesson=lesson)
client = Client()
client.force_login(reader)
url = lessons[7].url
assert client.get(url).status_code == 200
timings = []
for _ in range(__RENDERS__):
    start = time.perf_counter()
    response = client.get(url)
    timings.append(time.perf_counter() - start)
    assert response.status_code == 200
print(json.dumps({"sessions": sessions, "lesson_ids": [l.pk for l in lessons],
                  "render_median_ms": statistics.median(timings) * 1000}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(cmd, env, **kwargs):
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, capture_output=True, text=True, **kwargs)


def reset_postgres(url: str) -> None:
    """Drop and recreate the benchmark database named in ``url``."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def mark_done_load(port: int, sessions: list[str], lesson_ids: list[int]) -> tuple[int, int, float]:
    """30 learners, each posting "done" for every lesson once; returns (requests, errors, seconds)."""
    csrf = secrets.token_hex(16)  # 32 characters: Django accepts the unmasked secret
    errors = 0
    count = 0
    lock = threading.Lock()
    barrier = threading.Barrier(len(sessions))

    def learner(session_key: str) -> None:
        nonlocal errors, count
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {
            "Cookie": f"sessionid={session_key}; csrftoken={csrf}",
            "Content-Type": "application/x-www-form-urlencoded",
            "X-CSRFToken": csrf,
            "Connection": "keep-alive",
        }
        barrier.wait()
        for lesson_id in lesson_ids:
            try:
                conn.request("POST", f"/learn/lessons/{lesson_id}/done/", body="", headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 302 and "/accounts/login" not in (
                    response.getheader("Location") or ""
                )
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            with lock:
                count += 1
                errors += not ok
        conn.close()

    threads = [threading.Thread(target=learner, args=(key,)) for key in sessions]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return count, errors, time.perf_counter() - start


def bench(label: str, env: dict) -> dict:
    run([sys.executable, "manage.py", "migrate", "--noinput"], env)
    data = json.loads(
        run(
            [
                sys.executable,
                "-c",
                SETUP_AND_RENDER.replace("__LESSONS__", str(LESSONS))
                .replace("__LEARNERS__", str(LEARNERS))
                .replace("__RENDERS__", str(RENDERS)),
            ],
            env,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "lms.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        count, errors, seconds = mark_done_load(port, data["sessions"], data["lesson_ids"])
    finally:
        server.terminate()
        server.wait(timeout=30)
    result = {
        "database": label,
        "lesson_page_median_ms": round(data["render_median_ms"], 1),
        "mark_done_requests": count,
        "mark_done_per_second": round(count / seconds, 1),
        "errors": errors,
    }
    print(
        f"{label:10s}  lesson page median {result['lesson_page_median_ms']:6.1f} ms   "
        f"mark-done {result['mark_done_per_second']:6.1f} req/s "
        f"({count} requests, {LEARNERS} learners, 2 gunicorn workers)   errors {errors}"
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL for a throwaway benchmark database")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "bench_settings.py").write_text(SETTINGS_MODULE)
        base_env = {
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "PYTHONPATH": os.pathsep.join([tmp, str(ROOT)]),
            "LMS_VAR_DIR": tmp,
        }
        if not args.no_sqlite:
            results.append(bench("SQLite", {**base_env, "SQLITE_PATH": str(Path(tmp, "bench.sqlite3"))}))
        if args.postgres:
            reset_postgres(args.postgres)
            results.append(bench("PostgreSQL", {**base_env, "DATABASE_URL": args.postgres}))
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
