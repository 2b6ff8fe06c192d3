"""The whole authoring round trip through the real Wagtail admin, in Chromium.

A trainer creates a course, a module and a lesson that uses every block type, previews
the lesson (quiz included), and submits everything for moderation; a center staff member
(Moderators) approves; learners then find the course in the catalogue.
"""

import re

import pytest
from playwright.sync_api import expect

from courses.models import CoursePage, LessonPage, ModulePage
from tests.factories import UserFactory, catalogue, make_document, make_image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

COURSE = "ขายผ้าทอออนไลน์สำหรับมือใหม่"
MODULE = "เตรียมสินค้า"
LESSON = "ถ่ายรูปสินค้าให้น่าซื้อ"
QUESTION = "ควรถ่ายรูปสินค้าที่ไหนดีที่สุด"
IMAGE = "ภาพผ้าทอบนโต๊ะ"
DOCUMENT = "ใบงานคิดราคาผ้าทอ"


# --- small helpers that speak Wagtail's admin -------------------------------------------


def _footer_menu(page):
    """Open the footer's "more actions" menu (submit for moderation, approve…)."""
    page.locator("footer .w-dropdown-button .w-dropdown__toggle").click()


def _save_draft(page):
    page.locator("footer button.action-save").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))


def _submit_for_moderation(page):
    _footer_menu(page)
    page.locator('footer button[name="action-submit"]').click()
    expect(page.locator(".messages")).to_be_visible()


def _insert_block(page, label):
    """Append a block to the lesson body by its (Thai) name in the block picker."""
    page.locator("button.c-sf-add-button").last.click()  # its title is translated
    option = page.get_by_role("option", name=label, exact=True)
    option.click()
    # Wait for the picker to close: a picker still closing when the next one opens makes
    # the next block's name match two options (seen once in a PostgreSQL run).
    expect(option).to_have_count(0)


def _list_items(page, prefix, count):
    """Make the list block at ``prefix`` hold ``count`` items (it starts with one)."""
    counter = page.locator(f'input[name="{prefix}-count"]')
    add = page.locator(
        f'input[name="{prefix}-count"] + [data-streamfield-list-container] > [data-streamfield-list-add]'
    )
    current = int(counter.input_value())
    while current < count:
        add.last.click()
        current += 1
        expect(counter).to_have_value(str(current))  # one click, one item: wait for it
        expect(page.locator(f'[name="{prefix}-{current - 1}-deleted"]')).to_be_attached()


def _fill_fields(page, values):
    """Fill plain inputs by id, then check them all once the editor has settled: a list
    item added just before can still be initialising and drop a value typed into it."""
    for field_id, value in values.items():
        page.locator(f"#{field_id}").fill(value)
    page.wait_for_load_state("networkidle")
    for field_id, value in values.items():
        field = page.locator(f"#{field_id}")
        if field.input_value() != value:
            field.fill(value)
        expect(field).to_have_value(value)


def _rich_text(page, prefix, text):
    editor = page.locator(f'input[name="{prefix}"] + .Draftail-Editor__wrapper [contenteditable="true"]')
    editor.click()
    editor.type(text)


def _choose(page, prefix, title):
    """Pick an image or document in the chooser modal for the chooser at ``prefix``."""
    page.locator(f'input[name="{prefix}"]').locator("xpath=..").locator(
        "[data-chooser-action-choose]"
    ).click()
    page.locator(".modal").get_by_text(title, exact=True).click()
    expect(page.locator(".modal")).to_be_hidden()


# --- the test -----------------------------------------------------------------------------


def _fill_title(page, title: str, slug: str) -> None:
    """Type the title, and set the slug too: Wagtail fills the slug from the title only
    when the title field loses focus, which a quick submit can beat."""
    page.locator("#id_title").fill(title)
    page.locator("#id_title").blur()
    page.locator("#id_slug").evaluate("(el, value) => { el.value = value; }", slug)


