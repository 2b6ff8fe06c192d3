"""The Open Badges signing key: from the environment in production, generated once
(race-safe) in development, published as JWKs, retired keys kept verifiable."""

import json
import os
import subprocess
import sys
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from certificates import services
from certificates.openbadges import keys
from tests.certificates.openbadges_tools import unverified_parts, verify_with_pyjwt
from tests.factories.certificates import completed_enrollment
from tests.factories.signing import write_pkcs12

ROOT = Path(__file__).resolve().parents[2]


def write_rsa_key(path: Path, bits: int = 2048) -> rsa.RSAPrivateKey:
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return key


def write_public_key(path: Path, key) -> None:
    path.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )


def test_production_refuses_to_start_without_a_signing_key(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"OPENBADGES_SIGNING_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="lms.example.org",
        LMS_VAR_DIR=str(tmp_path),
    )
    started = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert started.returncode != 0
    assert "OPENBADGES_SIGNING_KEY must be set in production" in started.stderr


def test_two_processes_generating_the_development_key_at_once_share_one(tmp_path):
    target = tmp_path / "openbadges" / keys.DEV_KEY_NAME
    script = (
        "import sys, time; from pathlib import Path;"
        "from certificates.openbadges.keys import ensure_development_key;"
        "time.sleep(max(0.0, float(sys.argv[2]) - time.time()));"
        "sys.stdout.buffer.write(ensure_development_key(Path(sys.argv[1])))"
    )
    import time

    start_at = str(time.time() + 8)
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(target), start_at],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(4)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert all(run.returncode == 0 for run in runs), [err for _out, err in outputs]
    pems = {out for out, _err in outputs}
    assert pems == {target.read_bytes()}
    assert b"BEGIN PRIVATE KEY" in target.read_bytes()
    assert sorted(p.name for p in target.parent.iterdir()) == [keys.DEV_KEY_NAME]  # no temporary left


@pytest.mark.django_db
def test_the_configured_key_signs_and_is_published(client, settings, tmp_path, default_template):
    private = write_rsa_key(tmp_path / "signing.pem")
    settings.OPENBADGES_SIGNING_KEY = str(tmp_path / "signing.pem")
    certificate = services.certificate_issue(enrollment=completed_enrollment())
    client.force_login(certificate.user)
    token = client.get(reverse("certificates:credential", args=[certificate.pk])).content.decode()
    jwt.decode(
        token, key=private.public_key(), algorithms=["RS256"], options={"verify_aud": False}
    )  # the configured key's public half, not the one we publish
    verify_with_pyjwt(token, client)


@pytest.mark.parametrize("problem", ["missing", "not a key", "elliptic curve", "too short"])
def test_an_unusable_key_file_is_refused_with_a_clear_reason(settings, tmp_path, problem):
    path = tmp_path / "signing.pem"
    if problem == "not a key":
        path.write_text("hello")
    elif problem == "elliptic curve":
        path.write_bytes(
            ec.generate_private_key(ec.SECP256R1()).private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    elif problem == "too short":
        write_rsa_key(path, bits=1024)
    settings.OPENBADGES_SIGNING_KEY = str(path)
    with pytest.raises(ImproperlyConfigured, match="OPENBADGES_SIGNING_KEY"):
        keys.signing_key()


@pytest.mark.django_db
def test_a_retired_key_stays_published_so_old_credentials_still_verify(
    client, settings, tmp_path, default_template
):
    old = write_rsa_key(tmp_path / "old.pem")
    settings.OPENBADGES_SIGNING_KEY = str(tmp_path / "old.pem")
    certificate = services.certificate_issue(enrollment=completed_enrollment())
    client.force_login(certificate.user)
    old_token = client.get(reverse("certificates:credential", args=[certificate.pk])).content.decode()

    write_rsa_key(tmp_path / "new.pem")
    write_public_key(tmp_path / "old.pub.pem", old)
    settings.OPENBADGES_SIGNING_KEY = str(tmp_path / "new.pem")
    settings.OPENBADGES_RETIRED_PUBLIC_KEYS = [str(tmp_path / "old.pub.pem")]
    new_token = client.get(reverse("certificates:credential", args=[certificate.pk])).content.decode()
    assert unverified_parts(old_token)[0]["kid"] != unverified_parts(new_token)[0]["kid"]
    verify_with_pyjwt(old_token, client)
    verify_with_pyjwt(new_token, client)
    jwks = json.loads(client.get(reverse("certificates:openbadges_jwks")).content)
    assert len(jwks["keys"]) == 2


def test_an_unknown_key_id_is_not_found(client, db):
    assert client.get(reverse("certificates:openbadges_key", args=["no-such-key"])).status_code == 404


def test_a_deployment_with_a_broken_key_file_fails_its_checks(tmp_path):
    (tmp_path / "signing.pem").write_text("not a key")
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="lms.example.org",
        OPENBADGES_SIGNING_KEY=str(tmp_path / "signing.pem"),
        LMS_VAR_DIR=str(tmp_path),
    )
    # Production also needs the PDF signing certificate (a good one: only the badge key is broken).
    pkcs12, _der = write_pkcs12(tmp_path / "pdf-signing.p12", passphrase="pdf-signing")
    env.update(CERTIFICATE_SIGNING_PKCS12=str(pkcs12), CERTIFICATE_SIGNING_PASSPHRASE="pdf-signing")
    checked = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert checked.returncode != 0
    assert "certificates.E002" in checked.stderr and "is not an unencrypted PEM private key" in checked.stderr
