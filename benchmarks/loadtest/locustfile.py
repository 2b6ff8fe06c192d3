"""Locust users for ``make loadtest``: learners and center staff, as they use the site.

Learners (one account each): the catalogue, a lesson, "I have finished this lesson",
a quiz (sometimes sent twice with the same submission key, as a double tap on a slow
link does), "my courses", and their certificate once the course is complete. Staff
(signed in with password and authenticator code): attendance for their date of a class,
and a batch print of 100 certificates, waited for and downloaded.

Every write the site confirmed is logged to ``LOADTEST_WRITES`` (one JSON line, with
its idempotency key), so ``django_side.py check`` can compare it with the rows.
Fixtures (accounts, lesson ids, quiz answers) come from ``LOADTEST_FIXTURES``.
"""

import base64
import hashlib
import hmac
import json
import os
import random
import re
import struct
import time
import uuid

from locust import HttpUser, between, events, task

with open(os.environ["LOADTEST_FIXTURES"], encoding="utf-8") as _fixtures:
    FIXTURES = json.load(_fixtures)
WRITES = open(os.environ["LOADTEST_WRITES"], "a", encoding="utf-8", buffering=1)  # noqa: SIM115
LEARNERS = list(FIXTURES["learners"])
STAFF = list(FIXTURES["staff"])
LESSONS = FIXTURES["lessons"]
PLAIN = [lesson for lesson in LESSONS if not lesson["quiz"]]
QUIZZES = [lesson for lesson in LESSONS if lesson["quiz"]]
BATCH_WAIT_SECONDS = 240


def log_write(**fields) -> None:
    WRITES.write(json.dumps(fields) + "\n")


