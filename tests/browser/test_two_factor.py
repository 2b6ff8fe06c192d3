"""A staff member sets up two-factor authentication in Chromium, reading Thai all the way:
sent from the staff page to the explanation, password again, QR code and key, first code,
recovery codes, and back to the page they wanted."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from tests.browser.test_learner_journey import assert_accessible
from tests.browser.test_recovery import assert_thai_only
from tests.factories import MembershipFactory
from tests.factories.accounts import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The app names the explanation suggests, and "QR", are written as their makers write them.
APP_NAMES = {"Google", "Microsoft", "Authenticator"}


def test_staff_set_up_the_authenticator_app_in_thai(live_server, page, login_browser):
    membership = MembershipFactory(two_factor=False)
    login_browser(membership.user)
    learners = f"/staff/centers/{membership.center.pk}/learners/"

    page.goto(live_server.url + learners)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/required/$"))
    assert_thai_only(page, "why two-factor", allowed=APP_NAMES)
    assert_accessible(page, "two-factor required")
    page.get_by_role("link", name="ตั้งค่าแอปยืนยันตัวตน").click()

    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    assert_thai_only(page, "password again")
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").first.click()

    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    secret = page.get_by_test_id("totp-secret").inner_text().strip()
    assert_thai_only(page, "scan the QR code", allowed={secret})
    assert_accessible(page, "activate the authenticator app")
    page.locator("input[name=code]").fill(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/$"))
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    assert_thai_only(page, "recovery codes")
    page.get_by_role("link", name="เก็บรหัสไว้แล้ว ไปต่อ").click()
    expect(page).to_have_url(re.compile(re.escape(learners) + "$"))
