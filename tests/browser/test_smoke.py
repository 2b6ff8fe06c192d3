"""The site and the admin, in a real Chromium."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_home_page_renders_in_thai(live_server, page):
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.get_by_role("heading", level=1)).to_contain_text("ศูนย์ดิจิทัลชุมชน")
    expect(page.get_by_role("link", name="หลักสูตร").first).to_be_visible()


def test_admin_logs_in_and_sees_thai_menus(live_server, page):
    boss = UserFactory(email="boss@example.com", password="admin-pass-123", is_staff=True, is_superuser=True)
    page.goto(live_server.url + "/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.locator("input[name=login]").fill("boss@example.com")
    page.locator("input[name=password]").fill("admin-pass-123")
    page.locator("form button[type=submit]").first.click()
    # Admins use two-factor authentication: the code from the authenticator app.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("รหัสจากแอปยืนยันตัวตน")
    page.locator("input[name=code]").fill(totp_code(boss))
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.get_by_role("navigation").first).to_contain_text("หน้า")
    expect(page.get_by_role("link", name="ศูนย์ดิจิทัลชุมชน").first).to_be_visible()
