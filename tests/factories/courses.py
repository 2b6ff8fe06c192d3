"""Factories for the course page tree, images and documents.

Pages cannot be saved on their own: Wagtail places them in the tree with ``add_child``.
The page factories therefore build unsaved instances, and ``build_course`` (or
``add_page``) puts them under their parent and publishes a revision, the way the admin
does, so ``live``, ``url_path`` and the latest revision are all real.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field

import factory
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from courses.constants import Category
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage


def png_bytes(width: int = 40, height: int = 30, colour: str = "#2a7ab0") -> bytes:
    """A tiny real PNG, drawn with Pillow."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def make_image(title: str = "ภาพทดสอบ", width: int = 40, height: int = 30):
    """A Wagtail image stored in MEDIA_ROOT (a tiny PNG made with Pillow)."""
    Image = get_image_model()
    upload = ImageFile(io.BytesIO(png_bytes(width, height)), name=f"{uuid.uuid4().hex[:8]}.png")
    image = Image(title=title, file=upload)
    image.save()
    return image


def make_document(title: str = "ใบงาน", content: bytes = "รายการ,บาท\nต้นทุน,60\n".encode()):
    """A Wagtail document (a small CSV worksheet)."""
    Document = get_document_model()
    document = Document(title=title, file_size=len(content))  # the admin's upload form sets it too
    document.file.save(f"{uuid.uuid4().hex[:8]}.csv", ContentFile(content), save=False)
    document.save()
    return document


def catalogue() -> CourseIndexPage:
    """The course catalogue the migrations create under the home page."""
    return CourseIndexPage.objects.get(slug="courses")


def add_page(parent: Page, page: Page, *, publish: bool = True) -> Page:
    """Put ``page`` under ``parent`` and (by default) publish it through a revision."""
    if not publish:
        page.live = False  # a draft, as the admin's "save draft" leaves a new page
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def quiz_question_value(question: str = "รหัส OTP ควรบอกใครได้บ้าง") -> dict:
    """The raw StreamField value of a single-choice quiz question."""
    return {
        "type": "quiz_question",
        "id": str(uuid.uuid4()),
        "value": {
            "question": question,
            "allow_multiple": False,
            "choices": [
                {"type": "item", "id": str(uuid.uuid4()), "value": {"text": "คนที่โทรมา", "correct": False}},
                {"type": "item", "id": str(uuid.uuid4()), "value": {"text": "ไม่บอกใครเลย", "correct": True}},
            ],
            "explanation": "ธนาคารไม่เคยขอรหัส OTP ทางโทรศัพท์",
        },
    }


def text_value(html: str = "<p>เนื้อหาบทเรียน</p>") -> dict:
    return {"type": "text", "id": str(uuid.uuid4()), "value": html}


def every_block_body(*, image=None, document=None) -> list[dict]:
    """A lesson body that uses every lesson block type once (images/documents made if absent)."""
    image = image or make_image()
    document = document or make_document()

    def item(value):
        return {"type": "item", "id": str(uuid.uuid4()), "value": value}

    return [
        text_value("<h2>เปิดเครื่อง</h2><p>กด <b>ปุ่มด้านข้าง</b> ค้างไว้</p><ul><li>หนึ่ง</li><li>สอง</li></ul>"),
        {
            "type": "table",
            "id": str(uuid.uuid4()),
            "value": {
                "caption": "ตัวอย่างการคิดราคา",
                "header": [item("รายการ"), item("บาท")],
                "rows": [item([item("ต้นทุน"), item("60")]), item([item("ค่าส่ง"), item("40")])],
            },
        },
        {
            "type": "image",
            "id": str(uuid.uuid4()),
            "value": {"image": image.pk, "alt_text": "ปุ่มเปิดเครื่องด้านขวา", "caption": "ปุ่มเปิดเครื่อง"},
        },
        {
            "type": "video",
            "id": str(uuid.uuid4()),
            "value": {"url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "title": "วิธีเปิดเครื่อง"},
        },
        {
            "type": "steps",
            "id": str(uuid.uuid4()),
            "value": {
                "title": "เชื่อมต่อ Wi-Fi",
                "steps": [
                    item({"text": "<p>เปิดแอป <b>ตั้งค่า</b></p>", "image": image.pk, "alt_text": "หน้าตั้งค่า"}),
                    item({"text": "<p>แตะ Wi-Fi</p>", "image": None, "alt_text": ""}),
                ],
            },
        },
        {
            "type": "callout",
            "id": str(uuid.uuid4()),
            "value": {"kind": "warning", "text": "<p>อย่าบอกรหัส OTP กับใคร</p>"},
        },
        {
            "type": "document",
            "id": str(uuid.uuid4()),
            "value": {"document": document.pk, "title": "ใบงานคิดราคา"},
        },
        quiz_question_value(),
    ]


class CoursePageFactory(factory.Factory):
    """An unsaved course page; place it with ``add_page`` (or use ``build_course``)."""

    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"หลักสูตรทดสอบ {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    summary = "เรียนรู้การใช้มือถืออย่างปลอดภัย"
    description = "## เนื้อหา\n\nหลักสูตรนี้สอน **การใช้มือถือ**"
    category = Category.DEVICE_USE


class ModulePageFactory(factory.Factory):
    """An unsaved module page."""

    class Meta:
        model = ModulePage

    title = factory.Sequence(lambda n: f"บทที่ {n}")
    slug = factory.Sequence(lambda n: f"module-{n}")


class LessonPageFactory(factory.Factory):
    """An unsaved lesson page with one text block."""

    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"บทเรียน {n}")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    estimated_minutes = 10
    body = factory.LazyFunction(lambda: [text_value()])


