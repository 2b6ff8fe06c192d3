"""Batches survive their worker: a real ``db_worker`` killed with SIGKILL mid-batch,
leases that expire, batches nobody takes, and the "print again" button."""

import json
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from certificates import services
from certificates.constants import BatchStatus
from certificates.models import CertificateBatch
from lms.centers.constants import Role
from lms.private_files import private_storage
from tests.certificates.pdftools import page_count
from tests.factories import CenterFactory, MembershipFactory
from tests.factories.certificates import completed_enrollment, course_page
from tests.storage import stored_names

BASE_DIR = Path(django_settings.BASE_DIR)
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Issuing queues a render per certificate; the crash test wants the worker to have only
# the batch to do, so those renders go to a queue nobody reads.
DUMMY_QUEUE = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
# The test's lease: the worker renews it after every chunk of 5 (well under a second
# apart here); ten seconds without a renewal means the worker is gone.
TEST_LEASE_SECONDS = 10
# How long the test waits for a recovered batch of 60 to be finished by the new worker.
RECOVERY_BOUND_SECONDS = TEST_LEASE_SECONDS + 120


def worker_storages() -> str:
    """The test's media and private storages, as JSON for the worker's settings."""
    media = {alias: django_settings.STORAGES[alias] for alias in ("default", "private")}
    return json.dumps(media, default=str)


def start_worker(tmp_path, name: str, media_root) -> subprocess.Popen:
    """A real ``manage.py db_worker`` on the test database (tests/certificates/worker_settings.py)."""
    log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.certificates.worker_settings",
        "LMS_WORKER_DB_NAME": str(connection.settings_dict["NAME"]),
        "LMS_WORKER_MEDIA_ROOT": str(media_root),
        "LMS_WORKER_STORAGES": worker_storages(),
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
    process.wait(timeout=30)


