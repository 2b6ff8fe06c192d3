"""Changing a password on a shared PC: the current password or a fresh re-authentication,
except the one step right after an SMS code; recovery by SMS and by email ends logged in."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from lms.accounts import sms
from tests.factories import MembershipFactory, UserFactory, totp_code
from tests.factories.accounts import TEST_PASSWORD

pytestmark = pytest.mark.django_db

NEW = "มะม่วงสุก-2567"
SET_PASSWORD = "/accounts/set-password/"


@pytest.fixture(autouse=True)
def empty_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def _holders():
    return {
        "learner": lambda: UserFactory(),
        "center staff": lambda: MembershipFactory().user,
        "superuser": lambda: UserFactory(is_superuser=True, is_staff=True),
    }


@pytest.mark.parametrize("role", list(_holders()))
def test_an_open_session_cannot_change_the_password_without_the_current_one(client, role):
    user = _holders()[role]()
    client.force_login(user)  # a session left open on a center PC

    page = client.get(SET_PASSWORD).content.decode()
    response = client.post(SET_PASSWORD, {"password1": NEW, "password2": NEW})

    assert 'name="current_password"' in page and "รหัสผ่านปัจจุบัน" in page
    assert response.status_code == 200
    assert 'id="id_current_password_error"' in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD) and not user.check_password(NEW)


def test_a_wrong_current_password_is_refused_in_thai(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        SET_PASSWORD, {"current_password": "เดาเอา-1234", "password1": NEW, "password2": NEW}
    )
    assert "ไม่ใช่รหัสผ่านปัจจุบัน" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_the_current_password_allows_the_change(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        SET_PASSWORD, {"current_password": TEST_PASSWORD, "password1": NEW, "password2": NEW}
    )
    assert response["Location"] == reverse("courses:dashboard")
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert client.get("/my-courses/").status_code == 200  # still logged in


def test_a_fresh_reauthentication_allows_the_change_without_the_current_password(client):
    user = MembershipFactory().user
    client.force_login(user)
    response = client.post(
        reverse("account_reauthenticate"), {"password": TEST_PASSWORD, "next": SET_PASSWORD}
    )
    assert response["Location"] == SET_PASSWORD

    assert 'name="current_password"' not in client.get(SET_PASSWORD).content.decode()
    response = client.post(SET_PASSWORD, {"password1": NEW, "password2": NEW})
    assert response["Location"] == reverse("courses:dashboard")
    user.refresh_from_db()
    assert user.check_password(NEW)


def test_a_reauthentication_older_than_the_timeout_no_longer_counts(client, settings):
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD, "next": SET_PASSWORD})
    client.post(SET_PASSWORD, {"password1": NEW, "password2": NEW})
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_allauths_change_and_set_pages_lead_to_ours(client):
    client.force_login(UserFactory())
    assert client.get("/accounts/password/change/")["Location"] == SET_PASSWORD
    assert client.get("/accounts/password/set/")["Location"] == SET_PASSWORD


def _sms_code(message: str) -> str:
    return re.search(r"รหัสยืนยันของคุณคือ (\S+)", message).group(1)


def _recover_by_sms(client, phone="+66812345678"):
    page = client.get(reverse("account_reset_password")).content.decode()
    link = re.search(r'href="([^"]*/accounts/login/code/[^"]*)"', page).group(1).replace("&amp;", "&")
    client.get(link)
    response = client.post(link, {"phone": "081-234-5678"})
    [(to, message)] = sms.outbox
    assert to == phone
    return client.post(response["Location"], {"code": _sms_code(message)})


def test_forgot_password_by_sms_ends_logged_in_with_the_new_password(client):
    user = UserFactory(phone="+66812345678", email=None)

    response = _recover_by_sms(client)

    assert response["Location"] == SET_PASSWORD
    page = client.get(SET_PASSWORD).content.decode()
    assert 'name="current_password"' not in page
    response = client.post(SET_PASSWORD, {"password1": NEW, "password2": NEW})
    assert response["Location"] == reverse("courses:dashboard")
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert client.get("/my-courses/").wsgi_request.user == user


def test_the_sms_step_works_once(client):
    UserFactory(phone="+66812345678", email=None)
    _recover_by_sms(client)
    client.post(SET_PASSWORD, {"password1": NEW, "password2": NEW})
    assert 'name="current_password"' in client.get(SET_PASSWORD).content.decode()


def test_a_failed_sms_password_step_can_be_tried_again(client):
    user = UserFactory(phone="+66812345678", email=None)
    _recover_by_sms(client)
    response = client.post(SET_PASSWORD, {"password1": NEW, "password2": "อย่างอื่น-2567"})
    assert "ไม่ตรงกัน" in response.content.decode()
    client.post(SET_PASSWORD, {"password1": NEW, "password2": NEW})
    user.refresh_from_db()
    assert user.check_password(NEW)


def test_the_sms_step_expires(client, settings):
    settings.ACCOUNTS_PASSWORD_STEP_SECONDS = 0
    user = UserFactory(phone="+66812345678", email=None)
    _recover_by_sms(client)
    client.post(SET_PASSWORD, {"password1": NEW, "password2": NEW})
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_a_password_login_does_not_open_the_step(client):
    UserFactory(email="somchai@example.com")
    client.post(reverse("account_login"), {"login": "somchai@example.com", "password": TEST_PASSWORD})
    assert 'name="current_password"' in client.get(SET_PASSWORD).content.decode()


def test_forgot_password_by_email_ends_logged_in(client):
    user = UserFactory(email="malee@example.com")
    client.post(reverse("account_reset_password"), {"email": "malee@example.com"})
    [message] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", message.body).group(1)

    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"password1": NEW, "password2": NEW})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert client.get("/my-courses/").wsgi_request.user == user


def test_staff_may_confirm_it_is_them_with_the_authenticator_app_instead(client):
    staff = MembershipFactory().user
    client.force_login(staff)
    page = client.get(reverse("mfa_reauthenticate")).content.decode()
    assert "ยืนยันว่าเป็นคุณ" in page and "รหัส 6 หลักจากแอปยืนยันตัวตน" in page

    client.post(reverse("mfa_reauthenticate"), {"code": totp_code(staff)})

    assert 'name="current_password"' not in client.get(SET_PASSWORD).content.decode()
