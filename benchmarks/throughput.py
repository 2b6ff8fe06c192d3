"""Requests per second of the pages most people open, with the page caches off and on.

Issue #15 asks, measured in one run (ratios, because machines differ by 2× and more):
an anonymous lesson page and the catalogue at least 40× their uncached figure, and a
logged-in lesson page at least 2×.

What it does:

1. Builds a throwaway site under ``var/throughput-<time>/``: a SQLite database (or the
   PostgreSQL database named by ``--postgres``, dropped and recreated), ``migrate``,
   ``load_demo --force``, ``collectstatic``, and one benchmark learner enrolled in a demo
   course with two lessons done (a session made directly, no password).
2. Starts two gunicorn servers (2 workers each, production settings, DEBUG off) on free
   ports of 127.0.0.1: one with ``PAGE_CACHE_ENABLED=false`` ("before"), one with the
   caches on ("after"). Each request carries ``X-Forwarded-Proto: https``, as behind the
   TLS proxy of docs/deploy.md.
3. For each round, for each page, measures "before" then "after" for ``--seconds``
   with ``--connections`` connections: wrk (Debian's ``wrk``) when installed, else a
   small threaded Python client. Alternating keeps both sides under the same load from
   other processes. The medians of the rounds give the table; every round is printed.

Load goes only to 127.0.0.1, and stops by itself: each measurement is bounded in time
(``--seconds``) and the Python client also in count (``--max-requests``).

Usage (from the project root)::

    .venv/bin/python benchmarks/throughput.py                  # file cache, SQLite
    .venv/bin/python benchmarks/throughput.py --rounds 5 --seconds 8
    .venv/bin/python benchmarks/throughput.py --redis redis://127.0.0.1:6379/4
    .venv/bin/python benchmarks/throughput.py --postgres postgres://postgres@127.0.0.1:5432/lms_bench

Exit status 1 when a target is missed or any request failed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

from signing_keys import signing_env  # benchmarks/signing_keys.py

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"anonymous lesson": 40.0, "catalogue": 40.0, "logged-in lesson": 2.0}

SETTINGS_MODULE = """
from lms.settings.production import *  # noqa: F403
# Quiet servers: a benchmark prints its own table.
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
"""

# Runs inside Django after the demo is loaded: picks the pages, makes the learner and
# the session, and prints JSON for the parent.
PREPARE = """
import json
import django
django.setup()
from courses import services
from courses.models import CourseIndexPage, CoursePage, LessonPage
from courses.selectors import course_lessons
from lms.accounts.models import User

catalogue = CourseIndexPage.objects.live().first()
course = max(CoursePage.objects.live(), key=lambda c: course_lessons(course=c).count())
lessons = list(course_lessons(course=course))
# A reading lesson (no quiz) the learner has not finished yet; two others finished.
reading = [item for item in lessons if not item.quiz_questions]
lesson = reading[min(2, len(reading) - 1)]
learner = User.objects.create_user(email="throughput@example.com", password=None)
services.enrollment_create(user=learner, course=course)
for done in [item for item in reading if item.pk != lesson.pk][:2]:
    services.lesson_complete(user=learner, lesson=done)
print(json.dumps({
    "catalogue": catalogue.url, "lesson": lesson.specific.url, "lesson_title": lesson.title,
    "course": course.title, "lessons": len(lessons),
}))
"""

# A session for the benchmark learner, made directly (it has no password).
SESSION = """
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from lms.accounts.models import User

learner = User.objects.get(email="throughput@example.com")
store = SessionStore()
store[SESSION_KEY] = str(learner.pk)
store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
store[HASH_SESSION_KEY] = learner.get_session_auth_hash()
store.create()
print(store.session_key)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(cmd: list[str], env: dict) -> str:
    result = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return result.stdout