def wait_for(condition, *, timeout: float, what: str, worker_logs=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    logs = "\n".join(path.read_text(errors="replace")[-3000:] for path in worker_logs if path.exists())
    pytest.fail(f"Timed out after {timeout} s waiting for {what}.\n{logs}")


@pytest.fixture
def staff_and_certificates(settings, default_template):
    """Sixty valid certificates of one center, and a staff member of that center."""
    settings.TASKS = DUMMY_QUEUE
    center, course = CenterFactory(), course_page()
    certificates = [
        services.certificate_issue(enrollment=completed_enrollment(center=center, course=course))
        for _ in range(60)
    ]
    staff = MembershipFactory(center=center, role=Role.CENTER_STAFF).user
    return staff, certificates


def private_files():
    return sorted(Path(name).name for name in stored_names(private_storage()))


def start_batch_and_stop_its_worker(client, settings, tmp_path, media_root, staff_and_certificates, how):
    """Queue a batch of 60, start a real worker, and once it has made progress send it
    ``how`` (SIGKILL: dead; SIGSTOP: frozen). Returns the batch, its page and the worker."""
    staff, certificates = staff_and_certificates
    settings.TASKS = DATABASE_QUEUE
    settings.CERTIFICATES_BATCH_LEASE_SECONDS = TEST_LEASE_SECONDS
    client.force_login(staff)
    response = client.post(reverse("certificates:batch_create"), {"center": certificates[0].center_id})
    batch = CertificateBatch.objects.get()
    assert response.url == reverse("certificates:batch_detail", args=[batch.pk])
    first = start_worker(tmp_path, "first", media_root)
    try:
        wait_for(
            lambda: CertificateBatch.objects.filter(pk=batch.pk, done__gt=0).exists(),
            timeout=120,
            what="the first worker's progress",
            worker_logs=[tmp_path / "first.log"],
        )
        first.send_signal(how)
    except BaseException:
        stop(first)
        raise
    batch.refresh_from_db()
    assert batch.status == BatchStatus.RUNNING and 0 < batch.done < batch.total == 60
    return batch, response.url, first


def finish_with_a_second_worker(client, tmp_path, media_root, batch, url):
    """Start another worker and watch the batch page (as staff do) until the batch is
    done; the page takes the batch up again once the stopped worker's lease runs out."""
    stopped_at = time.monotonic()
    second = start_worker(tmp_path, "second", media_root)
    try:

        def finished():
            assert client.get(url).status_code == 200
            return CertificateBatch.objects.filter(pk=batch.pk, status=BatchStatus.DONE).exists()

        logs = [tmp_path / "first.log", tmp_path / "second.log"]
        wait_for(finished, timeout=RECOVERY_BOUND_SECONDS, what="the batch to finish", worker_logs=logs)
    finally:
        stop(second)
    assert time.monotonic() - stopped_at < RECOVERY_BOUND_SECONDS
    batch.refresh_from_db()
    assert batch.done == batch.total == 60 and batch.attempts == 2
    html = client.get(url).content.decode()
    assert 'http-equiv="refresh"' not in html
    assert "ดาวน์โหลด" in html
    download = client.get(reverse("certificates:batch_download", args=[batch.pk]))
    assert page_count(b"".join(download.streaming_content)) == 60
    return batch


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_batch_whose_worker_is_killed_is_finished_by_another_worker(
    client, settings, tmp_path, _media_root, staff_and_certificates
):
    batch, url, first = start_batch_and_stop_its_worker(
        client, settings, tmp_path, _media_root, staff_and_certificates, signal.SIGKILL
    )
    stop(first)
    batch = finish_with_a_second_worker(client, tmp_path, _media_root, batch, url)
    # Only the finished PDF is kept: the dead worker left nothing behind.
    assert private_files() == [Path(batch.file.name).name]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_frozen_worker_that_wakes_after_its_batch_was_taken_over_writes_nothing(
    client, settings, tmp_path, _media_root, staff_and_certificates
):
    batch, url, first = start_batch_and_stop_its_worker(
        client, settings, tmp_path, _media_root, staff_and_certificates, signal.SIGSTOP
    )
    try:
        batch = finish_with_a_second_worker(client, tmp_path, _media_root, batch, url)
        finished_file = batch.file.name
        first.send_signal(signal.SIGCONT)
        # The woken worker finds the lease gone at its next chunk and stops its task.
        from django_tasks_db.models import DBTaskResult

        wait_for(
            lambda: not DBTaskResult.objects.filter(status="RUNNING").exists(),
            timeout=120,
            what="the woken worker to give up",
            worker_logs=[tmp_path / "first.log"],
        )
    finally:
        stop(first)
    assert "taken over by another worker" in (tmp_path / "first.log").read_text()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.file.name == finished_file
    assert private_files() == [Path(finished_file).name]


def running_batch(staff, certificate, *, attempts: int, seconds_since_progress: int) -> CertificateBatch:
    batch = CertificateBatch.objects.create(
        created_by=staff,
        certificate_ids=[certificate.pk],
        total=1,
        done=0,
        status=BatchStatus.RUNNING,
        attempts=attempts,
        lease_token="dead-worker",
        heartbeat_at=timezone.now() - timedelta(seconds=seconds_since_progress),
    )
    batch.centers.set([certificate.center])
    return batch


@pytest.fixture
def one_certificate(default_template, db):
    certificate = services.certificate_issue(enrollment=completed_enrollment())
    staff = MembershipFactory(center=certificate.center, role=Role.CENTER_STAFF).user
    return staff, certificate


def test_a_running_batch_with_a_fresh_lease_is_left_alone(one_certificate):
    staff, certificate = one_certificate
    batch = running_batch(staff, certificate, attempts=1, seconds_since_progress=60)
    assert services.certificate_batches_recover() == 0
    batch.refresh_from_db()
    assert batch.status == BatchStatus.RUNNING and batch.lease_token == "dead-worker"


def test_an_expired_lease_queues_the_batch_again_and_a_worker_finishes_it(
    one_certificate, django_capture_on_commit_callbacks
):
    staff, certificate = one_certificate
    batch = running_batch(staff, certificate, attempts=1, seconds_since_progress=121)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert services.certificate_batches_recover() == 1
    assert len(callbacks) == 1  # one new task, run by the (immediate) worker
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.attempts == 2 and page_count(batch.file.read()) == 1


def test_after_the_last_attempt_the_page_says_why_in_thai_and_stops_refreshing(client, one_certificate):
    staff, certificate = one_certificate
    batch = running_batch(staff, certificate, attempts=3, seconds_since_progress=121)
    client.force_login(staff)
    html = client.get(reverse("certificates:batch_detail", args=[batch.pk])).content.decode()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    assert "หยุดทำงาน" in batch.error and batch.error in html
    assert 'http-equiv="refresh"' not in html
    assert "พิมพ์อีกครั้ง" in html


def waiting_batch(staff, certificate) -> CertificateBatch:
    """A batch no worker has taken for just over CERTIFICATES_BATCH_PENDING_SECONDS."""
    return CertificateBatch.objects.create(
        created_by=staff,
        certificate_ids=[certificate.pk],
        total=1,
        heartbeat_at=timezone.now() - timedelta(seconds=601),
    )


def test_a_batch_no_worker_takes_fails_after_the_wait(client, one_certificate):
    staff, certificate = one_certificate
    batch = waiting_batch(staff, certificate)
    client.force_login(staff)
    html = client.get(reverse("certificates:batch_detail", args=[batch.pk])).content.decode()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and "ไม่มีโปรแกรมพิมพ์" in batch.error
    assert 'http-equiv="refresh"' not in html


def test_a_waiting_batch_is_only_queued_while_a_worker_is_busy_with_another(one_certificate):
    staff, certificate = one_certificate
    waiting = waiting_batch(staff, certificate)
    running_batch(staff, certificate, attempts=1, seconds_since_progress=5)
    assert services.certificate_batches_recover() == 0
    waiting.refresh_from_db()
    assert waiting.status == BatchStatus.PENDING


def test_print_again_prints_the_failed_batch(client, one_certificate, django_capture_on_commit_callbacks):
    staff, certificate = one_certificate
    batch = running_batch(staff, certificate, attempts=3, seconds_since_progress=121)
    services.certificate_batches_recover()
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("certificates:batch_retry", args=[batch.pk]))
    assert response.url == reverse("certificates:batch_detail", args=[batch.pk])
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.error == "" and page_count(batch.file.read()) == 1


