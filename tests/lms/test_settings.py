"""Production settings: they refuse to start without secrets and pass check --deploy."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, env_extra=None, drop=()):
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("DJANGO_")}
    env.update({"DJANGO_SETTINGS_MODULE": "lms.settings.production"})
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _signing_env(tmp_path):
    """A deployment's signing certificate (PKCS#12), as production requires."""
    from tests.factories.signing import write_pkcs12

    passphrase = secrets.token_urlsafe(12)
    path, _der = write_pkcs12(tmp_path / "signing.p12", passphrase=passphrase)
    return {"CERTIFICATE_SIGNING_PKCS12": str(path), "CERTIFICATE_SIGNING_PASSPHRASE": passphrase}


def _openbadges_env(tmp_path):
    """The Open Badges signing key, as production requires: a real key file, because the
    certificates app's system check loads it (docs/certificates.md)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path = tmp_path / "openbadges.pem"
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return {"OPENBADGES_SIGNING_KEY": str(path)}


def test_production_settings_pass_check_deploy(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "DJANGO_SECRET_KEY": "x" * 30 + "a-long-random-production-secret-key-1234567890",
            "DJANGO_ALLOWED_HOSTS": "lms.example.org",
            **_signing_env(tmp_path),
            **_openbadges_env(tmp_path),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_secret_key():
    result = _manage("check", env_extra={"DJANGO_ALLOWED_HOSTS": "lms.example.org"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_refuse_to_start_without_a_signing_certificate(tmp_path):
    """Production never signs certificates with a development certificate made on the fly."""
    result = _manage(
        "check",
        env_extra={
            "DJANGO_SECRET_KEY": "y" * 60,
            "DJANGO_ALLOWED_HOSTS": "lms.example.org",
            **_openbadges_env(tmp_path),
        },
        drop=("CERTIFICATE_SIGNING_PKCS12",),
    )
    assert result.returncode != 0
    assert "CERTIFICATE_SIGNING_PKCS12" in result.stderr


def test_production_settings_refuse_a_signing_certificate_that_does_not_open(tmp_path):
    env = {
        **_signing_env(tmp_path),
        **_openbadges_env(tmp_path),
        "CERTIFICATE_SIGNING_PASSPHRASE": "not-the-passphrase",
    }
    result = _manage(
        "check", env_extra={"DJANGO_SECRET_KEY": "y" * 60, "DJANGO_ALLOWED_HOSTS": "lms.example.org", **env}
    )
    assert result.returncode != 0
    assert "certificates.E001" in result.stderr + result.stdout


def test_production_settings_refuse_to_start_without_allowed_hosts():
    result = _manage("check", env_extra={"DJANGO_SECRET_KEY": "y" * 60})
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_sqlite_runs_in_wal_mode_with_busy_timeout_and_immediate_transactions(settings, db):
    from django.db import connection

    if connection.vendor != "sqlite":
        assert settings.IS_POSTGRES
        assert "django.contrib.postgres" in settings.INSTALLED_APPS
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0].lower() == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
    assert connection.transaction_mode == "IMMEDIATE"


def test_language_and_time_zone_are_thai(settings):
    assert settings.LANGUAGE_CODE == "th"
    assert [code for code, _ in settings.LANGUAGES] == ["th", "en"]
    assert settings.TIME_ZONE == "Asia/Bangkok"
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None


def test_phone_verification_can_be_turned_off_until_an_sms_provider_exists():
    code = "from django.conf import settings; print(settings.ACCOUNT_PHONE_VERIFICATION_ENABLED)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test"}
    on = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={k: v for k, v in env.items() if k != "PHONE_VERIFICATION_ENABLED"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    off = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**env, "PHONE_VERIFICATION_ENABLED": "false"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert on.stdout.strip() == "True", on.stderr
    assert off.stdout.strip() == "False", off.stderr
