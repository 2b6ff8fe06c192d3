"""Signing certificates for tests: a deployment's own PKCS#12 file, as a center gets one,
and a time-stamping authority's (tests/certificates/tsa.py serves it)."""

import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def write_pkcs12(path: Path, *, passphrase: str) -> tuple[Path, bytes]:
    """Write an RSA-2048 key with a self-signed certificate to ``path`` (PKCS#12,
    encrypted with ``passphrase``); return the path and the certificate (DER)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ศูนย์ทดสอบ test signing")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"test", key, certificate, None, serialization.BestAvailableEncryption(passphrase.encode())
        )
    )
    return path, certificate.public_bytes(serialization.Encoding.DER)


def production_keys_env(folder: Path) -> dict[str, str]:
    """The two signing keys production refuses to start without: the PDF signing
    certificate (PKCS#12 with a passphrase) and the Open Badges key (unencrypted PEM)."""
    folder.mkdir(parents=True, exist_ok=True)
    p12, _der = write_pkcs12(folder / "signing.p12", passphrase="production-test")
    badge_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = folder / "openbadges.pem"
    pem.write_bytes(
        badge_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return {
        "CERTIFICATE_SIGNING_PKCS12": str(p12),
        "CERTIFICATE_SIGNING_PASSPHRASE": "production-test",
        "OPENBADGES_SIGNING_KEY": str(pem),
    }


def timestamping_authority() -> tuple[x509.Certificate, x509.Certificate, rsa.RSAPrivateKey]:
    """A throwaway RFC 3161 time-stamping authority: a root, and the authority's own
    certificate issued by it (RSA, as pyHanko's ``DummyTimeStamper`` signs with RSA only),
    whose only use is timestamping (extendedKeyUsage timeStamping, critical, as RFC 3161
    § 2.3 requires). Returns the root, the authority's certificate and its key."""
    now = datetime.datetime.now(datetime.UTC)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "LMS test TSA root")])
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(key_cert_sign=True, crl_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "LMS test TSA")]))
        .issuer_name(root_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(digital_signature=True), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False
        )
        .sign(root_key, hashes.SHA256())
    )
    return root, certificate, key


def _key_usage(**allowed: bool) -> x509.KeyUsage:
    names = (
        "digital_signature",
        "content_commitment",
        "key_encipherment",
        "data_encipherment",
        "key_agreement",
        "key_cert_sign",
        "crl_sign",
        "encipher_only",
        "decipher_only",
    )
    return x509.KeyUsage(**{name: allowed.get(name, False) for name in names})