def totp_now(secret: str) -> str:
    """The code an authenticator app shows now (RFC 6238, as allauth checks it)."""
    period = 30
    if period - time.time() % period < 3:  # about to change: wait for the next one
        time.sleep(period - time.time() % period + 0.2)
    key = base64.b32decode(secret.encode("ascii"), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // period), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", bytes([digest[offset] & 0x7F]) + digest[offset + 1 : offset + 4])[0]
    return f"{value % 1_000_000:06d}"


class SiteUser(HttpUser):
    abstract = True

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def post_form(self, url: str, data, name: str, ok) -> bool:
        """Post with the CSRF token; ``ok(response)`` says whether it is a success."""
        payload = list(data.items()) if isinstance(data, dict) else list(data)
        payload.append(("csrfmiddlewaretoken", self.csrf()))
        with self.client.post(url, data=payload, name=name, allow_redirects=False, catch_response=True) as r:
            if ok(r):
                r.success()
                return True
            r.failure(f"{r.status_code} {r.headers.get('Location', '')}")
            return False

    def login(self, login: str, password: str, secret: str | None = None) -> bool:
        self.client.get("/accounts/login/", name="login page")
        redirected = self.post_form(
            "/accounts/login/",
            {"login": login, "password": password},
            "login",
            lambda r: r.status_code == 302,
        )
        if not redirected or secret is None:
            return redirected
        self.client.get("/accounts/2fa/authenticate/", name="2fa page")
        # A code is good for its 30 seconds only. When the servers are swamped (every
        # learner logging in at once) the post can arrive after that; the person then
        # types the new code, as anyone would. Those rejections are counted apart.
        for attempt in range(4):
            with self.client.post(
                "/accounts/2fa/authenticate/",
                data={"code": totp_now(secret), "csrfmiddlewaretoken": self.csrf()},
                name="2fa code",
                allow_redirects=False,
                catch_response=True,
            ) as r:
                if r.status_code == 302 and "2fa" not in r.headers.get("Location", ""):
                    r.success()
                    return True
                if r.status_code == 200 and attempt < 3:
                    r.success()
                    log_write(kind="totp_retyped", login=login, seconds=r.elapsed.total_seconds())
                    continue
                r.failure(f"{r.status_code} {r.headers.get('Location', '')}")
                return False
        return False


class Learner(SiteUser):
    weight = 10
    wait_time = between(1, 4)

    def on_start(self):
        self.account = LEARNERS.pop(0)
        self.user_id = self.account["user_id"]
        self.done: set[int] = set()
        self.passed: set[int] = set()
        self.complete = False
        if not self.login(self.account["login"], FIXTURES["password"]):
            self.stop()

    def _note_completion(self):
        if not self.complete and self.done | self.passed >= {lesson["id"] for lesson in LESSONS}:
            self.complete = True

    @task(2)
    def catalogue(self):
        self.client.get(FIXTURES["catalogue_url"], name="catalogue")

    @task(4)
    def lesson(self):
        lesson = random.choice(LESSONS)
        self.client.get(lesson["url"], name="lesson")

    @task(3)
    def mark_done(self):
        if not PLAIN:
            return
        todo = [lesson for lesson in PLAIN if lesson["id"] not in self.done]
        lesson = todo[0] if todo else random.choice(PLAIN)
        url = f"/learn/lessons/{lesson['id']}/done/"
        # A refusal sends the learner back to the lesson itself; a success moves on.
        if self.post_form(
            url, {}, "mark done", lambda r: r.status_code == 302 and r.headers["Location"] != lesson["url"]
        ):
            self.done.add(lesson["id"])
            log_write(kind="lesson_done", user_id=self.user_id, lesson_id=lesson["id"])
            self._note_completion()

    @task(2)
    def quiz(self):
        if not QUIZZES:
            return
        todo = [lesson for lesson in QUIZZES if lesson["id"] not in self.passed]
        lesson = todo[0] if todo else random.choice(QUIZZES)
        right = random.random() < 0.75
        answers = []
        for question in lesson["quiz"]:
            chosen = question["right"] if right else [(question["right"][0] + 1) % question["choices"]]
            answers += [(f"q-{question['id']}", str(choice)) for choice in chosen]
        key = uuid.uuid4().hex
        answers.append(("submission_key", key))
        url = f"/learn/lessons/{lesson['id']}/quiz/"
        sends = 2 if random.random() < 0.1 else 1
        for attempt in range(sends):
            if not self.post_form(
                url,
                answers,
                "quiz submit",
                lambda r: r.status_code == 302 and "/learn/attempts/" in r.headers["Location"],
            ):
                return
            log_write(
                kind="quiz",
                user_id=self.user_id,
                lesson_id=lesson["id"],
                key=key,
                passed=right,
                repeat=attempt > 0,
            )
        if right:
            self.passed.add(lesson["id"])
            self._note_completion()

    @task(2)
    def dashboard(self):
        self.client.get("/my-courses/", name="dashboard")

    @task(1)
    def certificate(self):
        if not self.complete:
            return
        url = f"/certificates/enrollment/{self.account['enrollment_id']}/download/"
        with self.client.get(url, name="certificate download", catch_response=True) as r:
            if r.status_code == 200 and r.content.startswith(b"%PDF"):
                r.success()
            else:
                r.failure(f"{r.status_code}, not a PDF")


class Staff(SiteUser):
    fixed_count = len(STAFF)
    wait_time = between(3, 8)

    def on_start(self):
        self.index = len(STAFF) - 1
        self.account = STAFF.pop()
        self.date_id = FIXTURES["session_dates"][self.index % len(FIXTURES["session_dates"])]
        if not self.login(self.account["login"], FIXTURES["password"], FIXTURES["totp_secret"]):
            self.stop()

    @task
    def work(self):
        """Two attendance saves, then a batch print: every staff member prints within
        the first minute and again every few minutes, as at the end of a class."""
        self.turn = getattr(self, "turn", 0) + 1
        if self.turn % 3 == 1:
            self.batch_print()
        else:
            self.attendance()

    def attendance(self):
        url = f"/staff/sessions/{FIXTURES['session_id']}/dates/{self.date_id}/attendance/"
        self.client.get(url, name="attendance page")
        learners = FIXTURES["session_learners"]
        present = sorted(random.sample(learners, k=max(1, int(len(learners) * random.uniform(0.6, 1.0)))))
        if self.post_form(
            url,
            [("present", str(pk)) for pk in present],
            "attendance save",
            lambda r: r.status_code == 302 and "/attendance/" not in r.headers.get("Location", ""),
        ):
            log_write(kind="attendance", date_id=self.date_id, present=present)

    def batch_print(self):
        self.client.get("/staff/certificates/", name="staff certificates")
        with self.client.post(
            "/staff/certificates/batches/new/",
            data={
                "center": FIXTURES["center_id"],
                "name": FIXTURES["batch_name"],
                "status": "valid",
                "csrfmiddlewaretoken": self.csrf(),
            },
            name="batch print",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            match = re.search(r"/staff/certificates/batches/(\d+)/$", r.headers.get("Location", ""))
            if r.status_code != 302 or not match:
                r.failure(f"{r.status_code} {r.headers.get('Location', '')}")
                return
        pk = match.group(1)
        download = f"/staff/certificates/batches/{pk}/download/"
        started = time.monotonic()
        while time.monotonic() - started < BATCH_WAIT_SECONDS:
            page = self.client.get(f"/staff/certificates/batches/{pk}/", name="batch page")
            if download in page.text:
                break
            time.sleep(3)
        else:
            events.request.fire(
                request_type="WAIT",
                name="batch ready",
                response_time=(time.monotonic() - started) * 1000,
                response_length=0,
                exception=TimeoutError(f"batch {pk} not ready in {BATCH_WAIT_SECONDS} s"),
                context={},
            )
            return
        events.request.fire(
            request_type="WAIT",
            name="batch ready",
            response_time=(time.monotonic() - started) * 1000,
            response_length=0,
            exception=None,
            context={},
        )
        with self.client.get(download, name="batch download", catch_response=True) as r:
            if r.status_code == 200 and r.content.startswith(b"%PDF"):
                r.success()
                log_write(kind="batch", batch_id=int(pk))
            else:
                r.failure(f"{r.status_code}, not a PDF")
