"""Sign-up with a mobile number: a code goes by SMS and confirms the number."""

import re

import pytest
from django.urls import reverse

from lms.accounts import sms
from lms.accounts.models import User
from tests.factories import CenterFactory, UserFactory, province
from tests.lms.accounts.test_signup import signup_data, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def center():
    return CenterFactory(province=province("50"), name="ศูนย์ดิจิทัลชุมชนบ้านทดสอบ")


@pytest.fixture(autouse=True)
def empty_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def sent_code() -> str:
    [(phone, message)] = sms.outbox
    assert phone == "+66812345678"
    return re.search(r"รหัสยืนยันของคุณคือ (\d{6})\b", message).group(1)


def test_phone_signup_sends_one_code_and_the_code_verifies_the_number(client, center):
    response = submit(client, signup_data(center, phone="081-234-5678"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_verify_phone")
    code = sent_code()
    user = User.objects.get(phone="+66812345678")
    assert user.phone_verified is False
    assert "_auth_user_id" not in client.session

    page = client.get(reverse("account_verify_phone"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'inputmode="numeric"' in html
    assert "081-234-5678" in html
    assert "ส่งรหัสใหม่" in html

    response = client.post(reverse("account_verify_phone"), {"action": "verify", "code": code})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.phone_verified is True
    assert client.session.get("_auth_user_id") == str(user.pk)
    assert len(sms.outbox) == 1


def test_the_sms_code_typed_with_thai_digits_verifies_the_number(client, center):
    submit(client, signup_data(center, phone="081-234-5678"))
    thai_code = sent_code().translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    # The browser lets Thai digits through the box, too.
    assert 'pattern="[0-9๐-๙]*"' in client.get(reverse("account_verify_phone")).content.decode()

    response = client.post(reverse("account_verify_phone"), {"action": "verify", "code": thai_code})

    assert response.status_code == 302
    assert User.objects.get(phone="+66812345678").phone_verified is True


def test_wrong_code_is_refused_in_thai_next_to_the_field(client, center):
    submit(client, signup_data(center, phone="0812345678"))
    code = sent_code()
    wrong = "000000" if code != "000000" else "111111"
    response = client.post(reverse("account_verify_phone"), {"action": "verify", "code": wrong})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_code_error"' in html
    assert "รหัสไม่ถูกต้อง" in html
    assert User.objects.get(phone="+66812345678").phone_verified is False
    assert "_auth_user_id" not in client.session


def test_resend_sends_a_new_code_that_works(client, center):
    submit(client, signup_data(center, phone="0812345678"))
    sms.outbox.clear()
    # allauth allows one code per number per 30 seconds; let the test skip the wait.
    from django.core.cache import cache

    cache.clear()
    response = client.post(reverse("account_verify_phone"), {"action": "resend"})
    assert response.status_code == 302
    code = sent_code()
    client.post(reverse("account_verify_phone"), {"action": "verify", "code": code})
    assert User.objects.get(phone="+66812345678").phone_verified is True


def test_email_only_signup_sends_no_sms_and_logs_in(client, center):
    response = submit(client, signup_data(center, email="somsri@example.com"))
    assert response.status_code == 302
    assert response["Location"] != reverse("account_verify_phone")
    assert sms.outbox == []
    assert client.session.get("_auth_user_id") == str(User.objects.get(email="somsri@example.com").pk)


def test_login_with_a_number_never_confirmed_asks_for_the_code_first(client):

    user = UserFactory(phone="+66812345678", email=None, password="ช้างเผือก-2567-xyz")
    response = client.post(reverse("account_login"), {"login": "0812345678", "password": "ช้างเผือก-2567-xyz"})
    assert response["Location"] == reverse("account_verify_phone")
    assert "_auth_user_id" not in client.session
    client.post(reverse("account_verify_phone"), {"action": "verify", "code": sent_code()})
    user.refresh_from_db()
    assert user.phone_verified is True
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_demo_learner_logs_in_with_the_phone_without_waiting_for_an_sms(client):
    from lms.demo.accounts import load_accounts, load_centers
    from lms.demo.constants import DEMO_PASSWORD

    learner = load_accounts(load_centers())["learner"]
    response = client.post(reverse("account_login"), {"login": "0812345678", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] != reverse("account_verify_phone")
    assert client.session.get("_auth_user_id") == str(learner.pk)
    assert sms.outbox == []
