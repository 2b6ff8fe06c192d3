"""Errors found in a course folder, each tied to a file and a line.

Messages are fixed bilingual strings (Thai first, then English) rather than gettext
messages: the contract asks for both languages in one line, whatever the operator's
locale, so that a Thai trainer and a foreign maintainer read the same report.
"""

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class FolderError:
    """One problem: ``path`` is relative to the course folder, ``line`` starts at 1."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class CourseFolderError(Exception):
    """Raised when a course folder cannot be imported; nothing was written.

    ``errors`` lists every problem found, sorted by file and line.
    """

    def __init__(self, errors):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(error) for error in self.errors))


# Thai / English message templates. Placeholders use str.format.
MESSAGES = {
    "not_a_folder": "ไม่พบโฟลเดอร์หลักสูตร / course folder not found",
    "bad_course_slug": (
        "ชื่อโฟลเดอร์หลักสูตรต้องเป็นอักษรอังกฤษตัวเล็ก ตัวเลข และขีด (-) เช่น smartphone-basics / "
        "the course folder name must be a slug of lowercase ASCII letters, digits and hyphens"
    ),
    "missing_course_yaml": "ไม่พบไฟล์ course.yaml / course.yaml is missing",
    "yaml_invalid": "YAML ไม่ถูกต้อง: {problem} / invalid YAML: {problem}",
    "yaml_not_mapping": "ต้องเป็นรายการแบบ key: value / must be a YAML mapping of key: value",
    "missing_title": "ต้องมีชื่อเรื่อง (title) / title is required",
    "not_text": "{key} ต้องเป็นข้อความ / {key} must be text",
    "too_long": "{key} ยาวเกิน {limit} ตัวอักษร / {key} is longer than {limit} characters",
    "not_whole_number": "{key} ต้องเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป / {key} must be a whole number, 0 or more",
    "pass_mark_range": "pass_mark ต้องอยู่ระหว่าง 0 ถึง 100 / pass_mark must be between 0 and 100",
    "not_bool": "{key} ต้องเป็น true หรือ false / {key} must be true or false",
    "bad_choice": "{key} ต้องเป็นหนึ่งใน {allowed} / {key} must be one of {allowed}",
    "not_list": "{key} ต้องเป็นรายการ (list) / {key} must be a list",
    "file_missing": "ไม่พบไฟล์ {file} / file not found: {file}",
    "file_outside": "ไฟล์ {file} อยู่นอกโฟลเดอร์หลักสูตร / {file} is outside the course folder",
    "not_an_image": "{file} ไม่ใช่ไฟล์รูปภาพที่เปิดได้ / {file} is not an image that can be opened",
    "bad_module_name": (
        "ชื่อโฟลเดอร์บทเรียนต้องเป็นแบบ 01-ชื่อภาษาอังกฤษ เช่น 01-basics / "
        "module folders must be named NN-slug, for example 01-basics"
    ),
    "bad_lesson_name": (
        "ชื่อไฟล์บทเรียนต้องเป็นแบบ 01-ชื่อภาษาอังกฤษ.md เช่น 01-wifi.md / "
        "lesson files must be named NN-slug.md, for example 01-wifi.md"
    ),
    "duplicate_module": "ชื่อโมดูล {slug} ซ้ำกับ {other} / module slug {slug} is already used by {other}",
    "duplicate_lesson": "ชื่อบทเรียน {slug} ซ้ำกับ {other} / lesson slug {slug} is already used by {other}",
    "no_modules": "หลักสูตรต้องมีอย่างน้อยหนึ่งโมดูล / the course needs at least one module folder",
    "no_front_matter": (
        "บทเรียนต้องขึ้นต้นด้วยบรรทัด --- และข้อมูลบทเรียน / a lesson must start with a --- line and its front matter"
    ),
    "front_matter_unclosed": ("ส่วนหัวของบทเรียนไม่มีบรรทัด --- ปิดท้าย / the front matter has no closing --- line"),
    "image_alt": "ต้องมีคำอธิบายภาพ (alt text) / image needs alt text",
    "image_inline": ("รูปภาพต้องอยู่ในย่อหน้าของตัวเอง / an image must be in a paragraph of its own"),
    "quiz_question": "คำถามต้องมีข้อความ (question) / a quiz question needs its question text",
    "quiz_choices": ("คำถามต้องมีตัวเลือก 2 ถึง 8 ข้อ / a quiz question needs 2 to 8 choices"),
    "quiz_answer_missing": "ต้องระบุคำตอบที่ถูก (answer) / the right answer (answer) is missing",
    "quiz_answer_type": (
        "answer ต้องเป็นเลขลำดับตัวเลือก (เริ่มที่ 0) หรือรายการของเลขลำดับ / "
        "answer must be a choice index (from 0) or a list of indexes"
    ),
    "quiz_answer_range": (
        "คำตอบ {index} ไม่มีในตัวเลือก (มี {count} ข้อ นับจาก 0) / "
        "answer {index} is out of range: there are {count} choices, counted from 0"
    ),
    "steps_items": "ขั้นตอนต้องมีอย่างน้อยหนึ่งข้อ (items) / a steps block needs at least one item",
    "step_text": "แต่ละขั้นตอนต้องมีข้อความ (text) / each step needs its text",
    "step_alt": ("ภาพประกอบขั้นตอนต้องมีคำอธิบายภาพ (alt) / a step screenshot needs alt text (alt)"),
    "download_file": "ไฟล์ดาวน์โหลดต้องระบุ file / a download needs its file",
    "marker_unused": (
        "มีเครื่องหมาย <!-- {kind} --> มากกว่าจำนวน {kind} ในส่วนหัว / "
        "there are more <!-- {kind} --> markers than {kind} in the front matter"
    ),
    "table_header": "หัวตารางต้องไม่มีช่องว่าง / table header cells must not be empty",
    "callout_empty": "กล่องข้อความ [!{kind}] ว่างเปล่า / the [!{kind}] callout is empty",
    "invalid_block": "เนื้อหาไม่ถูกต้อง: {problem} / invalid content: {problem}",
    "audio_type": (
        "ไฟล์เสียงอ่านบทเรียน {file} ต้องเป็นไฟล์ MP3, M4A, OGG หรือ WAV / "
        "the read-aloud recording {file} must be an MP3, M4A, OGG or WAV file"
    ),
    "audio_size": (
        "ไฟล์เสียงอ่านบทเรียน {file} ใหญ่เกิน {limit} MB / the read-aloud recording {file} is larger than {limit} MB"
    ),
    "audio_content": (
        "{file} ไม่ใช่ไฟล์เสียงที่เปิดได้ เนื้อในไฟล์ไม่ตรงกับชนิดตามชื่อไฟล์ / "
        "{file} is not a playable recording: its content does not match its name"
    ),
}


def error(path: str, line: int, code: str, /, **params) -> FolderError:
    """Build a :class:`FolderError` from a message code and its parameters."""
    return FolderError(path, max(int(line), 1), MESSAGES[code].format(**params))
