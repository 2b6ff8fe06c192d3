"""The load test's steps that need Django: ``prepare`` (accounts, a class, a bucket),
``drain`` (wait for the workers to finish) and ``check`` (consistency after the run).

Run by ``run.py`` as ``python benchmarks/loadtest/django_side.py <step> <var folder>``
with the same environment as the app servers (PostgreSQL, Redis, the S3 server).
Each step prints one JSON object on its last line.
"""

import json
import os
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loadtest_settings")

import django

django.setup()

from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from certificates.constants import BatchStatus, CertificateStatus
from certificates.models import Certificate, CertificateBatch
from courses import selectors as course_selectors
from courses.models import CourseIndexPage, CoursePage, Enrollment, LessonProgress, QuizAttempt
from courses.models.sessions import Attendance
from courses.services import enrollment_create, session_enroll_many, training_session_create
from lms.centers.constants import Role
from lms.centers.models import Center, Membership
from lms.demo.constants import DEMO_TOTP_SECRET

PASSWORD = "loadtest-pass-2567"  # noqa: S105 (accounts of a throw-away database)
BATCH_NAME = "ผู้เรียนทดสอบ"  # the name generate_load_data gives its certificates
BATCH_SIZE = 100


def _s3():
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=settings.S3_ENDPOINT_URL,
        aws_access_key_id=settings.S3_ACCESS_KEY_ID,
        aws_secret_access_key=settings.S3_SECRET_ACCESS_KEY,
        region_name=settings.S3_REGION,
    )


def _keys(prefix: str) -> list[str]:
    """Every object name under ``prefix`` of the bucket, page by page."""
    client, keys, token = _s3(), [], None
    while True:
        kwargs = {"Bucket": settings.S3_BUCKET, "Prefix": prefix}
        if token:
            kwargs["ContinuationToken"] = token
        page = client.list_objects_v2(**kwargs)
        keys += [item["Key"] for item in page.get("Contents", [])]
        if not page.get("IsTruncated"):
            return keys
        token = page["NextContinuationToken"]


def _private_key(name: str) -> str:
    prefix = getattr(settings, "S3_PRIVATE_PREFIX", "private")
    return f"{prefix}/{name}" if prefix else name


def _quiz(lesson) -> list[dict]:
    """Each question of a quiz lesson: its block id and the indexes of its right answers."""
    return [
        {
            "id": block.id,
            "right": [i for i, choice in enumerate(block.value.get("choices", [])) if choice.get("correct")],
            "choices": len(block.value.get("choices", [])),
        }
        for block in lesson.quiz_questions
    ]


def prepare(var: Path, learners: int, staff: int) -> dict:
    """Accounts for Locust (learners enrolled in one course; staff of one center with an
    authenticator app), a past class to take attendance for, and 100 certificates of
    that center to print in one batch."""
    User = get_user_model()
    home = Center.objects.get(code="CDC-CMI-001")
    learner_center = Center.objects.get(code="CDC-KKN-001")
    course = max(
        CoursePage.objects.live().filter(slug__in=["smartphone-basics", "selling-online", "product-page"]),
        key=lambda c: course_selectors.course_lessons(course=c).count(),
    )
    lessons = list(course_selectors.course_lessons(course=course).specific())
    catalogue = CourseIndexPage.objects.live().first()
    password = make_password(PASSWORD)
    with transaction.atomic():
        people = User.objects.bulk_create(
            [
                User(
                    login_id=f"LT{index:05d}",
                    password=password,
                    first_name="ผู้ทดสอบ",
                    last_name=f"ที่ {index}",
                    birth_year=1960,
                    home_center=learner_center,
                )
                for index in range(learners)
            ]
        )
        accounts = []
        for person in people:
            enrollment = enrollment_create(user=person, course=course)
            accounts.append({"login": person.login_id, "user_id": person.pk, "enrollment_id": enrollment.pk})
        staff_accounts = []
        for index in range(staff):
            person = User.objects.create(
                email=f"loadtest-staff-{index}@example.com",
                password=password,
                is_staff=True,
                first_name="จนท.",
            )
            Membership.objects.create(user=person, role=Role.CENTER_STAFF, center=home)
            TOTP.activate(person, DEMO_TOTP_SECRET)
            staff_accounts.append({"login": person.email, "user_id": person.pk})
        # 100 generated certificates move to the staff's center: one batch of exactly 100.
        chosen = list(
            Certificate.objects.filter(
                status=CertificateStatus.VALID, learner_name=BATCH_NAME, user__isnull=False
            ).values_list("pk", "enrollment_id", "user_id")[:BATCH_SIZE]
        )
        assert len(chosen) == BATCH_SIZE, f"generate_load_data made only {len(chosen)} certificates"
        Certificate.objects.filter(pk__in=[c[0] for c in chosen]).update(center=home)
        Enrollment.objects.filter(pk__in=[c[1] for c in chosen]).update(center=home)
        # A class held on the last days, one date per staff member, with 30 generated learners.
        today = timezone.localdate()
        dates = [today - timedelta(days=staff - index) for index in range(staff)]
        session = training_session_create(
            course=course, center=home, dates=dates, capacity=60, title="Load test", created_by=None
        )
        pupils = list(
            User.objects.filter(login_id__startswith="G").exclude(pk__in=[c[2] for c in chosen])[:30]
        )
        User.objects.filter(pk__in=[p.pk for p in pupils]).update(home_center=home)
        session_enroll_many(session=session, users=pupils)
    return {
        "password": PASSWORD,
        "totp_secret": DEMO_TOTP_SECRET,
        "learners": accounts,
        "staff": staff_accounts,
        "catalogue_url": catalogue.url if catalogue else "/",
        "course_id": course.pk,
        "lessons": [{"id": lesson.pk, "url": lesson.url, "quiz": _quiz(lesson)} for lesson in lessons],
        "center_id": home.pk,
        "batch_name": BATCH_NAME,
        "session_id": session.pk,
        "session_dates": [d.pk for d in session.dates.order_by("date")],
        "session_learners": [p.pk for p in pupils],
    }


