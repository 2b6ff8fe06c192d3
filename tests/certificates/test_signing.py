"""Signed certificate PDFs (PAdES), checked by tools we did not write.

poppler's ``pdfsig`` checks each stored PDF against an NSS database that trusts the
development certificate (as a verifier would trust a deployment's certificate), and
pyHanko's validator checks it against the same certificate as trust root. A changed
byte must make both say so.
"""

import io
import json
import os
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from certificates import services, signing
from certificates.models import Certificate
from lms.centers.constants import Role
from tests.certificates.pdftools import pdf_info, pdf_text, pdf_xmp, without_sara_am
from tests.factories import CenterFactory, MembershipFactory, UserFactory
from tests.factories.certificates import completed_enrollment

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def nss_trusting_our_certificate(tmp_path) -> str:
    """An NSS database (what pdfsig checks certificates against) that trusts the
    deployment's signing certificate, here the development one."""
    folder = tmp_path / "nss"
    folder.mkdir()
    pem = tmp_path / "signing.pem"
    pem.write_text(signing.signing_identity().certificate_pem)
    subprocess.run(["certutil", "-N", "-d", f"sql:{folder}", "--empty-password"], check=True)
    subprocess.run(
        ["certutil", "-A", "-d", f"sql:{folder}", "-n", "lms-signing", "-t", "C,C,C", "-i", str(pem)],
        check=True,
    )
    return f"sql:{folder}"


def pdfsig(pdf: bytes, nssdir: str, tmp_path) -> str:
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdfsig", "-nssdir", nssdir, str(path)], capture_output=True, text=True)
    return result.stdout + result.stderr


