"""The admin pages trainers and center staff open, declared once.

``ADMIN_PAGES`` lists every screen of the Wagtail admin a trainer or a center staff member
meets in their work, in the order they meet them, each with the role that opens it and,
where the screen only shows itself after a click (the block chooser, the preview panel, a
menu, a confirmation dialog), the clicks that open it. ``build_admin_world`` makes the
people and the content those pages need; ``open_admin_page`` brings the browser to one of
them. The Thai-text test walks this list; the Thai guides' screenshots can walk it too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect
from wagtail.models import Workflow

from certificates.models import CertificateTemplate
from lms.centers.constants import Role
from tests.factories import (
    CenterFactory,
    MembershipFactory,
    UserFactory,
    build_course,
    every_block_body,
    make_document,
    make_image,
)
from tests.factories.certificates import CertificateTemplateFactory

TRAINER = "trainer"
STAFF = "staff"
NATIONAL_ADMIN = "national_admin"  # keeps the certificate templates and the list of centers


@dataclass
class AdminWorld:
    """Who walks the admin and what they find there."""

    users: dict[str, object]
    course: object
    module: object
    lesson: object
    draft_lesson: object  # a draft the trainer sends for approval during the walk
    pending_lesson: object  # a lesson already waiting for the staff member's approval
    image: object
    document: object
    workflow: object
    certificate_template: object
    center: object

    def ids(self) -> dict[str, int]:
        """The primary keys a page's path may name: ``{course}``, ``{lesson}``…"""
        return {
            name: value.pk
            for name, value in vars(self).items()
            if hasattr(value, "pk") and not isinstance(value, dict)
        }


def _thai_only(body: list[dict]) -> list[dict]:
    """The factories' lesson body teaches "Wi-Fi" and "OTP"; the walk reads only Thai
    content so that every Latin word it finds belongs to the admin itself."""
    text = json.dumps(body, ensure_ascii=False).replace("Wi-Fi", "ไวไฟ").replace("OTP", "โอทีพี")
    return json.loads(text)


def build_admin_world() -> AdminWorld:
    """A trainer and a center staff member of one center, a published course with every
    block type, a draft lesson and a lesson waiting for approval."""
    center = CenterFactory(name="ศูนย์ดิจิทัลชุมชนบ้านดอน")
    trainer = UserFactory(first_name="ประเสริฐ", last_name="สอนดี")
    trainer.groups.add(Group.objects.get(name="Trainers"))
    MembershipFactory(user=trainer, role=Role.CENTER_TRAINER, center=center)
    staff = UserFactory(first_name="มาลี", last_name="รักเรียน")
    staff.groups.add(Group.objects.get(name="Moderators"))
    MembershipFactory(user=staff, role=Role.CENTER_STAFF, center=center)
    admin = UserFactory(first_name="สมชาย", last_name="ผู้ดูแล", is_staff=True, is_superuser=True)
    MembershipFactory(user=admin, role=Role.NATIONAL_ADMIN, center=None)

    image = make_image(title="ภาพหน้าจอตั้งค่า", width=120, height=80)
    document = make_document(title="ใบงานคิดราคา")
    built = build_course(
        modules=1,
        lessons_per_module=1,
        title="ใช้มือถืออย่างปลอดภัย",
        lesson_body=lambda: _thai_only(every_block_body(image=image, document=document)),
    )
    module, lesson = built.modules[0], built.lessons[0]
    draft = build_course(modules=0, publish=False, title="ขายของออนไลน์").course
    pending = build_course(modules=1, lessons_per_module=1, title="ธนาคารบนมือถือ").lessons[0]
    pending.title = "โอนเงินอย่างปลอดภัย"
    revision = pending.save_revision(user=trainer)
    workflow = Workflow.objects.get(name="การอนุมัติหลักสูตร")
    workflow.start(pending, trainer)
    pending.refresh_from_db()
    assert revision.pk == pending.latest_revision_id

    template = CertificateTemplate.objects.filter(is_default=True).first() or CertificateTemplateFactory()
    return AdminWorld(
        users={TRAINER: trainer, STAFF: staff, NATIONAL_ADMIN: admin},
        course=built.course,
        module=module,
        lesson=lesson,
        draft_lesson=draft,
        pending_lesson=pending,
        image=image,
        document=document,
        workflow=workflow,
        certificate_template=template,
        center=center,
    )