def test_print_again_is_refused_for_a_batch_that_did_not_fail(client, one_certificate):
    staff, certificate = one_certificate
    batch = running_batch(staff, certificate, attempts=1, seconds_since_progress=0)
    client.force_login(staff)
    response = client.post(reverse("certificates:batch_retry", args=[batch.pk]), follow=True)
    assert "พิมพ์อีกครั้งได้เฉพาะ" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.RUNNING and batch.lease_token == "dead-worker"


@pytest.mark.parametrize(("seconds_since_a_task_started", "kept"), [(30, True), (700, False)])
def test_a_waiting_batch_is_kept_while_the_task_queue_starts_other_tasks(
    one_certificate, seconds_since_a_task_started, kept
):
    """The worker may be busy with other tasks (renders, e-mails): "no worker" means the
    task queue started nothing within the wait, not merely that no batch is printing."""
    staff, certificate = one_certificate
    waiting = waiting_batch(staff, certificate)
    started = timezone.now() - timedelta(seconds=seconds_since_a_task_started)
    DBTaskResult.objects.create(
        task_path="certificates.tasks.render_certificate_task",
        args_kwargs={"args": [certificate.pk], "kwargs": {}},
        backend_name="default",
        run_after=started,
        started_at=started,
        finished_at=started,
        status=TaskResultStatus.SUCCESSFUL,
    )

    services.certificate_batches_recover()

    waiting.refresh_from_db()
    assert waiting.status == (BatchStatus.PENDING if kept else BatchStatus.FAILED)