def drain(timeout: float) -> dict:
    """Wait, at most ``timeout`` seconds, until no task waits or runs and no batch is
    still being printed; the checks read the final state."""
    deadline = time.monotonic() + timeout
    active = (TaskResultStatus.READY, TaskResultStatus.RUNNING)
    while True:
        tasks = DBTaskResult.objects.filter(status__in=active).count()
        batches = CertificateBatch.objects.filter(
            status__in=(BatchStatus.PENDING, BatchStatus.RUNNING)
        ).count()
        if (not tasks and not batches) or time.monotonic() > deadline:
            return {"tasks_waiting": tasks, "batches_working": batches}
        time.sleep(2)


def _writes(var: Path) -> list[dict]:
    log = var / "writes.jsonl"
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


def check(var: Path, started_at: float) -> dict:
    """The consistency checks: what Locust's users did successfully, against the rows
    and the bucket."""
    writes = _writes(var)
    results = []

    def result(name, passed, detail):
        results.append({"check": name, "passed": bool(passed), "detail": detail})

    done = {(w["user_id"], w["lesson_id"]) for w in writes if w["kind"] == "lesson_done"}
    quiz_passed = {(w["user_id"], w["lesson_id"]) for w in writes if w["kind"] == "quiz" and w.get("passed")}
    expected_done = done | quiz_passed
    user_ids = {u for u, _ in expected_done}
    rows = Counter(
        LessonProgress.objects.filter(user_id__in=user_ids, completed_at__isnull=False).values_list(
            "user_id", "lesson_id"
        )
    )
    lost = [pair for pair in expected_done if rows[pair] == 0]
    doubled = [pair for pair, count in rows.items() if count > 1]
    result(
        "lesson progress: every completion Locust saw succeed is stored, once",
        expected_done and not lost and not doubled,
        f"{len(expected_done)} completions logged ({len(done)} marked done, {len(quiz_passed)} by a passed quiz); "
        f"{len(lost)} lost, {len(doubled)} doubled",
    )

    submitted = [w for w in writes if w["kind"] == "quiz"]
    keys = {(w["user_id"], w["lesson_id"], w["key"]) for w in submitted}
    stored = Counter(
        QuizAttempt.objects.filter(user_id__in={k[0] for k in keys}).values_list(
            "user_id", "lesson_id", "submission_key"
        )
    )
    lost_attempts = [k for k in keys if stored[k] == 0]
    doubled_attempts = [k for k, count in stored.items() if count > 1]
    repeats = sum(1 for w in submitted if w.get("repeat"))
    result(
        "quiz attempts: one row per submission key, none lost (repeats of a key included)",
        keys and not lost_attempts and not doubled_attempts,
        f"{len(submitted)} submissions logged ({repeats} sent twice with one key), {len(keys)} keys; "
        f"{len(lost_attempts)} lost, {len(doubled_attempts)} doubled",
    )

    last_by_date = {}
    for w in writes:
        if w["kind"] == "attendance":
            last_by_date[w["date_id"]] = w
    mismatched = []
    for date_id, w in last_by_date.items():
        present = set(
            Attendance.objects.filter(session_date_id=date_id, present=True).values_list("user_id", flat=True)
        )
        if present != set(w["present"]):
            mismatched.append(date_id)
    attendance_posts = sum(1 for w in writes if w["kind"] == "attendance")
    result(
        "attendance: each date holds the last list staff saved",
        attendance_posts and not mismatched,
        f"{attendance_posts} saves on {len(last_by_date)} dates; {len(mismatched)} differ",
    )

    pdf_keys = Counter(_keys(_private_key("certificates/")))
    with_pdf = list(Certificate.objects.exclude(pdf="").values_list("pk", "pdf"))
    missing = [pk for pk, name in with_pdf if pdf_keys[_private_key(name)] == 0]
    issued_in_run = Certificate.objects.filter(
        issued_at__gte=timezone.datetime.fromtimestamp(started_at, tz=timezone.get_current_timezone())
    )
    issued_valid = issued_in_run.filter(status=CertificateStatus.VALID)
    without = list(issued_valid.filter(pdf="").values_list("pk", flat=True))
    names = Counter(name for _, name in with_pdf)
    shared = [name for name, count in names.items() if count > 1]
    orphans = len(pdf_keys) - len({_private_key(name) for _, name in with_pdf} & set(pdf_keys))
    result(
        "certificates: each issued in the run has its PDF in the bucket, exactly one, no stray PDFs",
        not missing and not without and not shared and orphans == 0,
        f"{issued_in_run.count()} issued in the run ({issued_valid.count()} valid); {len(with_pdf)} certificates "
        f"with a PDF, {len(pdf_keys)} PDFs in the bucket; {len(without)} without a PDF, {len(missing)} PDFs "
        f"missing, {len(shared)} shared, {orphans} stray",
    )

    batches = list(
        CertificateBatch.objects.values("pk", "status", "done", "certificate_ids", "file", "error")
    )
    batch_keys = set(_keys(_private_key("certificate-batches/")))
    unfinished = [b["pk"] for b in batches if b["status"] != BatchStatus.DONE]
    incomplete = [b["pk"] for b in batches if b["done"] != len(b["certificate_ids"]) != 0]
    no_file = [b["pk"] for b in batches if b["status"] == BatchStatus.DONE and not _exists(b["file"])]
    sizes = Counter(len(b["certificate_ids"]) for b in batches)
    result(
        "batches: every batch finished, all its certificates laid out, its PDF in the bucket",
        batches and not unfinished and not incomplete and not no_file,
        f"{len(batches)} batches (sizes {dict(sizes)}); {len(unfinished)} unfinished "
        f"{[(b['pk'], b['status'], str(b['error'])[:80]) for b in batches if b['status'] != BatchStatus.DONE][:3]}, "
        f"{len(incomplete)} incomplete, {len(no_file)} without their file; {len(batch_keys)} batch objects listed",
    )

    failed_tasks = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
    waiting = DBTaskResult.objects.filter(
        status__in=(TaskResultStatus.READY, TaskResultStatus.RUNNING)
    ).count()
    result(
        "task queue: no task failed, none left waiting",
        not failed_tasks.exists() and not waiting,
        f"{DBTaskResult.objects.count()} tasks, {failed_tasks.count()} failed "
        f"{list(failed_tasks.values_list('task_path', flat=True)[:3])}, {waiting} waiting",
    )
    retyped = [w for w in writes if w["kind"] == "totp_retyped"]
    return {
        "notes": [f"{len(retyped)} staff two-factor codes expired while queued and were typed again"]
        if retyped
        else [],
        "checks": results,
        "data": {
            "users": get_user_model().objects.count(),
            "enrollments": Enrollment.objects.count(),
            "lesson_progress": LessonProgress.objects.count(),
            "quiz_attempts": QuizAttempt.objects.count(),
            "certificates": Certificate.objects.count(),
        },
    }


def _exists(name: str) -> bool:
    if not name:
        return False
    from lms.private_files import private_storage

    return private_storage().exists(name)


if __name__ == "__main__":
    step, var = sys.argv[1], Path(sys.argv[2])
    if step == "prepare":
        out = prepare(var, learners=int(sys.argv[3]), staff=int(sys.argv[4]))
        (var / "fixtures.json").write_text(json.dumps(out, ensure_ascii=False, indent=1))
        out = {"learners": len(out["learners"]), "staff": len(out["staff"]), "lessons": len(out["lessons"])}
    elif step == "drain":
        out = drain(float(sys.argv[3]))
    elif step == "check":
        out = check(var, float(sys.argv[3]))
    else:
        raise SystemExit(f"unknown step {step}")
    print(json.dumps(out, ensure_ascii=False))
