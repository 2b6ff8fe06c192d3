"""No English on the pages a learner meets around their account, read as Chromium shows
them: sign-up with mistakes on every step, login (with a wrong password), the welcome
message, password change, the personal-data page and the password check before erasing.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import CenterFactory, UserFactory, province
from tests.factories.accounts import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

#: Words that may appear in Latin letters: brand names, file formats, and what the
#: learner typed themselves.
ALLOWED = {"LINE", "Google", "ZIP", "PDF", "JSON", "Somsri"}


def english_words(page) -> list[str]:
    """Latin-letter words in the visible text of the page (not in the HTML source)."""
    text = page.locator("body").inner_text()
    text = re.sub(r"\S+@\S+", " ", text)  # email addresses and placeholders
    return [word for word in re.findall(r"[A-Za-z]{2,}", text) if word not in ALLOWED]


def assert_thai_only(page, where: str) -> None:
    words = english_words(page)
    assert words == [], f"{where}: English on the page: {words}"


def submit(page):
    page.locator("main form.account-form button[type=submit]").click()


def test_sign_up_with_mistakes_speaks_only_thai(live_server, page):
    center = CenterFactory(province=province("50"))
    base = live_server.url
    page.goto(base + "/accounts/signup/")
    assert_thai_only(page, "sign-up step 1")

    submit(page)  # neither number nor email
    expect(page.locator("#error-summary")).to_be_focused()
    assert_thai_only(page, "sign-up step 1 with an error")
    page.fill("#id_phone", "12345")
    submit(page)
    expect(page.locator("#id_phone_error")).to_be_visible()
    assert_thai_only(page, "sign-up step 1 with a wrong number")
    page.fill("#id_phone", "081-234-5678")
    submit(page)

    page.fill("#id_first_name", "Somsri")
    submit(page)
    expect(page.locator("#error-summary a[href='#id_first_name']")).to_be_visible()
    assert_thai_only(page, "sign-up step 2 with errors")
    page.select_option("#id_title", "นาง")
    page.fill("#id_first_name", "สมศรี")
    page.fill("#id_last_name", "ใจดี")
    submit(page)

    page.fill("#id_birth_year_be", "1962")
    submit(page)
    assert_thai_only(page, "sign-up step 3 with errors")
    page.goto(base + f"/accounts/signup/?step=3&province={center.province.code}")
    page.fill("#id_birth_year_be", "2505")
    page.get_by_label("หญิง", exact=True).check()
    page.select_option("#id_target_group", "elderly")
    page.select_option("#id_home_center", label=center.name)
    submit(page)

    for weak in ("1234", "12345678", "password", "สมศรี123"):
        page.fill("#id_password1", weak)
        page.fill("#id_password2", weak + "x")
        submit(page)
        expect(page.locator("#id_password1_error")).to_be_visible()
        assert_thai_only(page, f"sign-up step 4 with the password {weak!r}")
        expect(page.locator("#id_password1")).to_have_value(weak)


def test_login_welcome_and_password_pages_speak_only_thai(live_server, page):
    learner = UserFactory(first_name="บุญมี", home_center=CenterFactory())
    base = live_server.url
    page.goto(base + "/accounts/login/")
    assert_thai_only(page, "login")
    page.fill("#id_login", learner.email)
    page.fill("#id_password", "wrong-password")
    submit(page)
    expect(page.locator("#error-summary")).to_be_visible()
    assert_thai_only(page, "login with a wrong password")

    page.fill("#id_login", learner.email)
    page.fill("#id_password", TEST_PASSWORD)
    submit(page)
    expect(page.locator(".messages")).to_contain_text("สวัสดีคุณบุญมี")
    expect(page.locator(".messages")).not_to_contain_text(learner.login_id)
    assert_thai_only(page, "after login")

    # allauth's change page redirects to our one set-password page, which asks for the
    # current password on an ordinary session (docs/accounts.md).
    page.goto(base + "/accounts/password/change/")
    expect(page).to_have_url(re.compile(r"/accounts/set-password/"))
    assert_thai_only(page, "password change")
    page.locator("input[name=current_password]").fill(TEST_PASSWORD)
    page.locator("input[name=password1]").fill("12345678")
    page.locator("input[name=password2]").fill("12345678")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("main .errorlist, main [role=alert]").first).to_be_visible()
    assert_thai_only(page, "password change with a weak password")

    page.goto(base + "/accounts/my-data/")
    assert_thai_only(page, "my personal data")
    page.get_by_role("button", name="ดาวน์โหลดข้อมูลของฉัน (ZIP)").click()
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    assert_thai_only(page, "password check before the download")
