"""Signing certificate PDFs (PAdES) with the deployment's signing certificate, by pyHanko.

Every PDF we store (a certificate's, a batch's) is signed once, in the code path that
stores it, so anyone holding the file can check that it is ours and unchanged, without
our site (docs/certificates.md, "Signed PDFs"):

- **PAdES B-B** always: a CAdES signature (``ETSI.CAdES.detached``) over the whole file,
  SHA-256, with the signing certificate embedded.
- **PAdES B-T** when ``CERTIFICATE_TSA_URL`` names an RFC 3161 time-stamping authority:
  the signature also carries that authority's timestamp, so it stays verifiable after
  our certificate expires or is replaced.

The signature is an *incremental update*: the bytes WeasyPrint wrote (PDF/A-2b, with its
XMP metadata and output intent) stay as they are, and an invisible signature field with
the print flag (PDF/A forbids hidden annotations) is appended.

The key comes from ``CERTIFICATE_SIGNING_PKCS12`` and ``CERTIFICATE_SIGNING_PASSPHRASE``.
Without them (development, tests), a self-signed ECDSA P-256 certificate is made on first
use under ``var/signing/`` and reused; production settings refuse to start without a
configured one.
"""

import asyncio
import concurrent.futures
import datetime
import functools
import hashlib
import io
import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)
_local = threading.local()

# The signature's field, and what a PDF reader shows as its reason and place.
FIELD_NAME = "LMSCertificateSignature"
SIGNATURE_REASON = _("Certificate issued by a Community Digital Center")
SIGNATURE_LOCATION = _("Thailand")
# The development certificate: its file name under CERTIFICATE_SIGNING_DEV_DIR, its name.
DEVELOPMENT_FILE = "development.p12"
DEVELOPMENT_COMMON_NAME = "LMS development certificate signing (not for production)"
DEVELOPMENT_VALID_DAYS = 10 * 365


