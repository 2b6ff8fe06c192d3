"""The key that signs Open Badges credentials, and the public keys we publish.

``OPENBADGES_SIGNING_KEY`` names a PEM file with an unencrypted RSA private key of
2048 bits or more (PKCS#8 ``BEGIN PRIVATE KEY`` or PKCS#1 ``BEGIN RSA PRIVATE KEY``).
Production settings refuse to start without it. Elsewhere a development key is
generated under ``VAR_DIR/openbadges/`` on first use: written whole to a temporary
file and hard-linked into place, so two processes starting at once end up sharing the
one key that won, never half a file or two different keys.

RSA and RS256 because Open Badges 3.0 (section 8.2, "JSON Web Token Proof Format")
makes RS256 the algorithm every verifier must support; others "limit interoperability".
"""

import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from joserfc.jwk import RSAKey

ALGORITHM = "RS256"
MIN_KEY_BITS = 2048
DEV_KEY_BITS = 3072
DEV_KEY_NAME = "dev-signing-key.pem"


@dataclass(frozen=True)
class SigningKey:
    """The private key that signs, with its RFC 7638 thumbprint (the key's id)."""

    key: RSAKey
    thumbprint: str

    def public_jwk(self) -> dict:
        return public_jwk(self.key)


def public_jwk(key: RSAKey) -> dict:
    """The public half as a JWK: never ``d`` or the other private members."""
    jwk = key.as_dict(private=False)
    jwk.update({"kid": key.thumbprint(), "alg": ALGORITHM, "use": "sig"})
    return jwk


def _load_rsa(data: bytes, *, source: str, private: bool) -> RSAKey:
    """An RSA key from PEM ``data``; ``ImproperlyConfigured`` saying what is wrong."""
    try:
        if private:
            loaded = serialization.load_pem_private_key(data, password=None)
        else:
            loaded = serialization.load_pem_public_key(data)
    except (ValueError, TypeError) as error:
        kind = "an unencrypted PEM private key" if private else "a PEM public key"
        raise ImproperlyConfigured(f"{source} is not {kind}: {error}") from error
    if not isinstance(loaded, rsa.RSAPrivateKey | rsa.RSAPublicKey):
        raise ImproperlyConfigured(f"{source} must hold an RSA key (Open Badges signs with RS256).")
    if loaded.key_size < MIN_KEY_BITS:
        raise ImproperlyConfigured(
            f"{source} is an RSA key of {loaded.key_size} bits; use {MIN_KEY_BITS} or more."
        )
    return RSAKey.import_key(data)


def development_key_path() -> Path:
    return Path(settings.VAR_DIR) / "openbadges" / DEV_KEY_NAME


def ensure_development_key(path: Path) -> bytes:
    """The PEM at ``path``, generating it first if there is none (race-safe).

    The new key is written to a temporary file in the same folder and hard-linked to
    ``path``; a process that loses the race drops its own and reads the winner's.
    """
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=DEV_KEY_BITS)
    pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".key-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(pem)
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
    finally:
        os.unlink(temporary)
    return path.read_bytes()


@lru_cache(maxsize=4)
def _signing_key(configured: str, var_dir: str) -> SigningKey:
    if configured:
        path = Path(configured)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise ImproperlyConfigured(f"OPENBADGES_SIGNING_KEY: cannot read {path}: {error}") from error
        key = _load_rsa(data, source=f"OPENBADGES_SIGNING_KEY ({path})", private=True)
    else:
        path = Path(var_dir) / "openbadges" / DEV_KEY_NAME
        key = _load_rsa(ensure_development_key(path), source=str(path), private=True)
    return SigningKey(key=key, thumbprint=key.thumbprint())


def signing_key() -> SigningKey:
    """The configured signing key (read once per process and setting)."""
    return _signing_key(settings.OPENBADGES_SIGNING_KEY, str(settings.VAR_DIR))


@lru_cache(maxsize=4)
def _retired_keys(paths: tuple[str, ...]) -> tuple[RSAKey, ...]:
    keys = []
    for name in paths:
        try:
            data = Path(name).read_bytes()
        except OSError as error:
            raise ImproperlyConfigured(
                f"OPENBADGES_RETIRED_PUBLIC_KEYS: cannot read {name}: {error}"
            ) from error
        keys.append(_load_rsa(data, source=f"OPENBADGES_RETIRED_PUBLIC_KEYS ({name})", private=False))
    return tuple(keys)


def published_jwks() -> dict:
    """Every public key a credential of ours may name: the current one, then retired ones."""
    current = signing_key()
    keys = [current.public_jwk()]
    for key in _retired_keys(tuple(settings.OPENBADGES_RETIRED_PUBLIC_KEYS)):
        if key.thumbprint() != current.thumbprint:
            keys.append(public_jwk(key))
    return {"keys": keys}


def published_jwk(kid: str) -> dict | None:
    """The public JWK whose thumbprint is ``kid``, or ``None``."""
    return next((jwk for jwk in published_jwks()["keys"] if jwk["kid"] == kid), None)
