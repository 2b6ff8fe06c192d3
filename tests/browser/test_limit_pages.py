"""The pages a limit shows, read in Chromium as a learner sees them: Thai only, and a
way back that works."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def visible_words_in_latin(page) -> list[str]:
    return LATIN_WORD.findall(page.locator("body").inner_text())


def submit_login(page, live_server):
    page.goto(live_server.url + "/accounts/login/")
    page.locator("input[name=login]").fill("nobody@example.com")
    page.locator("input[name=password]").fill("ผิดแน่นอน")
    page.locator("form button[type=submit]").first.click()


def test_the_login_limit_page_is_thai_and_leads_back(live_server, page, settings):
    settings.ACCOUNTS_RATE_LIMITS = {"login": "1/m/ip"}
    submit_login(page, live_server)
    submit_login(page, live_server)

    expect(page.get_by_role("heading", level=1)).to_have_text("กรุณารอสักครู่")
    assert visible_words_in_latin(page) == []
    page.get_by_role("link", name="กลับไปลองอีกครั้ง").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.locator("input[name=login]")).to_be_visible()


def test_the_walk_in_code_limit_page_is_thai(live_server, page, settings):
    settings.ACCOUNTS_RATE_LIMITS = {"code_login": "1/m/ip"}
    for _ in range(2):
        page.goto(live_server.url + "/accounts/code/")
        page.locator("input[name=login_id]").fill("ABCDEFGH")
        page.locator("input[name=code]").fill("12345678")
        page.locator("form button[type=submit]").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("กรุณารอสักครู่")
    assert visible_words_in_latin(page) == []


def test_the_certificate_check_limit_page_is_thai(live_server, page, settings):
    settings.CERTIFICATES_VERIFY_RATE_LIMIT = 1
    page.goto(live_server.url + "/verify/AAAA-BBBB-CCCC-DDDD/")
    page.goto(live_server.url + "/verify/AAAA-BBBB-CCCC-DDDD/")

    expect(page.get_by_role("link", name="กลับไปลองอีกครั้ง")).to_be_visible()
    assert visible_words_in_latin(page) == []