@dataclass(frozen=True)
class SigningIdentity:
    """The key and certificate that sign our PDFs, as loaded from a PKCS#12 file."""

    pkcs12_path: Path
    passphrase: bytes | None
    certificate_der: bytes
    development: bool

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the signing certificate, ``AB:CD:…`` (as browsers and ``openssl
        x509 -fingerprint -sha256`` print it)."""
        digest = hashlib.sha256(self.certificate_der).hexdigest().upper()
        return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))

    @property
    def certificate_pem(self) -> str:
        certificate = x509.load_der_x509_certificate(self.certificate_der)
        return certificate.public_bytes(serialization.Encoding.PEM).decode()

    @property
    def subject(self) -> str:
        return x509.load_der_x509_certificate(self.certificate_der).subject.rfc4514_string()


def _passphrase() -> bytes | None:
    value = settings.CERTIFICATE_SIGNING_PASSPHRASE
    return value.encode() if value else None


def _load(path: Path, passphrase: bytes | None, *, development: bool) -> SigningIdentity:
    try:
        key, certificate, _others = pkcs12.load_key_and_certificates(path.read_bytes(), passphrase)
    except (OSError, ValueError) as error:
        raise ImproperlyConfigured(
            f"The certificate signing key {path} cannot be read ({error}). Check "
            "CERTIFICATE_SIGNING_PKCS12 and CERTIFICATE_SIGNING_PASSPHRASE (docs/certificates.md)."
        ) from error
    if key is None or certificate is None:
        raise ImproperlyConfigured(f"{path} must hold the signing key and its certificate.")
    return SigningIdentity(
        pkcs12_path=path,
        passphrase=passphrase,
        certificate_der=certificate.public_bytes(serialization.Encoding.DER),
        development=development,
    )


def development_pkcs12() -> bytes:
    """A new self-signed ECDSA P-256 certificate for signing, as unencrypted PKCS#12.

    ECDSA P-256 signs in well under a millisecond; the certificate may sign documents
    (digitalSignature, nonRepudiation) and nothing else.
    """
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "TH"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, settings.WAGTAIL_SITE_NAME),
            x509.NameAttribute(NameOID.COMMON_NAME, DEVELOPMENT_COMMON_NAME),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=DEVELOPMENT_VALID_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        b"lms-development", key, certificate, None, serialization.NoEncryption()
    )


def _development_identity() -> SigningIdentity:
    """The development certificate under ``CERTIFICATE_SIGNING_DEV_DIR``, made if missing.

    Two processes may start at once (runserver and a worker): each writes its own
    temporary file and links it in under the final name only if no file is there
    (``os.link`` fails when the name exists), so exactly one certificate wins and both
    load it.
    """
    folder = Path(settings.CERTIFICATE_SIGNING_DEV_DIR)
    path = folder / DEVELOPMENT_FILE
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".development-", suffix=".p12")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(development_pkcs12())
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, 0o600)
            try:
                os.link(temporary, path)
                logger.warning("Made a self-signed development certificate for signing PDFs: %s", path)
            except FileExistsError:
                pass  # another process made it first: use theirs
        finally:
            os.unlink(temporary)
    return _load(path, None, development=True)


@functools.cache
def signing_identity() -> SigningIdentity:
    """The deployment's signing identity (loaded once per process).

    Raises ``ImproperlyConfigured`` if a configured PKCS#12 file cannot be read.
    """
    configured = settings.CERTIFICATE_SIGNING_PKCS12
    if configured:
        return _load(Path(configured), _passphrase(), development=False)
    return _development_identity()


@functools.cache
def _signer():
    from pyhanko.sign import signers

    identity = signing_identity()
    loaded = signers.SimpleSigner.load_pkcs12(str(identity.pkcs12_path), passphrase=identity.passphrase)
    # load_pkcs12 always makes a plain SimpleSigner: the same key material, our class.
    return _signer_class()(
        signing_key=loaded.signing_key, signing_cert=loaded.signing_cert, cert_registry=loaded.cert_registry
    )


@functools.cache
def _signer_class():
    """pyHanko's ``SimpleSigner``, reusing the signed attributes that never change.

    A PAdES signature signs three attributes: the content type, the document's digest
    and the signing certificate's hash (ESS signing-certificate-v2). pyHanko builds all
    three from Python values for every signature, and asn1crypto then serialises them
    field by field: about half of the cost of a signature. Here the first signature's
    attributes are kept as DER and the later ones reuse them, with only the digest new;
    anything else (other attributes asked for, a dry run) goes through pyHanko as usual.
    ``tests/certificates/test_signing.py`` checks that both give the same bytes.
    """
    from asn1crypto import cms
    from pyhanko.sign import signers
    from pyhanko.sign.general import simple_cms_attribute

    constant = ("content_type", "signing_certificate_v2")

    class CachedAttributesSigner(signers.SimpleSigner):
        _kept_attributes: dict

        async def signed_attrs(self, data_digest, digest_algorithm, attr_settings=None, **kwargs):
            plain = (
                kwargs.get("use_pades")
                and kwargs.get("content_type", "data") == "data"
                and not kwargs.get("dry_run")
                and kwargs.get("is_pdf_sig", True)
                and (
                    attr_settings is None
                    or not (attr_settings.cades_signed_attrs or attr_settings.adobe_revinfo_attr)
                )
            )
            if not plain:
                return await super().signed_attrs(data_digest, digest_algorithm, attr_settings, **kwargs)
            kept = self.__dict__.setdefault("_kept_attributes", {})
            if digest_algorithm not in kept:
                attributes = await super().signed_attrs(
                    data_digest, digest_algorithm, attr_settings, **kwargs
                )
                types = [attribute["type"].native for attribute in attributes]
                if sorted(types) != sorted([*constant, "message_digest"]):
                    return attributes  # not the three we know: never reuse
                kept[digest_algorithm] = [
                    None if kind == "message_digest" else cms.CMSAttribute.load(attribute.dump())
                    for kind, attribute in zip(types, attributes, strict=True)
                ]
                return attributes
            digest = simple_cms_attribute("message_digest", data_digest)
            return cms.CMSAttributes([digest if attr is None else attr for attr in kept[digest_algorithm]])

    return CachedAttributesSigner


class TimestampUnavailable(Exception):
    """The time-stamping authority (``CERTIFICATE_TSA_URL``) did not answer in
    ``CERTIFICATE_TSA_TIMEOUT_SECONDS``, or refused or garbled the request: nothing was
    signed, so nothing is stored. Trying again later helps; views answer a Thai page
    (503) saying so, and a batch fails with a Thai message and can be printed again."""


def _timestamper():
    url = settings.CERTIFICATE_TSA_URL
    if not url:
        return None
    from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

    return RequestsHTTPTimeStamper(url, timeout=settings.CERTIFICATE_TSA_TIMEOUT_SECONDS)


def _bytes_reserved() -> int:
    """Room for the signature container, given up front: otherwise pyHanko builds the
    whole container twice (a dummy one to measure it), which was two thirds of the cost
    of signing. Our own container (ECDSA or RSA signature and the signing certificate
    with its chain) stays well under 8 KB; a timestamp token brings the authority's
    certificates, a few KB more. Too little room fails loudly in pyHanko."""
    return 8192 + (16384 if settings.CERTIFICATE_TSA_URL else 0)


def sign_pdf(pdf: bytes) -> bytes:
    """``pdf`` with our PAdES signature appended as an incremental update.

    B-B, or B-T with a timestamp from ``CERTIFICATE_TSA_URL`` when set. Raises
    ``ImproperlyConfigured`` for an unreadable key, and :class:`TimestampUnavailable`
    when the time-stamping authority does not answer (from pyHanko's
    ``TimestampRequestError``: a connection refused or timed out, an HTTP error, a
    refusal); the caller stores nothing unsigned.
    """
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError

    try:
        return _sign(pdf)
    except TimestampRequestError as error:
        raise TimestampUnavailable(f"{settings.CERTIFICATE_TSA_URL}: {error}") from error


def _sign(pdf: bytes) -> bytes:
    from pyhanko.sign import fields, signers

    writer = _pdfa_writer_class()(io.BytesIO(pdf), strict=False)
    with translation.override("th"):  # a PDF reader shows these beside the signature
        reason, location = str(SIGNATURE_REASON), str(SIGNATURE_LOCATION)
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
    )
    signer = _pdfa_signer_class()(
        metadata,
        signer=_signer(),
        timestamper=_timestamper(),
        new_field_spec=fields.SigFieldSpec(sig_field_name=FIELD_NAME),
    )
    signing = signer.async_sign_pdf(writer, bytes_reserved=_bytes_reserved())
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # the usual case: a task or a view, no loop in this thread
        return _event_loop().run_until_complete(signing).getvalue()
    # Called from inside a running event loop (an async caller; Playwright's synchronous
    # API in browser tests): sign in a helper thread, with that thread's own loop.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: _event_loop().run_until_complete(signing)).result().getvalue()


def _event_loop() -> asyncio.AbstractEventLoop:
    """One event loop per thread for pyHanko's asynchronous API, kept between signatures.

    pyHanko's synchronous ``sign_pdf`` wraps each signature in ``asyncio.run``, which
    makes and tears down an event loop every time: 10 of the 17 ms a signature took.
    Callers inside a running loop sign in a helper thread instead (:func:`sign_pdf`).
    """
    loop = getattr(_local, "loop", None)
    if loop is None or loop.is_closed():
        loop = _local.loop = asyncio.new_event_loop()
    return loop


@functools.cache
def _pdfa_writer_class():
    """pyHanko's incremental writer, leaving the document's metadata as WeasyPrint wrote it.

    pyHanko normally appends itself to the Info dictionary's ``/Producer`` and writes a
    new XMP packet with another producer: the two would then disagree, which PDF/A
    forbids. The signature changes nothing the metadata describes, so both stay as they
    are (``tests/certificates/test_signing.py`` compares them).
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    class PdfAIncrementalWriter(IncrementalPdfFileWriter):
        def _update_meta(self):
            pass

    return PdfAIncrementalWriter


@functools.cache
def _pdfa_signer_class():
    """pyHanko's ``PdfSigner``, keeping the file a PDF 1.7 (so PDF/A-2) with an ECDSA key.

    For ECDSA keys pyHanko raises the document's version to PDF 2.0 (ISO 32002 specifies
    ECDSA for PDF 2.0); PDF/A-2 is built on PDF 1.7. PAdES (ETSI EN 319 142-1) allows
    ECDSA in PDF 1.7 through the ESIC extension, which is all this registers.
    """
    from pyhanko.sign import fields, signers
    from pyhanko.sign.signers.constants import ESIC_EXTENSION_1

    class PdfASigner(signers.PdfSigner):
        def register_extensions(self, pdf_out, *, md_algorithm):
            if self.signature_meta.subfilter == fields.SigSeedSubFilter.PADES:
                pdf_out.ensure_output_version(version=(1, 7))
                pdf_out.register_extension(ESIC_EXTENSION_1)

    return PdfASigner


def reset() -> None:
    """Forget the loaded identity (tests that switch certificates; a key rotation is a
    restart)."""
    signing_identity.cache_clear()
    _signer.cache_clear()
