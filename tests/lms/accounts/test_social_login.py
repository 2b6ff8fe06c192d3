"""LINE and Google login appear only when their credentials are configured."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[3]


def settings_with_env(**env) -> dict:
    """Import the settings in a fresh interpreter with ``env`` and report what matters."""
    code = (
        "import json, lms.settings.base as s;"
        "print(json.dumps({'apps': s.INSTALLED_APPS, 'providers': sorted(s.SOCIALACCOUNT_PROVIDERS)}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LINE_", "GOOGLE_"))}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_no_credentials_no_providers():
    result = settings_with_env()
    assert result["providers"] == []
    assert not any(app.startswith("allauth.socialaccount.providers.") for app in result["apps"])


def test_credentials_install_line_and_google():
    result = settings_with_env(
        LINE_CHANNEL_ID="123", LINE_CHANNEL_SECRET="s1", GOOGLE_CLIENT_ID="g", GOOGLE_CLIENT_SECRET="s2"
    )
    assert result["providers"] == ["google", "line"]
    assert "allauth.socialaccount.providers.line" in result["apps"]
    assert "allauth.socialaccount.providers.google" in result["apps"]


def test_half_configured_provider_stays_off():
    assert settings_with_env(LINE_CHANNEL_ID="123")["providers"] == []


@pytest.mark.django_db
def test_login_page_has_no_social_buttons_without_credentials(client):
    html = client.get(reverse("account_login")).content.decode()
    assert "LINE" not in html
    assert "Google" not in html


RENDER_BUTTONS = """
import django
django.setup()
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from allauth.socialaccount.models import SocialApp
with connection.schema_editor() as editor:
    editor.create_model(SocialApp)
print(render_to_string("account/includes/social_buttons.html", {}, request=RequestFactory().get("/")))
"""


def render_buttons_with_env(**env) -> str:
    """Render the buttons in a fresh process whose settings saw ``env``.

    Installed apps are fixed when Django starts, so "configured" needs its own process;
    an in-memory database holds the one table allauth reads.
    """
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LINE_", "GOOGLE_", "DATABASE_URL"))}
    out = subprocess.run(
        [sys.executable, "-c", RENDER_BUTTONS],
        env={**clean, "DJANGO_SETTINGS_MODULE": "lms.settings.test", "SQLITE_PATH": ":memory:", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout


def test_buttons_appear_when_configured():
    html = render_buttons_with_env(
        LINE_CHANNEL_ID="123", LINE_CHANNEL_SECRET="s1", GOOGLE_CLIENT_ID="g", GOOGLE_CLIENT_SECRET="s2"
    )
    assert "เข้าสู่ระบบด้วย LINE" in html
    assert "เข้าสู่ระบบด้วย Google" in html


def test_only_the_configured_provider_appears():
    html = render_buttons_with_env(LINE_CHANNEL_ID="123", LINE_CHANNEL_SECRET="s1")
    assert "เข้าสู่ระบบด้วย LINE" in html
    assert "Google" not in html
