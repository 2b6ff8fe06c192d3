"""The SMS budget: codes only to numbers with an account, capped per number, per IP
and for the whole site; over a cap the learner gets the Thai 429 page, never a 500."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from lms.accounts import sms
from lms.accounts.models import User
from tests.factories import CenterFactory, UserFactory, province
from tests.lms.accounts.test_signup import signup_data, submit

pytestmark = pytest.mark.django_db

REQUEST_CODE = "account_request_login_code"


@pytest.fixture(autouse=True)
def empty_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def ask_code(client, phone, ip="10.1.1.1"):
    return client.post(reverse(REQUEST_CODE), {"phone": phone}, REMOTE_ADDR=ip)


def shown_messages(client, response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_number_without_an_account_gets_no_sms_and_the_same_answer(client):
    UserFactory(phone="+66812345678", phone_verified=True, email=None)
    known = ask_code(client, "081-234-5678")
    known_text = shown_messages(client, known)
    unknown_client = client.__class__()
    unknown = ask_code(unknown_client, "089-999-9999")
    unknown_text = shown_messages(unknown_client, unknown)

    assert [phone for phone, _message in sms.outbox] == ["+66812345678"]
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known_text == ["ถ้าเบอร์ 081-234-5678 มีบัญชีอยู่ ระบบได้ส่งรหัสเข้าสู่ระบบทาง SMS ให้แล้ว"]
    assert unknown_text == ["ถ้าเบอร์ 089-999-9999 มีบัญชีอยู่ ระบบได้ส่งรหัสเข้าสู่ระบบทาง SMS ให้แล้ว"]


def test_the_per_number_cap_stops_codes_to_one_number(client, settings):
    settings.ACCOUNTS_RATE_LIMITS = {"sms_number": "2/h/key"}
    UserFactory(phone="+66812345678", phone_verified=True, email=None)
    statuses = [ask_code(client.__class__(), "0812345678", ip=f"10.1.1.{n}").status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    assert len(sms.outbox) == 2


def test_the_per_ip_cap_stops_one_address_texting_many_numbers(client, settings):
    settings.ACCOUNTS_RATE_LIMITS = {"sms_ip": "2/h/ip"}
    for n in range(3):
        UserFactory(phone=f"+6681234567{n}", phone_verified=True, email=None)
    responses = [ask_code(client.__class__(), f"081234567{n}") for n in range(3)]
    assert [r.status_code for r in responses] == [302, 302, 429]
    assert len(sms.outbox) == 2
    assert "กรุณารอสักครู่" in responses[2].content.decode()
    # Another address still gets its code.
    assert ask_code(client.__class__(), "0812345672", ip="10.9.9.9").status_code == 302


def test_the_site_wide_cap_stops_every_address(client, settings):
    settings.ACCOUNTS_RATE_LIMITS = {"sms_global": "2/h/key"}
    for n in range(3):
        UserFactory(phone=f"+6681234567{n}", phone_verified=True, email=None)
    statuses = [ask_code(client.__class__(), f"081234567{n}", ip=f"10.2.2.{n}").status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    assert len(sms.outbox) == 2


def test_a_phone_sign_up_over_the_budget_answers_429_in_thai_not_500(client, settings):
    settings.ACCOUNTS_RATE_LIMITS = {"sms_ip": "1/h/ip"}
    center = CenterFactory(province=province("50"))
    first = submit(client.__class__(), signup_data(center, phone="081-234-5678"))
    assert first.status_code == 302
    second = submit(client.__class__(), signup_data(center, phone="081-234-5679"))
    assert second.status_code == 429
    assert "กรุณารอสักครู่" in second.content.decode()
    assert len(sms.outbox) == 1
    # The account is made; logging in later sends the code.
    assert User.objects.filter(phone="+66812345679", phone_verified=False).exists()