def pyhanko_status(pdf: bytes):
    """pyHanko's verdict on the file's only signature, trusting our certificate only."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    [signature] = reader.embedded_signatures
    root = asn1_x509.Certificate.load(signing.signing_identity().certificate_der)
    return validate_pdf_signature(signature, ValidationContext(trust_roots=[root], allow_fetching=False))


def assert_signed_and_trusted(pdf: bytes, nssdir: str, tmp_path) -> None:
    report = pdfsig(pdf, nssdir, tmp_path)
    assert "Signature Validation: Signature is Valid." in report, report
    assert "Certificate Validation: Certificate is Trusted." in report, report
    assert "Total document signed" in report, report
    assert "Signature Type: ETSI.CAdES.detached" in report, report
    status = pyhanko_status(pdf)
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert status.coverage.name == "ENTIRE_FILE"


def change_one_byte_of_the_page(pdf: bytes) -> bytes:
    """The file with one byte of the page's drawing of the name changed.

    The name is not in the file as text: the page is a compressed stream of glyph
    numbers. This finds the page's content stream (through pypdf), inflates it, changes
    one hex digit of the first glyph run after the name's font is set (the first
    ``Tf`` after the heading's), and puts the stream back deflated and padded to its
    old length, so that the file's structure (offsets, lengths) stays as it was and
    only what the page draws differs.
    """
    from pypdf import PdfReader

    contents = PdfReader(io.BytesIO(pdf)).pages[0].get_object().raw_get("/Contents")
    number = contents.idnum if hasattr(contents, "idnum") else contents[0].idnum
    header = re.search(rb"(?<![0-9])%d 0 obj" % number, pdf)
    stream = re.compile(rb"stream\r?\n").search(pdf, header.end())
    start = stream.end()
    end = pdf.index(b"endstream", start)
    raw = pdf[start:end].rstrip(b"\r\n")
    content = zlib.decompress(raw)
    for run in list(re.finditer(rb"Tf\s*\[?\s*<([0-9a-fA-F]{4})", content))[1:]:
        index = run.start(1) + 3
        changed_digit = b"1" if content[index : index + 1] != b"1" else b"2"
        packed = zlib.compress(content[:index] + changed_digit + content[index + 1 :], 9)
        if len(packed) <= len(raw):
            packed += b"\0" * (len(raw) - len(packed))
            return pdf[:start] + packed + pdf[start + len(raw) :]
    raise AssertionError("no glyph run could be changed in place")


def test_a_stored_certificate_is_signed_and_both_verifiers_trust_it(
    default_template, nss_trusting_our_certificate, tmp_path
):
    certificate = services.certificate_issue(enrollment=completed_enrollment())

    services.certificate_pdf_store(certificate=certificate)
    pdf = certificate.pdf.read()

    assert_signed_and_trusted(pdf, nss_trusting_our_certificate, tmp_path)
    # Still the certificate: the signature is an incremental update of the same file.
    assert without_sara_am(certificate.learner_name) in without_sara_am(pdf_text(pdf))


def test_a_learner_downloads_the_signed_file(
    client, default_template, nss_trusting_our_certificate, tmp_path
):
    user = UserFactory()
    certificate = services.certificate_issue(enrollment=completed_enrollment(user=user))
    client.force_login(user)

    response = client.get(reverse("certificates:download", args=[certificate.enrollment_id]))
    pdf = b"".join(response.streaming_content)

    assert_signed_and_trusted(pdf, nss_trusting_our_certificate, tmp_path)


def test_a_batch_is_signed_and_both_verifiers_trust_it(
    default_template, nss_trusting_our_certificate, tmp_path
):
    center = CenterFactory()
    issued = [services.certificate_issue(enrollment=completed_enrollment(center=center)) for _ in range(3)]
    staff = MembershipFactory(center=center, role=Role.CENTER_STAFF).user
    batch = services.certificate_batch_create(
        certificates=Certificate.objects.filter(pk__in=[c.pk for c in issued]), created_by=staff
    )

    batch = services.certificate_batch_build(batch=batch)
    pdf = batch.file.read()

    assert_signed_and_trusted(pdf, nss_trusting_our_certificate, tmp_path)
    assert "Pages:           3" in pdf_info(pdf)


def test_a_changed_byte_in_the_name_line_fails_both_verifiers(
    default_template, nss_trusting_our_certificate, tmp_path
):
    certificate = services.certificate_issue(enrollment=completed_enrollment())
    services.certificate_pdf_store(certificate=certificate)
    pdf = certificate.pdf.read()

    tampered = change_one_byte_of_the_page(pdf)

    assert len(tampered) == len(pdf) and tampered != pdf
    report = pdfsig(tampered, nss_trusting_our_certificate, tmp_path)
    assert "Signature Validation: Signature is Valid." not in report, report
    assert "Digest Mismatch" in report or "Signature is Invalid" in report, report
    status = pyhanko_status(tampered)
    assert not status.intact and not status.bottom_line


def test_signing_keeps_the_file_pdfa_2b(default_template):
    """What PDF/A-2b needs of a signed file, as far as tools here can tell (veraPDF is
    not installed): the same XMP identification and output intent, the Info producer
    equal to the XMP producer, a PDF 1.7 file (PDF/A-2 is PDF 1.7; pyHanko would
    declare 2.0 for an ECDSA key), the old bytes unchanged, and a printable signature
    widget (PDF/A forbids hidden annotations)."""
    from certificates.rendering import render_certificate_pdf

    certificate = services.certificate_issue(enrollment=completed_enrollment())
    unsigned = render_certificate_pdf(certificate)

    signed = signing.sign_pdf(unsigned)

    assert_still_pdfa_2b(unsigned, signed)


def assert_still_pdfa_2b(unsigned: bytes, signed: bytes) -> None:
    """``signed`` is ``unsigned`` with a signature appended, and still PDF/A-2b as far
    as the checks of :func:`test_signing_keeps_the_file_pdfa_2b` tell."""
    assert signed.startswith(unsigned)  # an incremental update
    assert 'pdfaid:part="2"' in pdf_xmp(signed) and 'pdfaid:conformance="B"' in pdf_xmp(signed)
    assert pdf_xmp(signed) == pdf_xmp(unsigned)
    info = pdf_info(signed)
    assert "PDF version:     1.7" in info
    assert re.search(r"Producer:\s+WeasyPrint", info) and "pyHanko" not in info
    reader = PdfFileReader(io.BytesIO(signed), strict=False)
    assert "/OutputIntents" in reader.root and "/Version" not in reader.root
    assert reader.root["/OutputIntents"][0]["/S"] == "/GTS_PDFA1"
    field = reader.root["/AcroForm"]["/Fields"][0].get_object()
    assert field["/F"] & 4  # the print flag
    assert not field["/F"] & 2  # not hidden


def test_the_verify_page_shows_the_signing_certificates_fingerprint(client, default_template):
    certificate = services.certificate_issue(enrollment=completed_enrollment())

    page = client.get(reverse("certificates:verify", args=[certificate.verification_code])).content.decode()

    fingerprint = signing.signing_identity().fingerprint
    assert re.fullmatch(r"([0-9A-F]{2}:){31}[0-9A-F]{2}", fingerprint)
    assert fingerprint in page
    assert "ลายนิ้วมือ" in page


def _identity_in_a_new_process(var_dir: Path) -> subprocess.Popen:
    code = (
        "import django, json; django.setup(); from certificates.signing import signing_identity; "
        "i = signing_identity(); print(json.dumps([i.fingerprint, str(i.pkcs12_path)]))"
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CERTIFICATE_SIGNING")},
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "LMS_VAR_DIR": str(var_dir),
    }
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_starting_at_once_make_one_development_certificate(tmp_path):
    processes = [_identity_in_a_new_process(tmp_path) for _ in range(4)]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))

    assert len({fingerprint for fingerprint, _path in results}) == 1
    assert sorted(p.name for p in (tmp_path / "signing").iterdir()) == ["development.p12"]
    assert oct((tmp_path / "signing" / "development.p12").stat().st_mode & 0o777) == "0o600"


def test_a_configured_pkcs12_file_signs(settings, tmp_path, default_template):
    """A deployment's own PKCS#12 (here an RSA one with a passphrase) signs instead of the
    development certificate, and the verify page shows its fingerprint."""
    from tests.factories.signing import write_pkcs12

    path, certificate_der = write_pkcs12(tmp_path / "center.p12", passphrase="s3cret-phrase")
    settings.CERTIFICATE_SIGNING_PKCS12 = str(path)
    settings.CERTIFICATE_SIGNING_PASSPHRASE = "s3cret-phrase"
    signing.reset()
    try:
        identity = signing.signing_identity()
        assert identity.certificate_der == certificate_der and not identity.development
        certificate = services.certificate_issue(enrollment=completed_enrollment())
        services.certificate_pdf_store(certificate=certificate)
        reader = PdfFileReader(io.BytesIO(certificate.pdf.read()), strict=False)
        [signature] = reader.embedded_signatures
        assert signature.signer_cert.dump() == certificate_der
    finally:
        signing.reset()


def test_a_wrong_passphrase_fails_the_system_check(settings, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    from tests.factories.signing import write_pkcs12

    path, _der = write_pkcs12(tmp_path / "center.p12", passphrase="right")
    settings.CERTIFICATE_SIGNING_PKCS12 = str(path)
    settings.CERTIFICATE_SIGNING_PASSPHRASE = "wrong"
    try:
        with pytest.raises(SystemCheckError, match="CERTIFICATE_SIGNING_PASSPHRASE"):
            call_command("check")
    finally:
        signing.reset()


def test_reused_signed_attributes_are_the_ones_pyhanko_builds():
    """The signer keeps the constant signed attributes (certificates/signing.py); for the
    same document digest it must sign exactly what pyHanko itself would."""
    import asyncio
    import hashlib

    from pyhanko.sign import signers

    ours = signing._signer()
    theirs = signers.SimpleSigner(
        signing_key=ours.signing_key, signing_cert=ours.signing_cert, cert_registry=ours.cert_registry
    )
    loop = asyncio.new_event_loop()
    try:
        for text in (b"first", b"second", b"third"):
            digest = hashlib.sha256(text).digest()
            kept = loop.run_until_complete(ours.signed_attrs(digest, "sha256", use_pades=True))
            built = loop.run_until_complete(theirs.signed_attrs(digest, "sha256", use_pades=True))
            assert kept.dump() == built.dump()
    finally:
        loop.close()
