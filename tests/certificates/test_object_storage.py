"""Certificate and batch PDFs in an S3 bucket (moto's server over HTTP), in every run:
stored under the private prefix (or in a private bucket of their own), downloaded by their
owner through our checked view only, and written by a worker in another process for the
app server to hand out."""

import io
import urllib.error
import urllib.request
from dataclasses import replace

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from certificates import services
from certificates.constants import BatchStatus
from certificates.models import Certificate, CertificateBatch
from lms.centers.constants import Role
from lms.object_storage import PrivateMediaStorage, PublicMediaStorage, storage_prepare
from tests.certificates.conftest import assert_try_again_later
from tests.certificates.pdftools import page_count
from tests.certificates.test_batch_recovery import DATABASE_QUEUE, DUMMY_QUEUE, start_worker, stop, wait_for
from tests.factories import CenterFactory, MembershipFactory
from tests.factories.certificates import completed_enrollment, course_page


def anonymous_get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our test server
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def download(client, certificate) -> bytes:
    response = client.get(reverse("certificates:download", args=[certificate.enrollment_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="certificate-{certificate.serial}.pdf"' in response["Content-Disposition"]
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
def test_a_certificate_pdf_is_kept_under_the_private_prefix_and_reaches_only_its_owner(
    client, default_template, s3_media, s3_server
):
    certificate = services.certificate_issue(enrollment=completed_enrollment())
    client.force_login(certificate.user)
    pdf = download(client, certificate)
    assert page_count(pdf) == 1

    certificate.refresh_from_db()
    key = f"private/{s3_media}/{certificate.pdf.name}"
    bucket = s3_server.client()
    assert bucket.get_object(Bucket=s3_server.bucket, Key=key)["Body"].read() == pdf
    media = bucket.list_objects_v2(Bucket=s3_server.bucket, Prefix=f"media/{s3_media}/").get("KeyCount", 0)
    assert media == 0
    # The object's own address answers nobody without our credentials.
    status, body = anonymous_get(f"{s3_server.endpoint_url}/{s3_server.bucket}/{key}")
    assert status == 403 and body != pdf
    # Another learner, and a visitor, get nothing from our view either.
    client.force_login(completed_enrollment().user)
    assert client.get(reverse("certificates:download", args=[certificate.enrollment_id])).status_code == 404
    client.logout()
    assert client.get(reverse("certificates:download", args=[certificate.enrollment_id])).status_code == 302
    # Served again from the bucket, not drawn again.
    client.force_login(certificate.user)
    assert download(client, certificate) == pdf


@pytest.mark.django_db
def test_a_private_bucket_of_its_own_keeps_certificates_at_its_root(
    client, settings, default_template, s3_media, s3_server
):
    own = replace(s3_server, bucket=s3_server.bucket, private_bucket=f"{s3_server.bucket}-private")
    entries = own.storages(prefix=f"tests/{s3_media.rsplit('/', 1)[-1]}")
    storage_prepare(
        public=PublicMediaStorage(**entries["default"]["OPTIONS"]),
        private=PrivateMediaStorage(**entries["private"]["OPTIONS"]),
        create=True,
    )
    settings.STORAGES = {**settings.STORAGES, **entries}
    certificate = services.certificate_issue(enrollment=completed_enrollment())
    client.force_login(certificate.user)
    pdf = download(client, certificate)

    certificate.refresh_from_db()
    key = f"{entries['private']['OPTIONS']['location']}/{certificate.pdf.name}"
    bucket = s3_server.client()
    assert bucket.get_object(Bucket=own.private_bucket, Key=key)["Body"].read() == pdf
    status, _body = anonymous_get(f"{s3_server.endpoint_url}/{own.private_bucket}/{key}")
    assert status == 403
    bucket.delete_object(Bucket=own.private_bucket, Key=key)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_batch_written_by_a_worker_process_is_served_by_the_app_server(
    live_server, settings, tmp_path, default_template, s3_media, s3_server
):
    """Another process (a real ``db_worker``, with no folder in common with the app)
    prints the batch into the bucket; the live server then hands it to the staff member
    over HTTP."""
    settings.TASKS = DUMMY_QUEUE
    center, course = CenterFactory(), course_page()
    for _ in range(3):
        services.certificate_issue(enrollment=completed_enrollment(center=center, course=course))
    staff = MembershipFactory(center=center, role=Role.CENTER_STAFF).user
    settings.TASKS = DATABASE_QUEUE
    client = Client()
    client.force_login(staff)
    client.post(reverse("certificates:batch_create"), {"center": center.pk})
    batch = CertificateBatch.objects.get()
    assert batch.status == BatchStatus.PENDING

    worker_media = tmp_path / "worker-media"
    worker = start_worker(tmp_path, "worker", worker_media)
    try:
        wait_for(
            lambda: CertificateBatch.objects.filter(pk=batch.pk, status=BatchStatus.DONE).exists(),
            timeout=180,
            what="the worker to print the batch",
            worker_logs=[tmp_path / "worker.log"],
        )
    finally:
        stop(worker)
    batch.refresh_from_db()
    key = f"private/{s3_media}/{batch.file.name}"
    stored = s3_server.client().get_object(Bucket=s3_server.bucket, Key=key)["Body"].read()
    assert page_count(stored) == 3
    assert not worker_media.exists() or not any(worker_media.rglob("*.pdf"))

    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    request = urllib.request.Request(  # noqa: S310 - the live test server
        live_server.url + reverse("certificates:batch_download", args=[batch.pk]),
        headers={"Cookie": f"{django_settings.SESSION_COOKIE_NAME}={cookie}"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        assert response.status == 200 and response.headers["Content-Type"] == "application/pdf"
        served = response.read()
    assert served == stored
    assert Certificate.objects.filter(center=center).count() == 3


@pytest.mark.django_db
def test_move_private_files_takes_old_certificates_out_of_the_public_prefix(
    default_template, s3_media, s3_server
):
    certificate = services.certificate_issue(enrollment=completed_enrollment())
    old_name = f"certificates/2026/{certificate.serial}.pdf"
    default_storage.save(old_name, ContentFile(b"%PDF-1.7 old certificate"))
    Certificate.objects.filter(pk=certificate.pk).update(pdf=old_name)
    public_url = default_storage.url(old_name)
    assert anonymous_get(public_url) == (200, b"%PDF-1.7 old certificate")  # as before the move

    out = io.StringIO()
    call_command("move_private_files", stdout=out)

    assert "Moved 1 certificate PDFs" in out.getvalue()
    assert anonymous_get(public_url)[0] in (403, 404)
    certificate.refresh_from_db()
    key = f"private/{s3_media}/{certificate.pdf.name}"
    stored = s3_server.client().get_object(Bucket=s3_server.bucket, Key=key)["Body"].read()
    assert stored == b"%PDF-1.7 old certificate"


# --- A store that does not answer ------------------------------------------------------

UNAVAILABLE = "ยังเปิดไฟล์เกียรติบัตรไม่ได้ในขณะนี้"


class S3Outage:
    """Points media and private files at an address where no S3 server listens (the
    store is down), and back at the real one."""

    def __init__(self, settings):
        from tests.s3 import free_port

        self.settings = settings
        self.working = settings.STORAGES
        self.dead = f"http://127.0.0.1:{free_port()}"

    def start(self):
        self.settings.STORAGES = {
            alias: {**entry, "OPTIONS": {**entry["OPTIONS"], "endpoint_url": self.dead}}
            if "endpoint_url" in entry.get("OPTIONS", {})
            else entry
            for alias, entry in self.working.items()
        }

    def end(self):
        self.settings.STORAGES = self.working


@pytest.fixture
def outage(settings, s3_media):
    return S3Outage(settings)


@pytest.mark.django_db
def test_a_first_download_while_the_store_is_down_gets_a_thai_page_and_keeps_nothing(
    client, default_template, outage
):
    certificate = services.certificate_issue(enrollment=completed_enrollment())
    outage.start()
    client.force_login(certificate.user)
    url = reverse("certificates:download", args=[certificate.enrollment_id])
    assert_try_again_later(client.get(url), UNAVAILABLE)
    certificate.refresh_from_db()
    assert not certificate.pdf

    outage.end()  # the store is back: the same link gives the certificate
    assert page_count(download(client, certificate)) == 1


@pytest.mark.django_db
def test_a_stored_certificate_and_batch_while_the_store_is_down_give_a_thai_page(
    client, default_template, outage, django_capture_on_commit_callbacks
):
    certificate = services.certificate_issue(enrollment=completed_enrollment())
    services.certificate_pdf_store(certificate=certificate)
    staff = MembershipFactory(center=certificate.center, role=Role.CENTER_STAFF).user
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.certificate_batch_create(
            certificates=Certificate.objects.filter(pk=certificate.pk), created_by=staff
        )
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE

    outage.start()
    client.force_login(certificate.user)
    assert_try_again_later(
        client.get(reverse("certificates:download", args=[certificate.enrollment_id])), UNAVAILABLE
    )
    client.force_login(staff)
    assert_try_again_later(client.get(reverse("certificates:batch_download", args=[batch.pk])), UNAVAILABLE)


@pytest.mark.django_db
def test_a_batch_while_the_store_is_down_fails_in_thai_and_prints_again_later(
    client, default_template, outage, django_capture_on_commit_callbacks
):
    certificate = services.certificate_issue(enrollment=completed_enrollment())
    staff = MembershipFactory(center=certificate.center, role=Role.CENTER_STAFF).user
    outage.start()
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.certificate_batch_create(
            certificates=Certificate.objects.filter(pk=certificate.pk), created_by=staff
        )
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and not batch.file
    assert "ที่เก็บไฟล์ไม่ตอบสนอง" in batch.error

    outage.end()
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("certificates:batch_retry", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and page_count(batch.file.read()) == 1
