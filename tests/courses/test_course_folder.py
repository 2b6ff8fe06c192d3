"""Course folders: import_course / export_course (contract: ../shared/spec/course-folder.md).

Small folders are written into ``tmp_path`` by :func:`write_sample_course`; the round trip
runs on the real demo courses in ``courses/demo/``.
"""

import io
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from courses.course_folder import CourseFolderError, course_folder_export, course_folder_import
from courses.course_folder.markdown import markdown_to_items
from courses.course_folder.writer import _RichText
from courses.models import CourseIndexPage, CoursePage, Enrollment, LessonPage, LessonProgress, ModulePage
from tests.factories import UserFactory
from tests.storage import stored_names

pytestmark = pytest.mark.django_db

DEMO = Path(settings.BASE_DIR) / "courses" / "demo"
DEMO_SLUGS = ["smartphone-basics", "selling-online", "product-page"]

WIFI_LESSON = """---
title: ต่อ Wi-Fi ที่ศูนย์
estimated_minutes: 10
steps:
  - title: เชื่อมต่อ Wi-Fi
    items:
      - text: "เปิดแอป **ตั้งค่า**"
      - text: "แตะชื่อ Wi-Fi ของศูนย์"
        image: images/wifi.png
        alt: หน้าจอรายชื่อ Wi-Fi
quiz:
  - question: Wi-Fi สาธารณะเหมาะกับงานใด
    choices: ["โอนเงิน", "อ่านข่าว", "กรอกรหัสผ่าน"]
    answer: 1
    explanation: "งานเกี่ยวกับเงินให้ใช้เน็ตมือถือของเราเอง"
  - question: ข้อใดปลอดภัย (เลือกได้มากกว่า 1 ข้อ)
    choices: ["ตั้งรหัสที่เดายาก", "บอก OTP ให้คนอื่น", "อัปเดตแอป"]
    answer: [0, 2]
---

Wi-Fi คืออินเทอร์เน็ต *ไร้สาย* ดูที่ [เว็บศูนย์](https://example.org/wifi)

![หน้าจอตั้งค่า Wi-Fi](images/wifi.png "เปิดสวิตช์ให้เป็นสีเขียว")

## วิธีต่อ

<!-- steps -->

> [!WARNING]
> อย่าโอนเงินผ่าน Wi-Fi ฟรี

> [!TIP]
> ใช้ Wi-Fi ที่บ้านดูวิดีโอ

https://www.youtube.com/watch?v=dQw4w9WgXcQ

| รายการ | บาท |
|---|---:|
| แพ็กเกจ | 100 |

Table: ค่าใช้จ่ายต่อเดือน

- ข้อหนึ่ง
- ข้อสอง
  1. ย่อย

<!-- downloads -->
"""

SAFETY_LESSON = """---
title: รู้ทันมิจฉาชีพ
---

ธนาคารไม่ขอรหัส OTP

> [!NOTE]
> โทร 1441 ได้ตลอด 24 ชั่วโมง
"""


def _png(path: Path, colour):
    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", (8, 6), colour).save(path, format="PNG")


def write_sample_course(root: Path, slug="phone-101") -> Path:
    """A small valid course folder using every mapping of the format."""
    folder = root / slug
    (folder / "01-basics").mkdir(parents=True)
    (folder / "02-safety").mkdir()
    (folder / "files").mkdir()
    _png(folder / "cover.png", "orange")
    _png(folder / "images" / "wifi.png", "green")
    (folder / "files" / "worksheet.csv").write_text("รายการ,บาท\nค่าเน็ต,100\n", encoding="utf-8")
    (folder / "course.yaml").write_text(
        "title: มือถือเบื้องต้น\n"
        "summary: ใช้มือถืออย่างปลอดภัย\n"
        "description: |\n  เรียนทีละขั้น\n\n  **ง่าย** มาก\n"
        "image: cover.png\n"
        "pass_mark: 80\n"
        "issues_certificate: false\n"
        "category: device_use\n"
        "level: intermediate\n",
        encoding="utf-8",
    )
    (folder / "01-basics" / "module.yaml").write_text("title: พื้นฐาน\n", encoding="utf-8")
    wifi = WIFI_LESSON.replace(
        "quiz:\n", "downloads:\n  - file: files/worksheet.csv\n    title: ใบงานคิดค่าเน็ต\nquiz:\n", 1
    )
    (folder / "01-basics" / "01-wifi.md").write_text(wifi, encoding="utf-8")
    (folder / "02-safety" / "01-scams.md").write_text(SAFETY_LESSON, encoding="utf-8")
    return folder


