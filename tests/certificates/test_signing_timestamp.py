"""PAdES B-T: signatures with a trusted timestamp from the RFC 3161 authority that
``CERTIFICATE_TSA_URL`` names, checked by tools we did not write.

The authority is a real one over HTTP on 127.0.0.1 (tests/certificates/tsa.py: pyHanko's
``DummyTimeStamper`` behind ``http.server``, with a throwaway root and a timeStamping
certificate), so ``certificates/signing.py`` asks it exactly as it would ask a public
one. pyHanko's validator trusts our signing certificate for the signature and the
authority's root for the timestamp; poppler's ``pdfsig`` checks the signature against an
NSS database that trusts our certificate.
"""

import datetime
import io

import pytest
from asn1crypto import x509 as asn1_x509
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from certificates import services, signing
from certificates.models import BatchStatus, Certificate
from lms.centers.constants import Role
from tests.certificates.conftest import assert_try_again_later
from tests.certificates.pdftools import pdf_info
from tests.certificates.test_signing import (
    assert_still_pdfa_2b,
    change_one_byte_of_the_page,
    pdfsig,
)
from tests.certificates.tsa import start_tsa, stop_tsa
from tests.factories import CenterFactory, MembershipFactory
from tests.factories.certificates import completed_enrollment
from tests.s3 import free_port

pytestmark = pytest.mark.django_db

NOT_NOW = "ยังจัดทำไฟล์เกียรติบัตรไม่ได้ในขณะนี้"
BATCH_NOT_NOW = "บริการรับรองเวลาไม่ตอบสนอง"


@pytest.fixture
def tsa(settings):
    """A time-stamping authority answering on 127.0.0.1, named by CERTIFICATE_TSA_URL;
    stopped at the end of the test."""
    authority, server = start_tsa()
    settings.CERTIFICATE_TSA_URL = authority.url
    try:
        yield authority
    finally:
        stop_tsa(server)


@pytest.fixture
def tsa_down(settings):
    """CERTIFICATE_TSA_URL naming a port where nothing listens: the authority is down."""
    settings.CERTIFICATE_TSA_URL = f"http://127.0.0.1:{free_port()}/tsa"
    return settings.CERTIFICATE_TSA_URL


@pytest.fixture
def nss_trusting_us_and_the_tsa(tmp_path, tsa) -> str:
    """An NSS database that trusts our signing certificate and the authority's root."""
    import subprocess

    folder = tmp_path / "nss"
    folder.mkdir()
    subprocess.run(["certutil", "-N", "-d", f"sql:{folder}", "--empty-password"], check=True)
    for nickname, pem in (("lms-signing", signing.signing_identity().certificate_pem), ("tsa", tsa.root_pem)):
        path = tmp_path / f"{nickname}.pem"
        path.write_text(pem)
        subprocess.run(
            ["certutil", "-A", "-d", f"sql:{folder}", "-n", nickname, "-t", "C,C,C", "-i", str(path)],
            check=True,
        )
    return f"sql:{folder}"