# --- the clicks that open what a page hides until asked ----------------------------------


def _settled(page: Page) -> None:
    page.wait_for_load_state("networkidle")


def open_sidebar_menu(name: str) -> Callable[[Page], None]:
    """Open a sub-menu of the admin's sidebar (reports, the account menu…) by its icon."""

    def action(page: Page) -> None:
        page.locator(f'nav li:has(> button svg use[href="#icon-{name}"]) > button').first.click()
        _settled(page)

    return action


def open_account_menu(page: Page) -> None:
    page.locator(".sidebar-footer button").first.click()
    _settled(page)


def open_block_chooser(page: Page) -> None:
    """Open the "insert a block" picker at the end of the lesson body."""
    page.locator("button.c-sf-add-button").last.click()
    option = page.locator(".w-combobox [role=option]").first
    expect(option).to_be_visible()
    option.hover()  # shows the block's preview and description beside the list
    _settled(page)


def open_side_panel(name: str) -> Callable[[Page], None]:
    """Open one of the editor's side panels: ``status``, ``preview``, ``checks``, ``comments``."""

    def action(page: Page) -> None:
        toggle = page.locator(f'button[data-side-panel-toggle="{name}"]')
        if toggle.get_attribute("aria-expanded") != "true":  # Wagtail remembers the open panel
            toggle.click()
        expect(page.locator(f'[data-side-panel="{name}"]')).to_be_visible()
        _settled(page)
        page.wait_for_timeout(1500)  # the checks panel and preview fill in after a delay

    return action


def open_footer_actions(page: Page) -> None:
    """Open the editor footer's "more actions" menu (submit, approve, schedule…)."""
    page.locator("footer .w-dropdown-button .w-dropdown__toggle").click()
    expect(page.locator("footer [data-w-dropdown-target='content']").first).to_be_visible()


def submit_for_moderation(page: Page) -> None:
    """Send the page for approval, as a trainer does, and stay on the editor it returns to."""
    open_footer_actions(page)
    page.locator('footer button[name="action-submit"]').click()
    expect(page.locator(".messages")).to_be_visible()
    _settled(page)


def open_workflow_dialog(button: str) -> Callable[[Page], None]:
    """Open one of the moderator's dialogs from the footer menu: ``button`` selects the
    footer button (approve with comment, request changes)."""

    def action(page: Page) -> None:
        open_footer_actions(page)
        page.locator(f"footer {button}").click()
        expect(page.locator(".modal")).to_be_visible()
        _settled(page)

    return action


open_approve_with_comment = open_workflow_dialog(
    'button[data-workflow-action-name="approve"][data-workflow-action-modal-url]'
)
open_request_changes = open_workflow_dialog('button[data-workflow-action-name="reject"]')


def open_schedule(page: Page) -> None:
    """The "publishing schedule" dialog of the status panel."""
    open_side_panel("status")(page)
    page.locator(
        '[data-side-panel="status"] button[data-a11y-dialog-show="schedule-publishing-dialog"]'
    ).click()
    expect(page.locator("#schedule-publishing-dialog")).to_be_visible()


def open_privacy(page: Page) -> None:
    """The "privacy" dialog of the status panel."""
    open_side_panel("status")(page)
    page.locator('[data-side-panel="status"] button[data-a11y-dialog-show="set-privacy"]').first.click()
    _settled(page)


def open_bulk_actions(page: Page) -> None:
    """Tick the first row of a listing, which shows the bulk actions bar."""
    page.locator("input[data-bulk-action-checkbox]").first.check()
    _settled(page)


