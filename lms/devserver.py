"""``make run``: the development server and a background-task worker, together.

Prints where to go and which demo accounts to use; Ctrl-C stops both processes.
"""

import signal
import subprocess
import sys
import time

from lms.demo.constants import ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET


def main(host: str, port: str) -> int:
    base = f"http://{host}:{port}"
    print(f"""
  ศูนย์ดิจิทัลชุมชน LMS is starting
  ----------------------------------------------------------------
  Site (หน้าแรก):        {base}/
  Courses (หลักสูตร):     {base}/courses/
  Log in (เข้าสู่ระบบ):    {base}/accounts/login/
  Admin (ผู้ดูแล):        {base}/admin/
  ----------------------------------------------------------------
  Demo accounts (password for all: {DEMO_PASSWORD})""")
    for account in ACCOUNTS:
        print(f"    {account.login:<24} {account.role_label}")
    print(f"""  Staff and admins also type a code from an authenticator app (two-factor):
    key {DEMO_TOTP_SECRET}  (add it to any authenticator app), or
    .venv/bin/python manage.py demo_totp   (prints the current code)""")
    print("  Press Ctrl-C to stop.\n", flush=True)

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
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(*(sys.argv[1:3] or ["127.0.0.1", "8000"])))
