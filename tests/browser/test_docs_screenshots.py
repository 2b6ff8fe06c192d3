"""The pages the Thai guides show (docs/th/), opened in Chromium as a trainer and as
center staff. Each test asserts that the page renders what the guide describes; with
``DOCS_SCREENSHOTS=1`` (``make docs-screenshots``) it also saves the picture the guide
uses into ``docs/th/images/``, so the pictures never fall behind the screens.
"""

import datetime
import io
import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from courses import services
from courses.services.sessions import session_enroll_many, training_session_create
from tests.browser.test_learner_journey import assert_accessible
from tests.factories import MembershipFactory, UserFactory
from tests.factories.learning import learning_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "th" / "images"
SAVE = os.environ.get("DOCS_SCREENSHOTS", "") == "1"
VIEWPORT = {"width": 1000, "height": 720}


def shot(page, name: str, *, full_page: bool = False) -> None:
    """Save the page as ``docs/th/images/<name>.png`` when DOCS_SCREENSHOTS=1: a
    palette PNG (256 colours), which keeps Thai text sharp at a fraction of the size."""
    if not SAVE:
        return
    from PIL import Image

    png = page.screenshot(full_page=full_page, animations="disabled", caret="hide")
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256, dither=Image.Dither.NONE)
    IMAGES.mkdir(parents=True, exist_ok=True)
    image.save(IMAGES / f"{name}.png", optimize=True)


@pytest.fixture
def trainer():
    user = UserFactory(first_name="ประเสริฐ", last_name="สอนดี")
    user.groups.add(Group.objects.get(name="Trainers"))
    return user


@pytest.fixture
def moderator():
    user = UserFactory(first_name="มาลี", last_name="ใจดี")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def test_trainer_guide_pages(live_server, page, login_browser, trainer, moderator):
    built = learning_course(title="ใช้สมาร์ตโฟนอย่างมั่นใจ", modules=1, lessons_per_module=2, quiz_lessons=(1,))
    module = built.modules[0]
    admin = live_server.url + "/admin"
    page.set_viewport_size(VIEWPORT)
    login_browser(trainer)

    # 1. Write a lesson: the title (the page address is made from it).
    page.goto(f"{admin}/pages/add/courses/lessonpage/{module.pk}/")
    page.locator("#id_title").fill("ตั้งเสียงเรียกเข้าและโหมดเงียบ")
    page.locator("#id_title").blur()
    page.locator("#id_estimated_minutes").fill("10")
    expect(page.locator("#id_slug")).to_have_value("ตั้งเสียงเรียกเข้าและโหมดเงียบ")
    shot(page, "trainer-1-new-lesson")

    # 2. Blocks: the chooser of content blocks (text, steps, picture, quiz ...).
    page.locator(".c-sf-add-button").last.click()
    expect(page.get_by_role("option", name="คำถามแบบทดสอบ", exact=True)).to_be_visible()
    shot(page, "trainer-2-blocks")
    page.get_by_role("option", name="ข้อความ", exact=True).click()
    page.keyboard.press("Escape")

    # 3. A quiz and 4. preview: the lesson as learners see it, quiz included.
    quiz_lesson = built.lessons[1]
    page.goto(live_server.url + quiz_lesson.url)
    expect(page.locator("h1")).to_have_text(quiz_lesson.title)
    expect(page.locator(".quiz-question").first).to_be_visible()
    shot(page, "trainer-3-quiz-preview")

    # 5. Submit for approval: the footer's menu.
    page.goto(f"{admin}/pages/{quiz_lesson.pk}/edit/")
    page.locator("footer .w-dropdown-button .w-dropdown__toggle").click()
    expect(page.locator('footer button[name="action-submit"]')).to_be_visible()
    shot(page, "trainer-4-submit")

    # 6. Changes requested: the moderator sent the lesson back with a comment.
    lesson = built.lessons[0]
    lesson.save_revision(user=trainer)
    workflow_state = lesson.get_workflow().start(lesson, trainer)
    workflow_state.current_task_state.specific.reject(user=moderator, comment="เพิ่มรูปหน้าจอขั้นที่ 2 ด้วยครับ")
    page.goto(f"{admin}/pages/{lesson.pk}/workflow_history/detail/{workflow_state.pk}/")
    expect(page.get_by_text("เพิ่มรูปหน้าจอขั้นที่ 2 ด้วยครับ").first).to_be_visible()
    shot(page, "trainer-5-changes-requested")