def pyhanko_status(pdf: bytes, tsa):
    """pyHanko's verdict on the file's only signature: our certificate trusted for the
    signature, the authority's root (only) for the timestamp."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    [signature] = reader.embedded_signatures
    ours = asn1_x509.Certificate.load(signing.signing_identity().certificate_der)
    return validate_pdf_signature(
        signature,
        signer_validation_context=ValidationContext(trust_roots=[ours], allow_fetching=False),
        ts_validation_context=ValidationContext(trust_roots=[tsa.root], allow_fetching=False),
    )


def assert_timestamped_by(pdf: bytes, tsa, nssdir: str, tmp_path) -> None:
    """Signed by us (B-B intact, valid, trusted) and timestamped just now by ``tsa``."""
    status = pyhanko_status(pdf, tsa)
    details = status.pretty_print_details()
    assert status.intact and status.valid and status.trusted, details
    assert status.coverage.name == "ENTIRE_FILE"
    stamp = status.timestamp_validity
    assert stamp is not None, details  # B-B only: no signature timestamp token
    assert stamp.intact and stamp.valid and stamp.trusted, details
    assert stamp.signing_cert.dump() == tsa.certificate.dump()
    now = datetime.datetime.now(datetime.UTC)
    assert abs(stamp.timestamp - now) < datetime.timedelta(minutes=1), stamp.timestamp
    report = pdfsig(pdf, nssdir, tmp_path)
    assert "Signature Validation: Signature is Valid." in report, report
    assert "Certificate Validation: Certificate is Trusted." in report, report
    assert "Total document signed" in report, report
    assert "Signature Type: ETSI.CAdES.detached" in report, report


def test_a_stored_certificate_carries_the_authoritys_timestamp(
    default_template, tsa, nss_trusting_us_and_the_tsa, tmp_path
):
    certificate = services.certificate_issue(enrollment=completed_enrollment())

    services.certificate_pdf_store(certificate=certificate)

    assert_timestamped_by(certificate.pdf.read(), tsa, nss_trusting_us_and_the_tsa, tmp_path)
    assert len(tsa.granted) == 1


def test_a_batch_carries_the_authoritys_timestamp(
    default_template, tsa, nss_trusting_us_and_the_tsa, tmp_path
):
    center = CenterFactory()
    issued = [services.certificate_issue(enrollment=completed_enrollment(center=center)) for _ in range(2)]
    staff = MembershipFactory(center=center, role=Role.CENTER_STAFF).user
    batch = services.certificate_batch_create(
        certificates=Certificate.objects.filter(pk__in=[c.pk for c in issued]), created_by=staff
    )

    batch = services.certificate_batch_build(batch=batch)

    assert batch.status == BatchStatus.DONE
    pdf = batch.file.read()
    assert_timestamped_by(pdf, tsa, nss_trusting_us_and_the_tsa, tmp_path)
    assert "Pages:           2" in pdf_info(pdf)


def test_a_timestamped_file_stays_pdfa_2b(default_template, tsa):
    from certificates.rendering import render_certificate_pdf

    certificate = services.certificate_issue(enrollment=completed_enrollment())
    unsigned = render_certificate_pdf(certificate)

    signed = signing.sign_pdf(unsigned)

    assert len(tsa.granted) == 1  # the timestamped path, not B-B
    assert_still_pdfa_2b(unsigned, signed)


def test_a_changed_byte_in_a_timestamped_file_fails_both_verifiers(
    default_template, tsa, nss_trusting_us_and_the_tsa, tmp_path
):
    certificate = services.certificate_issue(enrollment=completed_enrollment())
    services.certificate_pdf_store(certificate=certificate)
    pdf = certificate.pdf.read()
    assert pyhanko_status(pdf, tsa).timestamp_validity is not None

    tampered = change_one_byte_of_the_page(pdf)

    assert len(tampered) == len(pdf) and tampered != pdf
    status = pyhanko_status(tampered, tsa)
    assert not status.intact and not status.bottom_line
    report = pdfsig(tampered, nss_trusting_us_and_the_tsa, tmp_path)
    assert "Signature Validation: Signature is Valid." not in report, report
    assert "Digest Mismatch" in report or "Signature is Invalid" in report, report


# --- An authority that does not answer --------------------------------------------------


def test_a_first_download_while_the_authority_is_down_gets_a_thai_page_and_keeps_nothing(
    client, settings, default_template, tsa_down, tmp_path
):
    certificate = services.certificate_issue(enrollment=completed_enrollment())
    client.force_login(certificate.user)
    url = reverse("certificates:download", args=[certificate.enrollment_id])

    assert_try_again_later(client.get(url), NOT_NOW)
    certificate.refresh_from_db()
    assert not certificate.pdf

    # The authority is back: the same link gives the certificate, timestamped.
    authority, server = start_tsa()
    settings.CERTIFICATE_TSA_URL = authority.url
    try:
        again = client.get(url)
        assert again.status_code == 200
        pdf = b"".join(again.streaming_content)
        status = pyhanko_status(pdf, authority)
        assert status.bottom_line and status.timestamp_validity.trusted, status.pretty_print_details()
    finally:
        stop_tsa(server)


def test_a_batch_while_the_authority_is_down_fails_in_thai_and_prints_again_later(
    client, settings, default_template, tsa_down, django_capture_on_commit_callbacks
):
    certificate = services.certificate_issue(enrollment=completed_enrollment())
    staff = MembershipFactory(center=certificate.center, role=Role.CENTER_STAFF).user
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.certificate_batch_create(
            certificates=Certificate.objects.filter(pk=certificate.pk), created_by=staff
        )

    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and not batch.file
    assert BATCH_NOT_NOW in batch.error

    authority, server = start_tsa()
    settings.CERTIFICATE_TSA_URL = authority.url
    try:
        client.force_login(staff)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("certificates:batch_retry", args=[batch.pk]))
        batch.refresh_from_db()
        assert batch.status == BatchStatus.DONE
        status = pyhanko_status(batch.file.read(), authority)
        assert status.bottom_line and status.timestamp_validity.trusted, status.pretty_print_details()
    finally:
        stop_tsa(server)