@dataclass
class BuiltCourse:
    """What ``build_course`` made: the course, its modules and its lessons in course order."""

    course: CoursePage
    modules: list[ModulePage] = field(default_factory=list)
    lessons: list[LessonPage] = field(default_factory=list)


def build_course(
    *,
    modules: int = 2,
    lessons_per_module: int = 2,
    with_quiz: bool = False,
    publish: bool = True,
    parent: CourseIndexPage | None = None,
    lesson_body=None,
    **course_fields,
) -> BuiltCourse:
    """Create a published course tree under the catalogue.

    ``with_quiz`` adds one quiz question to every lesson; ``lesson_body`` (a callable
    returning a raw StreamField value) replaces the default body.
    """
    parent = parent or catalogue()
    course = add_page(parent, CoursePageFactory.build(**course_fields), publish=publish)
    built = BuiltCourse(course=course)
    for m in range(modules):
        module = add_page(course, ModulePageFactory.build(title=f"บทที่ {m + 1}"), publish=publish)
        built.modules.append(module)
        for n in range(lessons_per_module):
            body = lesson_body() if lesson_body else [text_value(f"<p>เนื้อหา {m + 1}.{n + 1}</p>")]
            if with_quiz:
                body.append(quiz_question_value(f"คำถามบทเรียน {m + 1}.{n + 1}"))
            lesson = add_page(
                module, LessonPageFactory.build(title=f"บทเรียน {m + 1}.{n + 1}", body=body), publish=publish
            )
            built.lessons.append(lesson)
    course.refresh_from_db()
    return built


def stream_form_data(block, value, prefix: str = "body") -> dict[str, str]:
    """The POST fields Wagtail's admin sends for a StreamField value (what its JavaScript
    builds in a browser), so tests can submit edit and preview forms with the test client.

    ``value`` is a bound value (``lesson.body``) of ``block`` (the field's stream block).
    """
    from wagtail import blocks as wagtail_blocks

    data: dict[str, str] = {}

    def walk(block, value, prefix):
        if isinstance(block, wagtail_blocks.StreamBlock):
            children = list(value)
            data[f"{prefix}-count"] = str(len(children))
            for i, child in enumerate(children):
                data.update({f"{prefix}-{i}-type": child.block_type, f"{prefix}-{i}-id": child.id or ""})
                data.update({f"{prefix}-{i}-order": str(i), f"{prefix}-{i}-deleted": ""})
                walk(child.block, child.value, f"{prefix}-{i}-value")
        elif isinstance(block, wagtail_blocks.ListBlock):
            children = list(value.bound_blocks)
            data[f"{prefix}-count"] = str(len(children))
            for i, child in enumerate(children):
                data.update({f"{prefix}-{i}-id": child.id or "", f"{prefix}-{i}-order": str(i)})
                data[f"{prefix}-{i}-deleted"] = ""
                walk(block.child_block, child.value, f"{prefix}-{i}-value")
        elif isinstance(block, wagtail_blocks.StructBlock):
            for name, child in block.child_blocks.items():
                walk(child, value.get(name), f"{prefix}-{name}")
        elif isinstance(block, wagtail_blocks.BooleanBlock):
            if value:
                data[prefix] = "on"
        elif isinstance(block, wagtail_blocks.ChooserBlock):
            data[prefix] = str(value.pk) if value else ""
        elif isinstance(block, wagtail_blocks.RichTextBlock):
            data[prefix] = block.get_form_state(value)  # Draftail's JSON, as the editor posts it
        else:
            data[prefix] = "" if value is None else str(value)

    walk(block, value, prefix)
    return data