def reset_postgres(url: str) -> None:
    """Drop and recreate the benchmark database named in ``url``."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def start_server(env: dict, port: int) -> subprocess.Popen:
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
            # A loaded machine may take long over the first requests (imports, renditions).
            "--timeout",
            "120",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def fetch(port: int, path: str, headers: dict) -> tuple[int, str, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=180)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.read().decode(), dict(response.getheaders())
    finally:
        conn.close()


def wrk_load(port: int, path: str, headers: dict, seconds: float, connections: int) -> tuple[float, int, int]:
    """(requests per second, requests, failed) measured by wrk."""
    cmd = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{max(1, round(seconds))}s", "--timeout", "30s"]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    out = subprocess.run(
        [*cmd, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    count = int(re.search(r"(\d+) requests in", out).group(1))
    failed = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket_errors:
        failed += sum(int(n) for n in socket_errors.groups())
    return rate, count, failed


def python_load(
    port: int, path: str, headers: dict, seconds: float, connections: int, max_requests: int
) -> tuple[float, int, int]:
    """(requests per second, requests, failed) from ``connections`` keep-alive threads,
    stopping after ``seconds`` or ``max_requests``, whichever comes first."""
    lock = threading.Lock()
    totals = {"count": 0, "failed": 0}
    deadline = time.perf_counter() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.perf_counter() < deadline:
            with lock:
                if totals["count"] >= max_requests:
                    break
                totals["count"] += 1
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            if not ok:
                with lock:
                    totals["failed"] += 1
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(connections)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    return totals["count"] / elapsed, totals["count"], totals["failed"]


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each measurement")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--max-requests", type=int, default=200_000, help="Python client's bound")
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--redis", help="a Redis URL for the cache (default: the file cache in var/)")
    parser.add_argument("--postgres", help="a PostgreSQL URL for a throwaway benchmark database")
    parser.add_argument("--keep", action="store_true", help="keep the var/ folder of the run")
    parser.add_argument("--ports", help="BEFORE,AFTER: the two servers' ports (default: free ports)")
    parser.add_argument("--reuse", help="a folder kept by --keep: skip building the site again (SQLite)")
    args = parser.parse_args()
    use_wrk = args.client == "wrk" or (args.client == "auto" and shutil.which("wrk"))

    if args.reuse:
        workdir, args.keep = Path(args.reuse).resolve(), True
    else:
        workdir = ROOT / "var" / f"throughput-{datetime.now(UTC):%Y%m%d-%H%M%S}"
        workdir.mkdir(parents=True)
    (workdir / "bench_settings.py").write_text(SETTINGS_MODULE)
    # The learner's session is signed with the key: a reused folder keeps its own.
    key_file = workdir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(40))
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join([str(workdir), str(ROOT)]),
        "DJANGO_SECRET_KEY": key_file.read_text(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "LMS_VAR_DIR": str(workdir),
        "SQLITE_PATH": str(workdir / "db.sqlite3"),
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
        "PHONE_VERIFICATION_ENABLED": "false",
        **signing_env(workdir / "keys"),
    }
    if args.postgres:
        reset_postgres(args.postgres)
        env["DATABASE_URL"] = args.postgres
    if args.redis:
        env["REDIS_URL"] = args.redis
    servers: list[subprocess.Popen] = []
    try:
        site_file = workdir / "site.json"
        if args.reuse and site_file.exists():
            print(f"Reusing {workdir}", flush=True)
            site = json.loads(site_file.read_text())
        else:
            print(f"Preparing {workdir} (migrate, load_demo, collectstatic) ...", flush=True)
            run([sys.executable, "manage.py", "migrate", "--noinput"], env)
            run([sys.executable, "manage.py", "load_demo", "--force"], env)
            run([sys.executable, "manage.py", "collectstatic", "--noinput"], env)
            site = json.loads(run([sys.executable, "-c", PREPARE], env).strip().splitlines()[-1])
            site_file.write_text(json.dumps(site))
        site["session"] = run([sys.executable, "-c", SESSION], env).strip().splitlines()[-1]
        if args.redis:
            import redis

            redis.Redis.from_url(args.redis).flushdb()  # the benchmark's own database only
        before_port, after_port = (
            map(int, args.ports.split(",")) if args.ports else (free_port(), free_port())
        )
        ports = {"before": before_port, "after": after_port}
        servers.append(start_server({**env, "PAGE_CACHE_ENABLED": "false"}, ports["before"]))
        servers.append(start_server({**env, "PAGE_CACHE_ENABLED": "true"}, ports["after"]))

        proxy = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
        learner = {**proxy, "Cookie": f"sessionid={site['session']}"}
        cases = [
            ("anonymous lesson", site["lesson"], proxy, site["lesson_title"]),
            ("catalogue", site["catalogue"], proxy, site["course"]),
            ("logged-in lesson", site["lesson"], learner, "ออกจากระบบ"),
        ]
        # Each page must be the real page, for the learner the logged-in one, before any
        # load; a second request warms renditions and caches.
        for name, path, headers, expected in cases:
            for side, port in ports.items():
                for _ in range(2):
                    status, body, _headers = fetch(port, path, headers)
                    if status != 200 or expected not in body:
                        raise SystemExit(f"{name} ({side}) answered {status} without {expected!r}")
        client = "wrk" if use_wrk else "python threads"
        print(
            f"Course {site['course']!r} ({site['lessons']} lessons); lesson {site['lesson']}; "
            f"catalogue {site['catalogue']}.\n"
            f"gunicorn 2 workers per side, production settings, DEBUG off, "
            f"{'PostgreSQL' if args.postgres else 'SQLite'}, "
            f"cache {'Redis' if args.redis else 'file (var/)'}; client {client}, "
            f"{args.connections} connections, {args.seconds:g} s per measurement, {args.rounds} rounds.\n"
            f"Load average at start: {load_average()} ({os.cpu_count()} CPUs)",
            flush=True,
        )
        results: dict[str, dict[str, list[float]]] = {name: {"before": [], "after": []} for name, *_ in cases}
        failures = 0
        for round_number in range(1, args.rounds + 1):
            for name, path, headers, _expected in cases:
                line = []
                for side in ("before", "after"):
                    if use_wrk:
                        rate, count, failed = wrk_load(
                            ports[side], path, headers, args.seconds, args.connections
                        )
                    else:
                        rate, count, failed = python_load(
                            ports[side], path, headers, args.seconds, args.connections, args.max_requests
                        )
                    results[name][side].append(rate)
                    failures += failed
                    line.append(f"{side} {rate:8.1f} req/s ({count} requests, {failed} failed)")
                print(f"  round {round_number}  {name:17s} " + "   ".join(line), flush=True)
        print(f"Load average at end: {load_average()}\n")
        print(
            f"{'page':18s} {'uncached req/s':>15s} {'cached req/s':>13s} {'ratio':>8s} {'target':>7s}  result"
        )
        missed = False
        summary = {}
        for name, _path, _headers, _expected in cases:
            before = statistics.median(results[name]["before"])
            after = statistics.median(results[name]["after"])
            ratio = after / before if before else float("inf")
            target = TARGETS[name]
            ok = ratio >= target
            missed |= not ok
            ratios = [
                a / b for a, b in zip(results[name]["after"], results[name]["before"], strict=True) if b
            ]
            summary[name] = {"before": before, "after": after, "ratio": ratio}
            print(
                f"{name:18s} {before:15.1f} {after:13.1f} {ratio:7.1f}× {target:6.0f}×  "
                f"{'ok' if ok else 'MISSED'}  (per-round ratios {min(ratios):.1f}–{max(ratios):.1f}×)"
            )
        print(f"\nFailed requests: {failures}")
        return 1 if missed or failures else 0
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