@pytest.fixture
def center_staff():
    return MembershipFactory(user=UserFactory(first_name="สมใจ", last_name="ช่วยเหลือ"))


def test_staff_guide_pages(live_server, page, login_browser, center_staff):
    center = center_staff.center
    page.set_viewport_size(VIEWPORT)
    login_browser(center_staff.user)

    # 1. The staff start page.
    page.goto(f"{live_server.url}/staff/")
    expect(page.get_by_role("link", name="พิมพ์เกียรติบัตรทั้งรุ่น")).to_be_visible()
    assert_accessible(page, "staff home")
    shot(page, "staff-1-home")

    # 2. A walk-in learner, then 3. the login slip.
    page.goto(f"{live_server.url}/staff/centers/{center.pk}/learners/new/")
    page.locator("input[name=title]").fill("นาง")
    page.locator("input[name=first_name]").fill("ทองใบ")
    page.locator("input[name=last_name]").fill("ใจสู้")
    page.locator("input[name=birth_year]").fill("2500")
    page.locator("select[name=gender]").select_option("female")
    page.locator("select[name=target_group]").select_option("elderly")
    shot(page, "staff-2-walk-in")
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/staff/learners/\d+/slip/$"))
    expect(page.get_by_test_id("slip-code")).to_be_visible()
    shot(page, "staff-3-slip")

    # 4. A session, registering a whole class, 5. attendance.
    today = timezone.localdate()
    built = learning_course(title="ขายของออนไลน์", modules=1, lessons_per_module=2)
    session = training_session_create(
        course=built.course,
        center=center,
        # Past days: attendance is taken on or after the day (a future date is refused).
        dates=[today - datetime.timedelta(days=2), today - datetime.timedelta(days=1)],
        capacity=20,
        title="อบรมรุ่นที่ 1",
    )
    names = ["สมชาย", "สมศรี", "มานะ", "มานี", "ปิติ", "ชูใจ"]
    learners = [UserFactory(home_center=center, first_name=name, last_name="ใจดี") for name in names]
    page.goto(f"{live_server.url}/staff/sessions/{session.pk}/register-class/?q=สม")
    expect(page.locator(".class-list li")).to_have_count(2)
    page.locator("#tick-all").check()
    expect(page.locator('.class-list input[name="learner"]:checked')).to_have_count(2)
    assert_accessible(page, "register a class")
    shot(page, "staff-4-register-class")
    page.get_by_role("button", name="ลงทะเบียนผู้เรียนที่เลือก").click()
    expect(page.locator(".message-success")).to_contain_text("ลงทะเบียนผู้เรียนแล้ว 2 คน")
    session_enroll_many(session=session, users=learners)
    page.goto(f"{live_server.url}/staff/sessions/{session.pk}/")
    shot(page, "staff-5-session", full_page=True)
    first_date = session.dates.order_by("date").first()
    page.goto(f"{live_server.url}/staff/sessions/{session.pk}/dates/{first_date.pk}/attendance/")
    for box in page.locator('input[name="present"]').all()[:5]:
        box.check()
    shot(page, "staff-6-attendance")
    page.get_by_role("button", name="บันทึกการเข้าอบรม").click()
    expect(page.locator(".message-success")).to_be_visible()

    # 7. Certificates and printing a class's certificates, 8. reports.
    for learner in learners[:2]:
        services.enrollment_create(user=learner, course=built.course)
    services.lesson_complete(user=learners[0], lesson=built.lessons[0])
    page.goto(f"{live_server.url}/staff/learners/{learners[0].pk}/")
    expect(page.locator(".learner-courses .progress-label")).to_contain_text("50%")
    assert_accessible(page, "learner page")
    page.goto(f"{live_server.url}/staff/certificates/")
    expect(page.locator("#print")).to_be_visible()
    shot(page, "staff-7-certificates")
    page.goto(f"{live_server.url}/admin/reports/")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("main")).to_contain_text(center.name)
    shot(page, "staff-8-reports")
