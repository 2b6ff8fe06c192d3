"""``make run``: the development server and a background-task worker, together.

The banner with the addresses and the demo accounts is printed last, once the server
answers, so it is what the screen shows when everything is ready (the server's own
start-up lines come before it). Ctrl-C stops both processes.
"""

import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

from lms.demo.constants import ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET

#: How long to wait for the server's first answer before saying something is wrong.
START_TIMEOUT_SECONDS = 120
#: The server logs a request just after answering it: the banner waits for that line.
BANNER_DELAY_SECONDS = 1.0

PAGES = [
    ("/", "Site (หน้าแรก)"),
    ("/courses/", "Courses (หลักสูตร)"),
    ("/accounts/login/", "Log in (เข้าสู่ระบบ)"),
    ("/my-courses/", "My courses (หลักสูตรของฉัน)"),
    ("/staff/", "Staff (เจ้าหน้าที่ศูนย์)"),
    ("/staff/certificates/", "Certificates (เกียรติบัตร)"),
    ("/admin/reports/", "Reports (รายงาน)"),
    ("/admin/", "Admin (ผู้ดูแล)"),
    ("/verify/", "Verify (ตรวจเกียรติบัตร)"),
]


def banner(base: str) -> str:
    """The addresses and demo accounts, as printed once the server answers."""
    rule = "  " + "-" * 66
    lines = ["", "  ศูนย์ดิจิทัลชุมชน LMS is running", rule]
    lines += [f"  {label:<30} {base}{path}" for path, label in PAGES]
    lines += [rule, f"  Demo accounts (password for all: {DEMO_PASSWORD})"]
    lines += [f"    {account.login:<24} {account.role_label}" for account in ACCOUNTS]
    lines += [
        "  Staff and admins also type a code from an authenticator app (two-factor):",
        f"    key {DEMO_TOTP_SECRET}  (add it to any authenticator app), or",
        "    .venv/bin/python manage.py demo_totp   (prints the current code)",
        "  Press Ctrl-C to stop.",
        "",
    ]
    return "\n".join(lines)


def wait_until_answering(url: str, processes, timeout: float = START_TIMEOUT_SECONDS) -> bool:
    """Poll ``url`` until the server gives any HTTP answer; ``False`` when a process
    ends first or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(process.poll() is not None for process in processes):
            return False
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - our own local server
                return True
        except urllib.error.HTTPError:
            return True  # an error page is an answer: the server is up
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    return False


def main(host: str, port: str) -> int:
    base = f"http://{host}:{port}"
    local = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"  # noqa: S104
    python = sys.executable
    web = subprocess.Popen([python, "manage.py", "runserver", f"{host}:{port}"])
    worker = subprocess.Popen([python, "manage.py", "db_worker"])
    processes = [web, worker]

    def stop(*_):
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()

    signal.signal(signal.SIGTERM, lambda *_: (stop(), sys.exit(0)))
    try:
        if wait_until_answering(local + "/", processes):
            time.sleep(BANNER_DELAY_SECONDS)  # let the server log that first request
            print(banner(base), flush=True)
        else:
            print(f"\n  The server did not answer at {base}/ — see the messages above.\n", flush=True)
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(*(sys.argv[1:3] or ["127.0.0.1", "8000"])))