def database_state():
    """Counts that any write by an import would change."""
    return (
        Page.objects.count(),
        Revision.objects.count(),
        get_image_model().objects.count(),
        get_document_model().objects.count(),
        list(Page.objects.order_by("pk").values_list("pk", "title", "live", "latest_revision_id")),
    )


def import_folder(path, *, publish=True, **kwargs):
    return course_folder_import(path=path, publish=publish, **kwargs).course


def snapshot(course: CoursePage):
    """Everything an import should reproduce, with files by content hash instead of ids."""
    images = {i.pk: i.file_hash for i in get_image_model().objects.all()}
    documents = {d.pk: d.file_hash for d in get_document_model().objects.all()}

    def files(value, key=None):
        if isinstance(value, dict):
            return {k: files(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [files(v, key) for v in value]
        if key == "image" and value:
            return images[value]
        if key == "document" and value:
            return documents[value]
        return value

    course.refresh_from_db()
    return {
        "course": [
            course.title,
            course.title_en,
            course.summary,
            course.description,
            images.get(course.cover_image_id),
            course.category,
            course.level,
            course.pass_mark,
            course.issues_certificate,
            course.estimated_minutes,
            course.language,
        ],
        "modules": [
            [
                module.slug,
                module.title,
                [
                    [lesson.slug, lesson.title, lesson.estimated_minutes, files(list(lesson.body.raw_data))]
                    for lesson in LessonPage.objects.child_of(module).order_by("path")
                ],
            ]
            for module in ModulePage.objects.child_of(course).order_by("path")
        ],
    }


def read_tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def forget_everything_imported():
    """Leave the database as a fresh site: no courses, images or documents."""
    for course in CoursePage.objects.all():
        course.delete()
    get_image_model().objects.all().delete()
    get_document_model().objects.all().delete()


# -- round trip -------------------------------------------------------------------------


def test_demo_courses_export_import_export_gives_identical_files(tmp_path):
    for slug in DEMO_SLUGS:
        import_folder(DEMO / slug)
    before = {slug: snapshot(CoursePage.objects.get(slug=slug)) for slug in DEMO_SLUGS}
    for slug in DEMO_SLUGS:
        call_command("export_course", slug, str(tmp_path / "first"), stdout=io.StringIO())

    forget_everything_imported()
    for slug in DEMO_SLUGS:
        call_command("import_course", str(tmp_path / "first" / slug), "--publish", stdout=io.StringIO())
        call_command("export_course", slug, str(tmp_path / "second"), stdout=io.StringIO())

    for slug in DEMO_SLUGS:
        first = read_tree(tmp_path / "first" / slug)
        assert first == read_tree(tmp_path / "second" / slug)
        assert "course.yaml" in first
        # Titles, order, text, images, quizzes and settings come back the same.
        assert snapshot(CoursePage.objects.get(slug=slug)) == before[slug]


def test_export_of_demo_course_keeps_its_markdown(tmp_path):
    import_folder(DEMO / "smartphone-basics")
    target = course_folder_export(course=CoursePage.objects.get(slug="smartphone-basics"), path=tmp_path)
    original = (DEMO / "smartphone-basics" / "01-phone-basics" / "01-power-and-charging.md").read_text()
    exported = (target / "01-phone-basics" / "01-power-and-charging.md").read_text()
    assert exported == original
    assert (target / "cover.png").read_bytes() == (DEMO / "smartphone-basics" / "cover.png").read_bytes()


def test_sample_course_round_trip_keeps_every_block(tmp_path):
    course = import_folder(write_sample_course(tmp_path / "in"))
    before = snapshot(course)
    first = course_folder_export(course=course, path=tmp_path / "first")
    forget_everything_imported()
    course = import_folder(first)
    assert snapshot(course) == before
    second = course_folder_export(course=course, path=tmp_path / "second")
    assert read_tree(first) == read_tree(second)


# -- mapping ----------------------------------------------------------------------------


def test_markdown_maps_to_lesson_blocks(tmp_path):
    import_folder(write_sample_course(tmp_path))
    lesson = LessonPage.objects.get(slug="wifi")
    kinds = [block.block_type for block in lesson.body]
    assert kinds == [
        "text",
        "image",
        "text",
        "steps",
        "callout",
        "callout",
        "video",
        "table",
        "text",
        "document",
        "quiz_question",
        "quiz_question",
    ]
    body = list(lesson.body)
    assert body[0].value.source == (
        '<p>Wi-Fi คืออินเทอร์เน็ต <i>ไร้สาย</i> ดูที่ <a href="https://example.org/wifi">เว็บศูนย์</a></p>'
    )
    assert body[1].value["alt_text"] == "หน้าจอตั้งค่า Wi-Fi"
    assert body[1].value["caption"] == "เปิดสวิตช์ให้เป็นสีเขียว"
    assert body[2].value.source == "<h2>วิธีต่อ</h2>"
    steps = body[3].value
    assert steps["title"] == "เชื่อมต่อ Wi-Fi"
    assert steps["steps"][0]["text"].source == "<p>เปิดแอป <b>ตั้งค่า</b></p>"
    assert steps["steps"][1]["alt_text"] == "หน้าจอรายชื่อ Wi-Fi"
    assert steps["steps"][1]["image"] == body[1].value["image"]  # one file, one Wagtail image
    assert [body[4].value["kind"], body[5].value["kind"]] == ["warning", "tip"]
    assert body[4].value["text"].source == "<p>อย่าโอนเงินผ่าน Wi-Fi ฟรี</p>"
    assert body[6].value["url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert body[6].value["title"] == "ต่อ Wi-Fi ที่ศูนย์"
    table = body[7].value
    assert table["caption"] == "ค่าใช้จ่ายต่อเดือน"
    assert list(table["header"]) == ["รายการ", "บาท"]
    assert [list(row) for row in table["rows"]] == [["แพ็กเกจ", "100"]]
    assert body[8].value.source == "<ul><li>ข้อหนึ่ง</li><li>ข้อสอง<ol><li>ย่อย</li></ol></li></ul>"
    assert body[9].value["title"] == "ใบงานคิดค่าเน็ต"
    assert body[9].value["document"].title == "worksheet"
    single, multiple = body[10].value, body[11].value
    assert single["allow_multiple"] is False
    assert [c["correct"] for c in single["choices"]] == [False, True, False]
    assert single["explanation"] == "งานเกี่ยวกับเงินให้ใช้เน็ตมือถือของเราเอง"
    assert multiple["allow_multiple"] is True
    assert [c["correct"] for c in multiple["choices"]] == [True, False, True]


def test_course_settings_and_tree_are_imported(tmp_path):
    course = import_folder(write_sample_course(tmp_path))
    catalogue = CourseIndexPage.objects.get()
    assert course.get_parent().pk == catalogue.pk
    assert course.title == "มือถือเบื้องต้น"
    assert course.summary == "ใช้มือถืออย่างปลอดภัย"
    assert course.description == "เรียนทีละขั้น\n\n**ง่าย** มาก\n"
    assert (course.pass_mark, course.issues_certificate) == (80, False)
    assert (course.category, course.level, course.language) == ("device_use", "intermediate", "th")
    assert course.estimated_minutes is None
    assert course.cover_image.title == "cover"
    modules = ModulePage.objects.child_of(course).order_by("path")
    # module.yaml gives the title; without it the title is the slug.
    assert [(m.slug, m.title) for m in modules] == [("basics", "พื้นฐาน"), ("safety", "safety")]
    assert LessonPage.objects.get(slug="wifi").estimated_minutes == 10


def test_thai_text_survives_import_and_export(tmp_path):
    course = import_folder(write_sample_course(tmp_path / "in"))
    lesson = LessonPage.objects.get(slug="scams")
    assert lesson.title == "รู้ทันมิจฉาชีพ"
    assert "ธนาคารไม่ขอรหัส OTP" in list(lesson.body)[0].value.source
    folder = course_folder_export(course=course, path=tmp_path / "out")
    text = (folder / "02-safety" / "01-scams.md").read_text(encoding="utf-8")
    assert text == SAFETY_LESSON
    assert "title: มือถือเบื้องต้น\n" in (folder / "course.yaml").read_text(encoding="utf-8")


def test_english_title_round_trips_through_course_yaml(tmp_path):
    folder = write_sample_course(tmp_path / "in")
    _replace(folder / "course.yaml", "title: มือถือเบื้องต้น\n", "title: มือถือเบื้องต้น\ntitle_en: Phone Basics\n")
    course = import_folder(folder)
    assert course.title_en == "Phone Basics"
    exported = course_folder_export(course=course, path=tmp_path / "out")
    text = (exported / "course.yaml").read_text(encoding="utf-8")
    assert "title: มือถือเบื้องต้น\ntitle_en: Phone Basics\n" in text
    forget_everything_imported()
    assert import_folder(exported).title_en == "Phone Basics"


def test_course_yaml_without_english_title_leaves_it_blank_and_exports_no_key(tmp_path):
    folder = write_sample_course(tmp_path / "in")
    course = import_folder(folder)
    assert course.title_en == ""
    exported = course_folder_export(course=course, path=tmp_path / "out")
    assert "title_en" not in (exported / "course.yaml").read_text(encoding="utf-8")


def test_reimport_without_english_title_clears_it(tmp_path):
    # The folder is the source of truth, as for every other key.
    folder = write_sample_course(tmp_path)
    _replace(folder / "course.yaml", "title: มือถือเบื้องต้น\n", "title: มือถือเบื้องต้น\ntitle_en: Phone Basics\n")
    assert import_folder(folder).title_en == "Phone Basics"
    _replace(folder / "course.yaml", "title_en: Phone Basics\n", "")
    assert import_folder(folder).title_en == ""


def test_demo_courses_carry_english_titles(tmp_path):
    titles = {slug: import_folder(DEMO / slug).title_en for slug in DEMO_SLUGS}
    assert titles == {
        "smartphone-basics": "Using a Smartphone with Confidence and Safety",
        "selling-online": "Selling Community Products Online",
        "product-page": "Creating a Facebook Page to Sell Your Products",
    }


def test_course_goes_under_a_new_catalogue_when_the_site_has_none(tmp_path):
    CourseIndexPage.objects.get().delete()
    course = import_folder(write_sample_course(tmp_path))
    catalogue = course.get_parent().specific
    assert isinstance(catalogue, CourseIndexPage)
    assert catalogue.live
    assert catalogue.get_parent().specific.__class__.__name__ == "HomePage"


# -- broken folders ---------------------------------------------------------------------


def _replace(path: Path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _missing_title(folder):
    _replace(folder / "02-safety" / "01-scams.md", "title: รู้ทันมิจฉาชีพ\n", "estimated_minutes: 5\n")
    return "02-safety/01-scams.md:2: ต้องมีชื่อเรื่อง (title) / title is required"


def _missing_course_title(folder):
    _replace(folder / "course.yaml", "title: มือถือเบื้องต้น\n", "")
    return "course.yaml:1: ต้องมีชื่อเรื่อง (title) / title is required"


def _image_without_alt(folder):
    _replace(folder / "01-basics" / "01-wifi.md", "![หน้าจอตั้งค่า Wi-Fi]", "![]")
    # Front matter ends on line 22, the image paragraph is line 26.
    return "01-basics/01-wifi.md:26: ต้องมีคำอธิบายภาพ (alt text) / image needs alt text"


def _step_image_without_alt(folder):
    _replace(folder / "01-basics" / "01-wifi.md", "        alt: หน้าจอรายชื่อ Wi-Fi\n", "")
    return "01-basics/01-wifi.md:9: ภาพประกอบขั้นตอนต้องมีคำอธิบายภาพ (alt)"


def _answer_out_of_range(folder):
    _replace(folder / "01-basics" / "01-wifi.md", "    answer: 1\n", "    answer: 3\n")
    return "01-basics/01-wifi.md:17: คำตอบ 3 ไม่มีในตัวเลือก (มี 3 ข้อ นับจาก 0) / answer 3 is out of range"


def _answer_list_out_of_range(folder):
    _replace(folder / "01-basics" / "01-wifi.md", "answer: [0, 2]", "answer: [0, 7]")
    return "01-basics/01-wifi.md:21: คำตอบ 7 ไม่มีในตัวเลือก"


def _duplicate_lesson_slug(folder):
    shutil.copy(folder / "02-safety" / "01-scams.md", folder / "02-safety" / "02-wifi.md")
    return (
        "02-safety/02-wifi.md:1: ชื่อบทเรียน wifi ซ้ำกับ 01-basics/01-wifi.md / lesson slug wifi is already used"
    )


def _unclosed_front_matter(folder):
    (folder / "02-safety" / "01-scams.md").write_text("---\ntitle: รู้ทันมิจฉาชีพ\n\nเนื้อหา\n", encoding="utf-8")
    return (
        "02-safety/01-scams.md:1: ส่วนหัวของบทเรียนไม่มีบรรทัด --- ปิดท้าย / the front matter has no closing --- line"
    )


def _invalid_yaml(folder):
    _replace(folder / "02-safety" / "01-scams.md", "title: รู้ทันมิจฉาชีพ\n", "title: [รู้ทันมิจฉาชีพ\n")
    return "02-safety/01-scams.md:3: YAML ไม่ถูกต้อง"


def _no_front_matter(folder):
    (folder / "02-safety" / "01-scams.md").write_text("# รู้ทันมิจฉาชีพ\n", encoding="utf-8")
    return "02-safety/01-scams.md:1: บทเรียนต้องขึ้นต้นด้วยบรรทัด ---"


def _missing_image_file(folder):
    (folder / "images" / "wifi.png").unlink()
    return "01-basics/01-wifi.md:26: ไม่พบไฟล์ images/wifi.png / file not found: images/wifi.png"


def _image_outside_folder(folder):
    _replace(folder / "01-basics" / "01-wifi.md", "](images/wifi.png ", "](../../secret.png ")
    _png(folder.parent.parent / "secret.png", "red")
    return "01-basics/01-wifi.md:26: ไฟล์ ../../secret.png อยู่นอกโฟลเดอร์หลักสูตร"


def _english_title_too_long(folder):
    _replace(
        folder / "course.yaml", "title: มือถือเบื้องต้น\n", "title: มือถือเบื้องต้น\ntitle_en: " + "x" * 256 + "\n"
    )
    return "course.yaml:2: title_en ยาวเกิน 255 ตัวอักษร / title_en is longer than 255 characters"


def _english_title_not_text(folder):
    _replace(folder / "course.yaml", "title: มือถือเบื้องต้น\n", "title: มือถือเบื้องต้น\ntitle_en: [Phone]\n")
    return "course.yaml:2: title_en ต้องเป็นข้อความ / title_en must be text"


def _bad_category(folder):
    _replace(folder / "course.yaml", "category: device_use", "category: cooking")
    return "course.yaml:10: category ต้องเป็นหนึ่งใน"


BROKEN = [
    _missing_title,
    _missing_course_title,
    _image_without_alt,
    _step_image_without_alt,
    _answer_out_of_range,
    _answer_list_out_of_range,
    _duplicate_lesson_slug,
    _unclosed_front_matter,
    _invalid_yaml,
    _no_front_matter,
    _missing_image_file,
    _image_outside_folder,
    _english_title_too_long,
    _english_title_not_text,
    _bad_category,
]


@pytest.mark.parametrize("break_folder", BROKEN, ids=[f.__name__.strip("_") for f in BROKEN])
def test_broken_folder_is_refused_with_path_and_line_and_changes_nothing(tmp_path, break_folder):
    folder = write_sample_course(tmp_path / "a" / "b")
    expected = break_folder(folder)
    before = database_state()
    with pytest.raises(CommandError) as raised:
        call_command("import_course", str(folder), "--publish", stdout=io.StringIO())
    assert expected in str(raised.value)
    assert database_state() == before


def test_broken_reimport_leaves_the_existing_course_as_it_was(tmp_path):
    folder = write_sample_course(tmp_path)
    import_folder(folder)
    _replace(folder / "02-safety" / "01-scams.md", "ธนาคารไม่ขอรหัส OTP", "ข้อความใหม่")
    _answer_out_of_range(folder)
    before = database_state()
    with pytest.raises(CourseFolderError):
        import_folder(folder)
    assert database_state() == before
    assert "ธนาคารไม่ขอรหัส OTP" in list(LessonPage.objects.get(slug="scams").body)[0].value.source


def test_content_refused_by_the_blocks_is_reported_on_its_line_and_leaves_no_files(tmp_path, settings):
    folder = write_sample_course(tmp_path)
    lesson = folder / "01-basics" / "01-wifi.md"
    # A video title longer than the block allows: only the blocks' own validation knows.
    lesson.write_text(
        lesson.read_text(encoding="utf-8") + "\n[" + "ก" * 201 + "](https://youtu.be/dQw4w9WgXcQ)\n",
        encoding="utf-8",
    )
    before = database_state()
    with pytest.raises(CourseFolderError) as raised:
        import_folder(folder)
    assert str(raised.value).startswith("01-basics/01-wifi.md:52: เนื้อหาไม่ถูกต้อง")
    assert database_state() == before
    assert stored_names(default_storage) == []


def test_import_course_command_exits_non_zero_on_errors(tmp_path):
    folder = write_sample_course(tmp_path)
    _missing_title(folder)
    # The folder is checked before the database is touched, so the child process needs none.
    result = subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "import_course", str(folder)],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test"},
        check=False,
    )
    assert result.returncode != 0
    assert "02-safety/01-scams.md:2:" in result.stderr


# -- re-import --------------------------------------------------------------------------


def test_reimport_updates_in_place_as_a_new_revision_and_keeps_progress(tmp_path):
    folder = write_sample_course(tmp_path)
    course = import_folder(folder)
    lesson = LessonPage.objects.get(slug="scams")
    learner = UserFactory()
    enrollment = Enrollment.objects.create(user=learner, course=course)
    progress = LessonProgress.objects.create(user=learner, lesson=lesson, enrollment=enrollment)
    revisions = lesson.revisions.count()
    pages = Page.objects.count()

    _replace(folder / "02-safety" / "01-scams.md", "ธนาคารไม่ขอรหัส OTP", "ธนาคารไม่เคยขอรหัส OTP")
    import_folder(folder)

    lesson.refresh_from_db()
    assert lesson.revisions.count() == revisions + 1
    assert "ธนาคารไม่เคยขอรหัส OTP" in list(lesson.body)[0].value.source
    assert Page.objects.count() == pages
    assert LessonProgress.objects.filter(pk=progress.pk, lesson_id=lesson.pk).exists()
    assert Enrollment.objects.filter(pk=enrollment.pk, course_id=course.pk).exists()


def test_reimport_reuses_images_and_keeps_quiz_block_ids(tmp_path):
    folder = write_sample_course(tmp_path)
    import_folder(folder)
    ids = [b.id for b in LessonPage.objects.get(slug="wifi").body if b.block_type == "quiz_question"]
    images = get_image_model().objects.count()
    documents = get_document_model().objects.count()
    import_folder(folder)
    again = [b.id for b in LessonPage.objects.get(slug="wifi").body if b.block_type == "quiz_question"]
    assert again == ids
    assert len(set(ids)) == 2
    assert get_image_model().objects.count() == images == 2
    assert get_document_model().objects.count() == documents == 1


def test_lesson_moved_to_another_module_keeps_its_page_and_progress(tmp_path):
    folder = write_sample_course(tmp_path)
    course = import_folder(folder)
    lesson = LessonPage.objects.get(slug="scams")
    learner = UserFactory()
    enrollment = Enrollment.objects.create(user=learner, course=course)
    LessonProgress.objects.create(user=learner, lesson=lesson, enrollment=enrollment)
    (folder / "02-safety" / "01-scams.md").rename(folder / "01-basics" / "00-scams.md")
    shutil.rmtree(folder / "02-safety")
    import_folder(folder)
    moved = LessonPage.objects.get(slug="scams")
    assert moved.pk == lesson.pk
    basics = ModulePage.objects.get(slug="basics")
    assert [p.slug for p in LessonPage.objects.child_of(basics).order_by("path")] == ["scams", "wifi"]
    assert LessonProgress.objects.filter(lesson=moved, user=learner).exists()
    # The emptied module is unpublished, not deleted.
    assert not ModulePage.objects.get(slug="safety").live


def test_lesson_gone_from_folder_is_unpublished_not_deleted(tmp_path):
    folder = write_sample_course(tmp_path)
    course = import_folder(folder)
    lesson = LessonPage.objects.get(slug="scams")
    learner = UserFactory()
    enrollment = Enrollment.objects.create(user=learner, course=course)
    LessonProgress.objects.create(user=learner, lesson=lesson, enrollment=enrollment)
    (folder / "02-safety" / "01-scams.md").unlink()
    result = course_folder_import(path=folder, publish=True)
    assert result.unpublished == ["scams"]
    lesson.refresh_from_db()
    assert not lesson.live
    assert LessonProgress.objects.filter(lesson=lesson).exists()
    # Putting it back publishes the same page again.
    (folder / "02-safety" / "01-scams.md").write_text(SAFETY_LESSON, encoding="utf-8")
    import_folder(folder)
    assert LessonPage.objects.get(slug="scams", pk=lesson.pk).live


def test_lessons_follow_the_folder_order(tmp_path):
    folder = write_sample_course(tmp_path)
    (folder / "01-basics" / "02-apps.md").write_text("---\ntitle: แอป\n---\n\nติดตั้งแอป\n", encoding="utf-8")
    import_folder(folder)
    basics = ModulePage.objects.get(slug="basics")
    assert [p.slug for p in LessonPage.objects.child_of(basics).order_by("path")] == ["wifi", "apps"]
    (folder / "01-basics" / "02-apps.md").rename(folder / "01-basics" / "00-apps.md")
    import_folder(folder)
    assert [p.slug for p in LessonPage.objects.child_of(basics).order_by("path")] == ["apps", "wifi"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_imports_of_the_same_folder_at_once_make_one_course(tmp_path):
    folder = write_sample_course(tmp_path)
    start = threading.Barrier(2)
    failures = []

    def run():
        try:
            start.wait()
            course_folder_import(path=folder, publish=True)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert CoursePage.objects.filter(slug="phone-101").count() == 1
    assert LessonPage.objects.count() == 2
    assert get_image_model().objects.count() == 2
    assert get_document_model().objects.count() == 1


# -- draft or published -----------------------------------------------------------------


def test_import_without_publish_saves_drafts(tmp_path):
    call_command("import_course", str(write_sample_course(tmp_path)), stdout=io.StringIO())
    course = CoursePage.objects.get(slug="phone-101")
    assert not course.live
    assert not LessonPage.objects.live().exists()
    assert LessonPage.objects.count() == 2
    assert all(page.latest_revision_id for page in Page.objects.descendant_of(course, inclusive=True))


def test_import_with_publish_makes_the_course_live(tmp_path):
    call_command("import_course", str(write_sample_course(tmp_path)), "--publish", stdout=io.StringIO())
    course = CoursePage.objects.get(slug="phone-101")
    assert course.live
    assert LessonPage.objects.live().descendant_of(course).count() == 2


def test_draft_reimport_leaves_the_live_course_unchanged(tmp_path):
    folder = write_sample_course(tmp_path)
    import_folder(folder)
    _replace(folder / "02-safety" / "01-scams.md", "title: รู้ทันมิจฉาชีพ", "title: ชื่อใหม่")
    import_folder(folder, publish=False)
    lesson = LessonPage.objects.get(slug="scams")
    assert lesson.live
    assert lesson.title == "รู้ทันมิจฉาชีพ"
    assert lesson.has_unpublished_changes
    assert lesson.get_latest_revision_as_object().title == "ชื่อใหม่"
    # Publishing the same folder later makes the change live.
    import_folder(folder)
    lesson.refresh_from_db()
    assert lesson.title == "ชื่อใหม่"


# -- export -----------------------------------------------------------------------------


def test_export_refuses_a_course_that_was_never_published(tmp_path):
    import_folder(write_sample_course(tmp_path / "in"), publish=False)
    with pytest.raises(CommandError, match="no published version"):
        call_command("export_course", "phone-101", str(tmp_path / "out"), stdout=io.StringIO())


def test_export_writes_into_a_folder_named_after_the_slug(tmp_path):
    import_folder(write_sample_course(tmp_path / "in"))
    call_command("export_course", "phone-101", str(tmp_path / "out"), stdout=io.StringIO())
    assert (tmp_path / "out" / "phone-101" / "course.yaml").is_file()
    call_command("export_course", "phone-101", str(tmp_path / "exact" / "phone-101"), stdout=io.StringIO())
    assert (tmp_path / "exact" / "phone-101" / "course.yaml").is_file()
    with pytest.raises(CommandError, match="not empty"):
        call_command("export_course", "phone-101", str(tmp_path / "out"), stdout=io.StringIO())
    call_command("export_course", "phone-101", str(tmp_path / "out"), "--replace", stdout=io.StringIO())


def test_export_writes_rich_text_written_in_the_admin_as_markdown(tmp_path):
    course = import_folder(write_sample_course(tmp_path / "in"))
    lesson = LessonPage.objects.get(slug="scams")
    lesson.body = [
        {
            "type": "text",
            "value": "<h3>หัวข้อ</h3><p>ราคา 1*2 <b>ตัวหนา </b>และ [วงเล็บ]</p><p>- ไม่ใช่รายการ</p><hr/>"
            "<ol><li>หนึ่ง</li></ol><ol><li>แยก</li></ol>",
        }
    ]
    lesson.save_revision().publish()
    folder = course_folder_export(course=course, path=tmp_path / "out")
    body = (folder / "02-safety" / "01-scams.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert body == (
        "\n### หัวข้อ\n\nราคา 1\\*2 **ตัวหนา** และ \\[วงเล็บ\\]\n\n\\- ไม่ใช่รายการ\n\n***\n\n1. หนึ่ง\n\n1) แยก\n"
    )
    # …and reads back as the same content.
    forget_everything_imported()
    again = import_folder(folder)
    assert list(LessonPage.objects.get(slug="scams").body)[0].value.source == (
        "<h3>หัวข้อ</h3><p>ราคา 1*2 <b>ตัวหนา</b> และ [วงเล็บ]</p><p>- ไม่ใช่รายการ</p><hr/>"
        "<ol><li>หนึ่ง</li></ol><ol><li>แยก</li></ol>"
    )
    assert read_tree(course_folder_export(course=again, path=tmp_path / "second")) == read_tree(folder)


PUNCTUATION_HEAVY_TEXT = st.text(
    alphabet=st.sampled_from(list("กขคะาิ ่้ abc019.)*_[]<>#-+|\\&!~`=:(\"'")), min_size=1, max_size=40
).map(lambda text: " ".join(text.split()))


@hypothesis_settings(max_examples=300, deadline=None)
@given(PUNCTUATION_HEAVY_TEXT, st.sampled_from(["p", "h2", "li"]))
def test_any_plain_text_survives_markdown_export_and_import(text, tag):
    """Whatever punctuation a trainer types in the admin, the exported Markdown reads back
    as the same text (the writer escapes what Markdown would interpret)."""
    from html import escape

    if not text:
        return
    inner = escape(text, quote=False)
    html = f"<ul><li>{inner}</li></ul>" if tag == "li" else f"<{tag}>{inner}</{tag}>"
    markdown = _RichText(lambda link: "")(html)
    items = markdown_to_items(markdown, source="x.md", first_line=1, video_title="v").items
    assert [(item.kind, item.value) for item in items] == [("text", html)], markdown


# -- demo data --------------------------------------------------------------------------


def test_demo_loader_publishes_the_three_courses_with_the_demo_trainer():
    from lms.demo import courses as demo_courses

    trainer = UserFactory(is_staff=True)
    context = {"users": {"trainer": trainer}}
    demo_courses.load(context, io.StringIO())
    demo_courses.load(context, io.StringIO())  # idempotent: updates in place

    assert sorted(context["courses"]) == sorted(DEMO_SLUGS)
    assert CoursePage.objects.count() == 3
    for slug, course in context["courses"].items():
        course = CoursePage.objects.get(pk=course.pk)
        assert course.slug == slug
        assert course.live
        assert list(course.trainers.all()) == [trainer]
        modules = ModulePage.objects.child_of(course).live()
        assert modules.count() >= 2
        assert LessonPage.objects.descendant_of(course).live().count() >= 6
        # The issue asks each course for a quiz in every module, steps, a callout and images.
        for module in modules:
            kinds = {b.block_type for lesson in LessonPage.objects.child_of(module) for b in lesson.body}
            assert "quiz_question" in kinds, module.slug
        kinds = {b.block_type for lesson in LessonPage.objects.descendant_of(course) for b in lesson.body}
        assert {"steps", "callout", "image", "text"} <= kinds
        assert course.cover_image is not None
