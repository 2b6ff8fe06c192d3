"""Certificate and batch PDFs are private: no URL under /media/ serves them, names
cannot be guessed, only the permission-checked views hand them out (or tell the web
server to), revoked ones go to staff only, stamped; a full disk keeps nothing."""

import importlib
import io
import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import clear_url_caches, reverse

from certificates import services
from certificates.constants import BatchStatus
from certificates.models import Certificate, CertificateBatch
from lms.centers.constants import Role
from tests.certificates.conftest import files_under
from tests.certificates.pdftools import page_count, pdf_text
from tests.factories import MembershipFactory
from tests.factories.certificates import completed_enrollment

pytestmark = pytest.mark.django_db

# secrets.token_urlsafe(n) gives about 1.3 characters per byte; 22 characters carry
# 132 bits, the least the names may have.
RANDOM_PART = re.compile(r"^[A-Za-z0-9_-]{22,}$")


def private_root(settings) -> Path:
    return Path(settings.STORAGES["private"]["OPTIONS"]["location"])


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def certificate(default_template):
    certificate = services.certificate_issue(enrollment=completed_enrollment())
    return services.certificate_pdf_store(certificate=certificate)


@pytest.fixture
def staff(certificate):
    return MembershipFactory(center=certificate.center, role=Role.CENTER_STAFF).user


