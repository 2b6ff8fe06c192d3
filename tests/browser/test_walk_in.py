"""A walk-in learner, end to end in Chromium: registration, slip, code, own password."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_staff_registers_walk_in_who_signs_in_with_the_code_once(live_server, page, context, login_browser):
    membership = MembershipFactory()
    login_browser(membership.user)

    page.goto(f"{live_server.url}/staff/centers/{membership.center.pk}/learners/new/")
    page.locator("input[name=title]").fill("นาง")
    page.locator("input[name=first_name]").fill("ทองใบ")
    page.locator("input[name=last_name]").fill("ใจสู้")
    page.locator("input[name=birth_year]").fill("2500")
    page.locator("select[name=gender]").select_option("female")
    page.locator("select[name=target_group]").select_option("elderly")
    page.locator("form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/staff/learners/\d+/slip/$"))
    login_id = page.get_by_test_id("slip-login-id").inner_text().strip()
    code = page.get_by_test_id("slip-code").inner_text().strip()
    expect(page.locator(".slip")).to_contain_text("/accounts/code/")
    # Printed: only the slip, no site header or buttons.
    page.emulate_media(media="print")
    expect(page.locator(".slip")).to_be_visible()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("main .no-print").first).to_be_hidden()
    page.emulate_media(media="screen")

    context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/code/")
    page.locator("input[name=login_id]").fill(login_id.lower())
    page.locator("input[name=code]").fill(code)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/set-password/$"))
    page.locator("input[name=password1]").fill("ดอกมะลิ-2567")
    page.locator("input[name=password2]").fill("ดอกมะลิ-2567")
    page.locator("form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/(set-password|code)/"))

    context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/code/")
    page.locator("input[name=login_id]").fill(login_id)
    page.locator("input[name=code]").fill(code)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/code/$"))
    expect(page.locator(".errorlist")).to_be_visible()

    # The learner's own password works with the login ID.
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=login]").fill(login_id)
    page.locator("input[name=password]").fill("ดอกมะลิ-2567")
    page.locator("form button[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
