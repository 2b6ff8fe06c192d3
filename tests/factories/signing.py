"""Signing certificates for tests: a deployment's own PKCS#12 file, as a center gets one."""

import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


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
