"""Throwaway signing keys for benchmarks that run the production settings.

Production refuses to start without the certificate-signing PKCS#12 and the Open Badges
key (docs/certificates.md); a benchmark's servers make their own in the run's folder, so
nothing a deployment uses is touched. ``signing_env(folder)`` returns the variables.
"""

import datetime
import secrets
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


def signing_env(folder: Path) -> dict[str, str]:
    """Write (once) a self-signed ECDSA P-256 PKCS#12 and an RSA Open Badges key into
    ``folder``; return the environment variables that point production at them."""
    folder.mkdir(parents=True, exist_ok=True)
    p12, passphrase_file, pem = (
        folder / "signing.p12",
        folder / "signing.passphrase",
        folder / "openbadges.pem",
    )
    if not p12.exists():
        passphrase = secrets.token_urlsafe(16)
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "benchmark signing")])
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
        p12.write_bytes(
            pkcs12.serialize_key_and_certificates(
                b"benchmark",
                key,
                certificate,
                None,
                serialization.BestAvailableEncryption(passphrase.encode()),
            )
        )
        passphrase_file.write_text(passphrase)
    if not pem.exists():
        badge_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem.write_bytes(
            badge_key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    return {
        "CERTIFICATE_SIGNING_PKCS12": str(p12),
        "CERTIFICATE_SIGNING_PASSPHRASE": passphrase_file.read_text(),
        "OPENBADGES_SIGNING_KEY": str(pem),
    }