def test_trainer_writes_a_course_staff_approves_it_and_learners_find_it(
    live_server, page, context, login_browser
):
    trainer = UserFactory(first_name="ประเสริฐ", groups=["Trainers"])
    staff = UserFactory(first_name="มาลี", groups=["Moderators"])  # publishes: has 2FA
    make_image(title=IMAGE, width=120, height=80)
    make_document(title=DOCUMENT)
    admin = live_server.url + "/admin"

    # The trainer creates the course and its module, each sent for approval.
    login_browser(trainer)
    page.goto(f"{admin}/pages/add/courses/coursepage/{catalogue().pk}/")
    _fill_title(page, COURSE, "sell-woven-cloth")
    page.locator("#id_summary").fill("ขายผ้าทอของชุมชนผ่านมือถือ")
    page.locator("#id_description").fill("## จะได้เรียน\n\nถ่ายรูป ตั้งราคา ส่งของ")
    _submit_for_moderation(page)
    course = CoursePage.objects.get(title=COURSE)

    page.goto(f"{admin}/pages/add/courses/modulepage/{course.pk}/")
    _fill_title(page, MODULE, "prepare-products")
    _submit_for_moderation(page)
    module = ModulePage.objects.get(title=MODULE)

    # The lesson uses every block type.
    page.goto(f"{admin}/pages/add/courses/lessonpage/{module.pk}/")
    _fill_title(page, LESSON, "photos-and-prices")
    page.locator("#id_estimated_minutes").fill("15")
    for label in [
        "ข้อความ",
        "ตาราง",
        "รูปภาพ",
        "วิดีโอ",
        "ขั้นตอนแบบมีหมายเลข",
        "กล่องข้อความเน้น",
        "ไฟล์สำหรับดาวน์โหลด",
        "คำถามแบบทดสอบ",
    ]:
        _insert_block(page, label)

    _rich_text(page, "body-0-value", "ใช้แสงธรรมชาติจากหน้าต่าง")

    _list_items(page, "body-1-value-header", 2)
    _list_items(page, "body-1-value-rows", 1)
    _list_items(page, "body-1-value-rows-0-value", 2)
    _fill_fields(
        page,
        {
            "body-1-value-caption": "ต้นทุนผ้าทอหนึ่งผืน",
            "body-1-value-header-0-value": "รายการ",
            "body-1-value-header-1-value": "บาท",
            "body-1-value-rows-0-value-0-value": "ฝ้าย",
            "body-1-value-rows-0-value-1-value": "120",
        },
    )

    _choose(page, "body-2-value-image", IMAGE)
    page.locator("#body-2-value-alt_text").fill("ผ้าทอลายดอกวางบนโต๊ะไม้ข้างหน้าต่าง")
    page.locator("#body-2-value-caption").fill("วางสินค้าใกล้หน้าต่าง")

    page.locator("#body-3-value-url").fill("https://youtu.be/dQw4w9WgXcQ")
    page.locator("#body-3-value-title").fill("ถ่ายรูปด้วยมือถือ")

    page.locator("#body-4-value-title").fill("ถ่ายรูปสินค้า")
    _rich_text(page, "body-4-value-steps-0-value-text", "เช็ดเลนส์กล้องให้สะอาด")

    page.locator("#body-5-value-kind").select_option("tip")
    _rich_text(page, "body-5-value-text", "ถ่ายหลายมุมแล้วเลือกรูปที่ดีที่สุด")

    _choose(page, "body-6-value-document", DOCUMENT)
    page.locator("#body-6-value-title").fill("ดาวน์โหลดใบงาน")

    _list_items(page, "body-7-value-choices", 2)
    _fill_fields(
        page,
        {
            "body-7-value-question": QUESTION,
            "body-7-value-choices-0-value-text": "ในห้องมืด",
            "body-7-value-choices-1-value-text": "ใกล้หน้าต่างที่มีแสงธรรมชาติ",
        },
    )
    page.locator("#body-7-value-choices-1-value-correct").check()
    page.locator("#body-7-value-explanation").fill("แสงธรรมชาติทำให้สีผ้าตรงกับของจริง")

    _save_draft(page)
    lesson = LessonPage.objects.get(title=LESSON)
    saved = lesson.get_latest_revision_as_object().body
    table = next(block.value for block in saved if block.block_type == "table")
    assert [list(row) for row in table["rows"]] == [["ฝ้าย", "120"]]
    assert {block.block_type for block in saved} == {
        "text",
        "table",
        "image",
        "video",
        "steps",
        "callout",
        "document",
        "quiz_question",
    }

    # Preview in the side panel: the quiz question is there, the video is only a facade.
    page.locator('button[data-side-panel-toggle="preview"]').click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator(".quiz-question legend")).to_have_text(QUESTION, timeout=20_000)
    expect(preview.get_by_text("ใกล้หน้าต่างที่มีแสงธรรมชาติ")).to_be_visible()
    expect(preview.locator(".video-facade")).to_be_visible()
    expect(preview.locator("table")).to_contain_text("ฝ้าย")

    _submit_for_moderation(page)
    assert not LessonPage.objects.get(pk=lesson.pk).live

    # The center staff member approves the course, the module and the lesson.
    context.clear_cookies()
    login_browser(staff)
    for approved in (course, module, lesson):
        page.goto(f"{admin}/pages/{approved.pk}/edit/")
        _footer_menu(page)
        page.locator(
            'footer button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
        ).click()
        expect(page.locator(".messages")).to_be_visible()
    assert CoursePage.objects.get(pk=course.pk).live
    assert LessonPage.objects.get(pk=lesson.pk).live

    # A visitor finds it in the catalogue and opens the lesson.
    context.clear_cookies()
    page.goto(live_server.url + "/courses/")
    page.get_by_role("link", name=COURSE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(COURSE)
    page.get_by_role("link", name=LESSON).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(LESSON)
    expect(page.locator(".quiz-question legend")).to_have_text(QUESTION)
    expect(page.locator('img[alt="ผ้าทอลายดอกวางบนโต๊ะไม้ข้างหน้าต่าง"]')).to_have_count(1)
    expect(page.locator("iframe")).to_have_count(0)
