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