@pytest.fixture
def batch(certificate, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.certificate_batch_create(
            certificates=Certificate.objects.filter(pk=certificate.pk), created_by=staff
        )
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    return batch


@pytest.fixture
def debug_urls(settings):
    """The URLconf as `make run` has it: DEBUG on, so /media/ is served by Django."""
    import lms.urls

    settings.DEBUG = True
    importlib.reload(lms.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(lms.urls)
    clear_url_caches()


@pytest.mark.disk_media  # about the local private folder
def test_files_live_outside_media_under_unguessable_names(settings, certificate, batch):
    other = services.certificate_pdf_store(
        certificate=services.certificate_issue(enrollment=completed_enrollment())
    )
    for fieldfile in (certificate.pdf, batch.file, other.pdf):
        path = private_root(settings) / fieldfile.name
        assert path.is_file()
        assert not path.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
        random_part = Path(fieldfile.name).stem
        assert RANDOM_PART.match(random_part), fieldfile.name
    assert certificate.serial not in certificate.pdf.name
    assert certificate.verification_code[:4] not in certificate.pdf.name
    assert Path(certificate.pdf.name).stem != Path(other.pdf.name).stem
    with pytest.raises(ValueError):
        certificate.pdf.url  # noqa: B018 - private files have no public address
    assert not files_under(Path(settings.MEDIA_ROOT))


@pytest.mark.disk_media  # `make run` serves /media/ from MEDIA_ROOT
def test_media_urls_answer_404_for_certificate_and_batch_files_in_development(
    client, settings, debug_urls, certificate, batch
):
    # Development really serves /media/: an ordinary upload is there.
    public = default_storage.save("images/logo.png", ContentFile(b"\x89PNG public"))
    assert body(client.get(f"/media/{public}")) == b"\x89PNG public"
    for name in (certificate.pdf.name, batch.file.name):
        assert client.get(f"/media/{name}").status_code == 404
        walked_out = f"/media/../{private_root(settings).name}/{name}"
        assert client.get(walked_out).status_code in (400, 404)  # Django refuses the walk


def test_owner_and_staff_download_through_the_checked_views(client, certificate, staff, batch):
    client.force_login(certificate.user)
    own = client.get(reverse("certificates:download", args=[certificate.enrollment_id]))
    assert own.status_code == 200 and body(own) == certificate.pdf.open("rb").read()
    client.force_login(staff)
    assert page_count(body(client.get(reverse("certificates:pdf", args=[certificate.pk])))) == 1
    assert page_count(body(client.get(reverse("certificates:batch_download", args=[batch.pk])))) == 1


@pytest.mark.disk_media  # nginx sends files from its disk
def test_nginx_sends_the_file_when_x_accel_redirect_is_on(client, settings, certificate, batch, staff):
    settings.PRIVATE_FILES_SERVER = "x-accel-redirect"
    client.force_login(certificate.user)
    response = client.get(reverse("certificates:download", args=[certificate.enrollment_id]))
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == "/_private/" + certificate.pdf.name
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="certificate-{certificate.serial}.pdf"' in response["Content-Disposition"]
    client.force_login(staff)
    response = client.get(reverse("certificates:batch_download", args=[batch.pk]))
    assert response["X-Accel-Redirect"] == "/_private/" + batch.file.name


@pytest.mark.disk_media  # Apache sends files from its disk
def test_apache_sends_the_file_when_x_sendfile_is_on(client, settings, certificate):
    settings.PRIVATE_FILES_SERVER = "x-sendfile"
    client.force_login(certificate.user)
    response = client.get(reverse("certificates:download", args=[certificate.enrollment_id]))
    assert response.content == b""
    assert Path(response["X-Sendfile"]) == private_root(settings) / certificate.pdf.name


def test_an_unknown_file_server_setting_fails_loudly(client, settings, certificate):
    settings.PRIVATE_FILES_SERVER = "x-accel"
    client.force_login(certificate.user)
    with pytest.raises(ImproperlyConfigured):
        client.get(reverse("certificates:download", args=[certificate.enrollment_id]))


def test_a_revoked_certificate_goes_to_staff_only_stamped_as_revoked(client, certificate, staff):
    stored = certificate.pdf.open("rb").read()
    services.certificate_revoke(certificate=certificate, reason="ข้อมูลไม่ถูกต้อง")
    client.force_login(certificate.user)
    assert client.get(reverse("certificates:download", args=[certificate.enrollment_id])).status_code == 404
    assert client.get(reverse("certificates:pdf", args=[certificate.pk])).status_code == 404

    client.force_login(staff)
    response = client.get(reverse("certificates:pdf", args=[certificate.pk]))
    assert response.status_code == 200
    text = pdf_text(body(response))
    assert "ถูกเพิกถอน" in text and certificate.learner_name.split()[0] in text
    # Drawn when asked, never stored: the kept file is the one issued.
    certificate.refresh_from_db()
    assert certificate.pdf.open("rb").read() == stored
    assert "ถูกเพิกถอน" not in pdf_text(stored)


@pytest.mark.disk_media  # old files under MEDIA_ROOT, served by `make run`
def test_move_private_files_moves_old_public_files_once(client, settings, debug_urls, default_template):
    certificate = services.certificate_issue(enrollment=completed_enrollment())
    gone = services.certificate_issue(enrollment=completed_enrollment())
    old_name = f"certificates/2026/{certificate.serial}-{certificate.verification_code[:4]}.pdf"
    old_batch_name = "certificate-batches/2026/batch-1.pdf"
    default_storage.save(old_name, ContentFile(b"%PDF-1.7 certificate"))
    default_storage.save(old_batch_name, ContentFile(b"%PDF-1.7 batch"))
    Certificate.objects.filter(pk=certificate.pk).update(pdf=old_name)
    Certificate.objects.filter(pk=gone.pk).update(pdf="certificates/2026/lost.pdf")
    batch = CertificateBatch.objects.create(certificate_ids=[certificate.pk], total=1, file=old_batch_name)
    assert client.get(f"/media/{old_name}").status_code == 200  # as before the fix

    out = io.StringIO()
    call_command("move_private_files", stdout=out)
    assert "Moved 1 certificate PDFs and 1 batch PDFs." in out.getvalue()

    certificate.refresh_from_db()
    batch.refresh_from_db()
    gone.refresh_from_db()
    assert certificate.pdf.open("rb").read() == b"%PDF-1.7 certificate"
    assert batch.file.open("rb").read() == b"%PDF-1.7 batch"
    assert RANDOM_PART.match(Path(certificate.pdf.name).stem) and RANDOM_PART.match(
        Path(batch.file.name).stem
    )
    assert not default_storage.exists(old_name) and not default_storage.exists(old_batch_name)
    assert gone.pdf.name == ""  # lost file: rendered again on the next download
    assert client.get(f"/media/{old_name}").status_code == 404
    assert not files_under(Path(settings.MEDIA_ROOT))

    kept = (certificate.pdf.name, batch.file.name)
    again = io.StringIO()
    call_command("move_private_files", stdout=again)
    assert "Moved 0 certificate PDFs and 0 batch PDFs." in again.getvalue()
    certificate.refresh_from_db()
    batch.refresh_from_db()
    assert (certificate.pdf.name, batch.file.name) == kept


# --- A full disk ----------------------------------------------------------------------


def test_a_learners_download_on_a_full_disk_gets_a_thai_page_and_leaves_no_file(
    client, default_template, full_disk
):
    certificate = services.certificate_issue(enrollment=completed_enrollment())
    client.force_login(certificate.user)
    url = reverse("certificates:download", args=[certificate.enrollment_id])
    response = client.get(url)
    assert response.status_code == 503
    html = response.content.decode()
    assert "พื้นที่เก็บไฟล์ของเซิร์ฟเวอร์เต็ม" in html and "ลองอีกครั้ง" in html
    assert files_under(full_disk) == []
    certificate.refresh_from_db()
    assert not certificate.pdf

    (full_disk / "filler").unlink()  # the administrator makes room
    response = client.get(url)
    assert response.status_code == 200 and page_count(body(response)) == 1
    assert files_under(full_disk) == [certificate.__class__.objects.get(pk=certificate.pk).pdf.name]


def test_a_batch_on_a_full_disk_fails_in_thai_leaves_no_file_and_prints_again_later(
    client, default_template, full_disk, django_capture_on_commit_callbacks
):
    certificates = [services.certificate_issue(enrollment=completed_enrollment()) for _ in range(2)]
    staff = MembershipFactory(center=certificates[0].center, role=Role.CENTER_STAFF).user
    MembershipFactory(user=staff, center=certificates[1].center, role=Role.CENTER_STAFF)
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.certificate_batch_create(
            certificates=Certificate.objects.filter(pk__in=[c.pk for c in certificates]), created_by=staff
        )
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and not batch.file
    assert "พื้นที่เก็บไฟล์ของเซิร์ฟเวอร์เต็ม" in batch.error
    assert files_under(full_disk) == []

    client.force_login(staff)
    html = client.get(reverse("certificates:batch_detail", args=[batch.pk])).content.decode()
    assert batch.error in html and "พิมพ์อีกครั้ง" in html
    assert 'http-equiv="refresh"' not in html

    (full_disk / "filler").unlink()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("certificates:batch_retry", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and page_count(batch.file.read()) == 2
    assert files_under(full_disk) == [batch.file.name]
