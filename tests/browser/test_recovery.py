"""Forgot password, in Chromium: by SMS and by email, each ends logged in with the new
password, and every page on the way reads in Thai (the visible text has no English)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from lms.accounts import sms
from lms.accounts.models import User
from tests.browser.test_learner_journey import assert_accessible
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEW = "ข้าวเหนียวมะม่วง-2567"
# Words a Thai page may show as they are: the brand names of what the learner uses.
ALLOWED_LATIN = {"SMS", "LINE", "Google"}


def assert_thai_only(page, where: str, user=None, allowed=frozenset()) -> None:
    """The text a person sees on the page holds no English words (the person's own
    generated login ID, e.g. ``K7M2QPXA``, is an identifier, not English; so are the
    ``allowed`` words)."""
    text = page.locator("body").inner_text()
    for identifier in [*allowed, *([user.login_id] if user is not None else [])]:
        text = text.replace(identifier, "")
    english = sorted(set(re.findall(r"[A-Za-z]{2,}", text)) - ALLOWED_LATIN)
    assert english == [], f"{where}: English on the page: {english}\n{text}"
    assert re.search(r"[\u0E00-\u0E7F]", text), f"{where}: no Thai at all"


@pytest.fixture(autouse=True)
def empty_outboxes():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def test_forgot_password_by_sms_ends_logged_in_in_thai(live_server, page):
    user = UserFactory(phone="+66812345678", email=None, first_name="บุญมี")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("link", name="ลืมรหัสผ่านใช่ไหม").click()
    expect(page).to_have_url(re.compile(r"/accounts/password/reset/$"))
    assert_thai_only(page, "forgot password")

    page.locator("a[href*='/accounts/login/code/']").click()
    assert_thai_only(page, "ask for an SMS code")
    page.locator("input[name=phone]").fill("081-234-5678")
    page.locator("main form button[type=submit]").first.click()

    expect(page).to_have_url(re.compile(r"/accounts/login/code/confirm/"))
    assert_thai_only(page, "type the SMS code")
    [(_to, message)] = sms.outbox
    code = re.search(r"รหัสยืนยันของคุณคือ (\S+)", message).group(1)
    page.locator("input[name=code]").fill(code)
    page.locator("main form button[type=submit]").first.click()

    expect(page).to_have_url(re.compile(r"/accounts/set-password/$"))
    assert_thai_only(page, "choose a new password", user)
    assert_accessible(page, "choose a new password")
    expect(page.locator("input[name=current_password]")).to_have_count(0)
    page.locator("input[name=password1]").fill(NEW)
    page.locator("input[name=password2]").fill(NEW)
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/my-courses/$"))
    expect(page.locator(".messages")).to_contain_text("ตั้งรหัสผ่านแล้ว")
    expect(page.get_by_role("link", name="ออกจากระบบ")).to_be_visible()
    assert_thai_only(page, "my courses after recovery", user)
    assert User.objects.get(pk=user.pk).check_password(NEW)


def test_forgot_password_by_email_ends_logged_in_in_thai(live_server, page):
    user = UserFactory(email="malee@example.com", first_name="มาลี")
    page.goto(live_server.url + "/accounts/password/reset/")
    page.locator("input[name=email]").fill("malee@example.com")
    page.locator("form[action$='/accounts/password/reset/'] button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/accounts/password/reset/done/$"))
    assert_thai_only(page, "reset link sent")
    [message] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", message.body).group(1)
    page.goto(live_server.url + link)

    expect(page.locator("input[name=password1]")).to_be_visible()
    assert_thai_only(page, "choose a new password from the email link", user)
    page.locator("input[name=password1]").fill(NEW)
    page.locator("input[name=password2]").fill(NEW)
    page.locator("main form button[type=submit]").click()

    expect(page).not_to_have_url(re.compile(r"/accounts/password/reset/"))
    expect(page.get_by_role("link", name="ออกจากระบบ")).to_be_visible()
    assert_thai_only(page, "after the email reset", user)
    assert User.objects.get(pk=user.pk).check_password(NEW)
