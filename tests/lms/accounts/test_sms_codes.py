"""Codes by SMS go through the adapter to the configured backend (console in tests)."""

import re

import pytest
from django.urls import reverse

from lms.accounts import sms
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def test_forgotten_password_login_code_is_sent_by_sms_and_logs_in(client):
    user = UserFactory(phone="+66812345678", email=None)
    response = client.post(reverse("account_request_login_code"), {"phone": "081-234-5678"})
    assert response.status_code == 302
    [(phone, message)] = sms.outbox
    assert phone == "+66812345678"
    code = re.search(r"รหัสยืนยันของคุณคือ (\S+)", message).group(1)
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_the_login_code_typed_with_thai_digits_logs_in(client):
    user = UserFactory(phone="+66812345678", email=None)
    client.post(reverse("account_request_login_code"), {"phone": "081-234-5678"})
    [(_phone, message)] = sms.outbox
    code = re.search(r"รหัสยืนยันของคุณคือ (\S+)", message).group(1)
    thai_code = code.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))

    response = client.post(reverse("account_confirm_login_code"), {"code": thai_code})

    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_sms_backend_is_pluggable(settings):
    sent = []
    settings.SMS_BACKEND = "tests.lms.accounts.test_sms_codes.recording_backend"
    recording_backend.sent = sent
    sms.send_sms("+66812345678", "สวัสดี")
    assert sent == [("+66812345678", "สวัสดี")]
    assert sms.outbox == []


def recording_backend(phone, message):
    recording_backend.sent.append((phone, message))
