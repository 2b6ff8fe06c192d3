"""``make run`` is quiet and honest: one line per demo step, the banner last (after the
server answers), and SITE_URL (certificate QR codes) following PORT in development.

Real processes with the development settings, on a throw-away SQLite database: the
commands ``make run`` runs (migrate, load_demo, ``python -m lms.devserver``).
"""

import os
import selectors
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from certificates.rendering import render_certificate_pdf
from tests.certificates.pdftools import qr_codes

ROOT = Path(__file__).resolve().parents[2]
PORT = "8183"  # inside the range this project's tests may use, never 8000


def dev_env(tmp: Path, **extra) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "SITE_URL", "HOST", "PORT"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings.dev",
        SQLITE_PATH=str(tmp / "db.sqlite3"),
        MEDIA_ROOT=str(tmp / "media"),
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def manage(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A migrated development database with the demo loaded, and load_demo's output."""
    tmp = tmp_path_factory.mktemp("devserver")
    env = dev_env(tmp)
    migrated = manage(env, "migrate", "--noinput", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr
    loaded = manage(env, "load_demo")
    assert loaded.returncode == 0, loaded.stderr
    return tmp, loaded


def test_load_demo_writes_one_summary_line_per_step(demo):
    _tmp, loaded = demo
    lines = [line for line in (loaded.stdout + loaded.stderr).splitlines() if line.strip()]
    assert len(lines) == 5, lines  # centers and accounts, courses, learning, certificates, done
    assert lines[0].strip().startswith("Centers and accounts:")
    assert lines[1].strip().startswith("Courses: 3 published")
    assert lines[-1] == "Demo data loaded."
    assert not [line for line in lines if "Page created" in line or "Task id=" in line]


def _read_until(process, marker: str, timeout: float) -> list[str]:
    """Lines of ``process``'s output up to and including the one holding ``marker``."""
    lines, deadline = [], time.monotonic() + timeout
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    while time.monotonic() < deadline:
        if not selector.select(timeout=1):
            continue
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if marker in line:
            return lines
    raise AssertionError(f"{marker!r} never came; output was:\n" + "\n".join(lines))


def test_make_run_prints_the_banner_last_once_the_server_answers(demo):
    tmp, _loaded = demo
    process = subprocess.Popen(
        [sys.executable, "-m", "lms.devserver", "127.0.0.1", PORT],
        cwd=ROOT,
        env=dev_env(tmp, HOST="127.0.0.1", PORT=PORT),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        lines = _read_until(process, "Press Ctrl-C to stop.", timeout=180)
        banner_at = next(i for i, line in enumerate(lines) if "is running" in line)
        started_at = next(i for i, line in enumerate(lines) if "Starting development server" in line)
        answered_at = next(i for i, line in enumerate(lines) if '"GET / HTTP/1.1"' in line)
        assert started_at < answered_at < banner_at
        banner = "\n".join(lines[banner_at:])
        for path in ("/staff/", "/staff/certificates/", "/admin/reports/", "/accounts/login/"):
            assert f"http://127.0.0.1:{PORT}{path}" in banner
        assert "staff@example.com" in banner and "0812345678" in banner
        # The banner is no promise: the server answers right now.
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/courses/", timeout=30) as response:  # noqa: S310
            assert response.status == 200
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.mark.django_db
def test_with_port_8101_a_new_certificate_qr_code_points_at_port_8101(tmp_path, settings):
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)",
        ],
        cwd=ROOT,
        env=dev_env(tmp_path, PORT="8101"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert probe.returncode == 0, probe.stderr
    site_url = probe.stdout.strip().splitlines()[-1]
    assert site_url == "http://127.0.0.1:8101"

    from certificates import services
    from tests.factories.certificates import CertificateTemplateFactory, completed_enrollment

    CertificateTemplateFactory()
    settings.SITE_URL = site_url
    settings.CERTIFICATES_SITE_URL = site_url
    certificate = services.certificate_issue(enrollment=completed_enrollment())
    [code] = qr_codes(render_certificate_pdf(certificate))
    assert code.startswith("http://127.0.0.1:8101/verify/")