@dataclass(frozen=True)
class AdminPage:
    """One screen: who opens it, where (a path with ``{name}`` placeholders filled from
    ``AdminWorld.ids()``) and what to click before reading it."""

    name: str
    role: str
    path: str
    actions: tuple[Callable[[Page], None], ...] = field(default_factory=tuple)


_EDIT = "/admin/pages/{%s}/edit/"

ADMIN_PAGES: tuple[AdminPage, ...] = (
    # The trainer writes.
    AdminPage("แดชบอร์ด", TRAINER, "/admin/"),
    AdminPage("เมนูบัญชี", TRAINER, "/admin/", (open_account_menu,)),
    AdminPage("เมนูรายงาน", TRAINER, "/admin/", (open_sidebar_menu("site"),)),
    AdminPage("สำรวจหลักสูตร", TRAINER, "/admin/pages/{catalogue}/"),
    AdminPage("สำรวจหลักสูตรพร้อมเลือกหลายรายการ", TRAINER, "/admin/pages/{catalogue}/", (open_bulk_actions,)),
    AdminPage("สำรวจบทของหลักสูตร", TRAINER, "/admin/pages/{module}/"),
    AdminPage("ค้นหาหน้า", TRAINER, "/admin/pages/search/?q=มือถือ"),
    AdminPage("เพิ่มบท", TRAINER, "/admin/pages/add/courses/modulepage/{course}/"),
    AdminPage("เพิ่มบทเรียน", TRAINER, "/admin/pages/add/courses/lessonpage/{module}/", (open_block_chooser,)),
    AdminPage("แก้ไขหลักสูตร", TRAINER, _EDIT % "course", (open_side_panel("status"),)),
    AdminPage("ดูตัวอย่างหลักสูตร", TRAINER, _EDIT % "course", (open_side_panel("preview"),)),
    AdminPage("ตรวจหลักสูตร", TRAINER, _EDIT % "course", (open_side_panel("checks"),)),
    AdminPage("แก้ไขบท", TRAINER, _EDIT % "module", (open_side_panel("preview"),)),
    AdminPage("แก้ไขบทเรียนพร้อมเลือกบล็อก", TRAINER, _EDIT % "lesson", (open_block_chooser,)),
    AdminPage("ดูตัวอย่างบทเรียน", TRAINER, _EDIT % "lesson", (open_side_panel("preview"),)),
    AdminPage("ตรวจบทเรียน", TRAINER, _EDIT % "lesson", (open_side_panel("checks"),)),
    AdminPage("ความเห็นในบทเรียน", TRAINER, _EDIT % "lesson", (open_side_panel("comments"),)),
    AdminPage("การดำเนินการอื่นของบทเรียน", TRAINER, _EDIT % "lesson", (open_footer_actions,)),
    AdminPage("ตั้งเวลาเผยแพร่", TRAINER, _EDIT % "lesson", (open_schedule,)),
    AdminPage("ส่งให้ตรวจ", TRAINER, _EDIT % "draft_lesson", (submit_for_moderation,)),
    AdminPage("สถานะหน้าที่รอตรวจ", TRAINER, _EDIT % "pending_lesson", (open_side_panel("status"),)),
    AdminPage("ประวัติหน้า", TRAINER, "/admin/pages/{lesson}/history/"),
    AdminPage("รูปภาพ", TRAINER, "/admin/images/"),
    AdminPage("อัปโหลดรูปภาพ", TRAINER, "/admin/images/multiple/add/"),
    AdminPage("เอกสาร", TRAINER, "/admin/documents/"),
    AdminPage("อัปโหลดเอกสาร", TRAINER, "/admin/documents/multiple/add/"),
    AdminPage("บัญชีของฉัน", TRAINER, "/admin/account/"),
    # The center staff member reviews, approves and runs the center.
    AdminPage("แดชบอร์ดผู้ตรวจ", STAFF, "/admin/"),
    AdminPage("เมนูรายงานของผู้ตรวจ", STAFF, "/admin/", (open_sidebar_menu("site"),)),
    AdminPage("ตรวจหน้าที่รออนุมัติ", STAFF, _EDIT % "pending_lesson", (open_side_panel("status"),)),
    AdminPage("ปุ่มอนุมัติ", STAFF, _EDIT % "pending_lesson", (open_footer_actions,)),
    AdminPage("อนุมัติพร้อมความเห็น", STAFF, _EDIT % "pending_lesson", (open_approve_with_comment,)),
    AdminPage("ขอให้แก้ไข", STAFF, _EDIT % "pending_lesson", (open_request_changes,)),
    AdminPage("ดูตัวอย่างหน้าที่รอตรวจ", STAFF, "/admin/pages/{pending_lesson}/revisions/{pending_revision}/view/"),
    AdminPage("เปรียบเทียบฉบับแก้ไข", STAFF, "/admin/pages/{pending_lesson}/revisions/compare/live...latest/"),
    AdminPage("ประวัติขั้นตอนอนุมัติ", STAFF, "/admin/pages/{pending_lesson}/workflow_history/"),
    AdminPage("ประวัติหน้าของผู้ตรวจ", STAFF, "/admin/pages/{pending_lesson}/history/"),
    AdminPage("สิทธิ์การเข้าถึง", STAFF, _EDIT % "lesson", (open_privacy,)),
    AdminPage("รายงานขั้นตอนอนุมัติ", STAFF, "/admin/reports/workflow/"),
    AdminPage("รายงานงานอนุมัติ", STAFF, "/admin/reports/workflow_tasks/"),
    AdminPage("หน้าที่ถูกล็อก", STAFF, "/admin/reports/locked/"),
    AdminPage("รูปภาพของผู้ตรวจ", STAFF, "/admin/images/"),
    AdminPage("แก้ไขรูปภาพ", STAFF, "/admin/images/{image}/"),
    AdminPage("เอกสารของผู้ตรวจ", STAFF, "/admin/documents/"),
    AdminPage("แก้ไขเอกสาร", STAFF, "/admin/documents/edit/{document}/"),
    AdminPage("รายงานของศูนย์", STAFF, "/admin/reports/center/{center}/"),
    # The national admin keeps the certificate templates and the list of centers.
    AdminPage("แม่แบบเกียรติบัตร", NATIONAL_ADMIN, "/admin/snippets/certificates/certificatetemplate/"),
    AdminPage(
        "แก้ไขแม่แบบเกียรติบัตร",
        NATIONAL_ADMIN,
        "/admin/snippets/certificates/certificatetemplate/edit/{certificate_template}/",
    ),
    AdminPage("ศูนย์", NATIONAL_ADMIN, "/admin/center_admin/"),
    AdminPage("แก้ไขศูนย์", NATIONAL_ADMIN, "/admin/center_admin/edit/{center}/"),
)


def page_path(spec: AdminPage, world: AdminWorld) -> str:
    ids = world.ids()
    ids["catalogue"] = world.course.get_parent().pk
    ids["pending_revision"] = world.pending_lesson.latest_revision_id
    return spec.path.format(**ids)


def open_admin_page(page: Page, base_url: str, spec: AdminPage, world: AdminWorld) -> None:
    """Go to ``spec``'s page and make the clicks that show what it hides."""
    path = page_path(spec, world)
    response = page.goto(base_url + path)
    assert response is not None and response.ok, (
        f"{spec.name}: {page.url} answered {response and response.status}"
    )
    # A page the role may not open redirects to the dashboard: that is a wrong list, not a pass.
    assert page.url.split("?")[0] == (base_url + path).split("?")[0], f"{spec.name}: {path} led to {page.url}"
    _settled(page)
    for action in spec.actions:
        action(page)
