"""The learner journey in a real Chromium, with axe-core checking every page on the way.

Sign up with a phone number, confirm it with the SMS code, enroll, read, fail the quiz, retry, pass, finish the
course, log out, log in, and see 100 % on "my courses". axe-core comes from the npm
registry (tests/browser/axe, installed by ``make setup``) and is injected into pages.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lms.accounts import sms
from lms.accounts.models import ConsentRecord, User
from tests.factories import CenterFactory, province
from tests.factories.learning import learning_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "ช้างเผือก-2567-xyz"


def assert_accessible(page, name: str) -> None:
    """No serious or critical axe-core violation on the page as it is now."""
    assert AXE.exists(), f"axe-core is missing: run  npm ci --prefix {AXE.parents[2]}"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], f"{name}: {bad}"


def next_step(page):
    page.locator("#signup-form button[type=submit]").click()


def sign_up_with_phone(page, base_url, center):
    """The four sign-up steps: number, name, about you (with the province picker), password."""
    page.goto(base_url + "/accounts/signup/")
    page.fill("#id_phone", "089-876-5432")
    next_step(page)
    page.select_option("#id_title", "นาย")
    page.fill("#id_first_name", "สมชาย")
    page.fill("#id_last_name", "ใจดี")
    next_step(page)
    page.select_option("#id_pick_province", center.province.code)
    expect(page.locator("#id_home_center option", has_text=center.name)).to_have_count(1)
    page.fill("#id_birth_year_be", "2500")
    page.get_by_label("ชาย", exact=True).check()
    page.select_option("#id_target_group", "elderly")
    page.select_option("#id_home_center", label=center.name)
    next_step(page)
    expect(page.locator(".confirm-name")).to_have_text("นายสมชาย ใจดี")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="แสดงรหัสผ่าน").first.click()
    expect(page.locator("#id_password1")).to_have_attribute("type", "text")
    page.locator("#id_consent").check()
    next_step(page)
    expect(page).not_to_have_url(re.compile(r"/accounts/signup/"))


def confirm_phone_with_sms_code(page):
    """Type the code the console SMS backend "sent" (the live server shares our process)."""
    expect(page).to_have_url(re.compile(r"/accounts/phone/verify/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("ยืนยันเบอร์มือถือของคุณ")
    expect(page.locator("#id_code")).to_have_attribute("inputmode", "numeric")
    assert_accessible(page, "phone verification")
    [(phone, message)] = sms.outbox
    assert phone == "+66898765432"
    code = re.search(r"(\d{6})", message).group(1)
    page.fill("#id_code", "000000" if code != "000000" else "111111")
    page.locator("#verify-phone-form button[type=submit]").click()
    expect(page.locator("#id_code_error")).to_contain_text("รหัสไม่ถูกต้อง")
    assert_accessible(page, "wrong code")
    page.fill("#id_code", code)
    page.locator("#verify-phone-form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/phone/verify/"))


def test_learner_journey_from_sign_up_to_completed_course(live_server, page):
    center = CenterFactory(province=province("50"), name="ศูนย์ดิจิทัลชุมชนบ้านเชียงใหม่")
    built = learning_course(title="การใช้มือถือเบื้องต้น", modules=1, lessons_per_module=3, quiz_lessons=(1,))
    base = live_server.url
    sms.outbox.clear()

    page.goto(base + "/accounts/signup/")
    assert_accessible(page, "sign-up")
    sign_up_with_phone(page, base, center)
    confirm_phone_with_sms_code(page)
    user = User.objects.get(phone="+66898765432")
    assert user.phone_verified
    assert ConsentRecord.objects.filter(user=user).exists()

    page.goto(base + "/")
    assert_accessible(page, "home")
    page.goto(base + "/courses/")
    assert_accessible(page, "catalogue")

    page.goto(base + built.course.url)
    assert_accessible(page, "course")
    page.get_by_role("button", name="ลงทะเบียนเรียนหลักสูตรนี้ (ฟรี)").click()
    expect(page).to_have_url(re.compile(re.escape(built.lessons[0].url) + "$"))
    assert_accessible(page, "lesson")
    page.get_by_role("button", name="เรียนจบบทนี้แล้ว").click()

    # The quiz: fail first (choice 0 is wrong), read the explanations, then pass.
    expect(page).to_have_url(re.compile(re.escape(built.lessons[1].url) + "$"))
    for question in page.locator(".quiz-question").all():
        question.locator("input").nth(0).check()
    page.get_by_role("button", name="ส่งคำตอบ").click()
    expect(page.locator(".quiz-score")).to_contain_text("0%")
    expect(page.locator(".quiz-explanation").first).to_contain_text("คำอธิบายข้อ 1")
    assert_accessible(page, "quiz result")
    page.get_by_role("link", name="ทำแบบทดสอบใหม่อีกครั้ง").click()
    for question in page.locator(".quiz-question").all():
        question.locator("input").nth(1).check()
    page.get_by_role("button", name="ส่งคำตอบ").click()
    expect(page.locator(".quiz-score")).to_contain_text("100%")
    page.get_by_role("link", name="ไปบทถัดไป").click()

    expect(page).to_have_url(re.compile(re.escape(built.lessons[2].url) + "$"))
    page.get_by_role("button", name="เรียนจบบทนี้แล้ว").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ยินดีด้วย")

    page.get_by_role("link", name="ออกจากระบบ").click()
    page.locator("main form button[type=submit]").click()
    page.goto(base + "/accounts/login/")
    assert_accessible(page, "login")
    page.fill("input[name=login]", "0898765432")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.goto(base + "/my-courses/")
    expect(page.locator(".progress-label")).to_contain_text("100%")
    assert_accessible(page, "dashboard")


def test_sign_up_with_email_only_in_the_browser(live_server, page):
    center = CenterFactory(province=province("10"), name="ศูนย์ดิจิทัลชุมชนกรุงเทพ")
    sms.outbox.clear()
    page.goto(live_server.url + "/accounts/signup/")
    page.fill("#id_email", "malee@example.com")
    next_step(page)
    page.select_option("#id_title", "other")
    page.fill("#id_title_other", "ดร.")
    page.fill("#id_first_name", "มาลี")
    page.fill("#id_last_name", "สุขใจ")
    next_step(page)
    page.goto(live_server.url + f"/accounts/signup/?step=3&province={center.province.code}")
    page.fill("#id_birth_year_be", "2520")
    page.get_by_label("ไม่ประสงค์จะระบุ").check()
    page.select_option("#id_target_group", "general_public")
    page.select_option("#id_home_center", label=center.name)
    next_step(page)
    expect(page.locator(".confirm-name")).to_have_text("ดร.มาลี สุขใจ")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    # Forgetting consent is refused in Thai, next to the box and at the top, with focus
    # there; the passwords typed are still in their boxes.
    next_step(page)
    expect(page.locator("#id_consent_error")).to_contain_text("ยินยอม")
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#id_password1")).to_have_value(PASSWORD)
    page.locator("#id_consent").check()
    next_step(page)
    expect(page).not_to_have_url(re.compile(r"/accounts/signup/"))
    assert User.objects.get(email="malee@example.com").phone is None
    assert sms.outbox == []  # email-only sign-up sends no SMS
