"""Build a plain course page (course → modules → lessons) in code.

Used by ``generate_load_data`` when a database has no course yet, and by tests that
need a real course tree. Demo courses with real content come from ``courses/demo``.
"""

from django.utils.text import slugify

from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage

QUIZ_BLOCK = {
    "type": "quiz_question",
    "value": {
        "question": "รหัส OTP ควรบอกใครได้บ้าง",
        "allow_multiple": False,
        "choices": [
            {"text": "เจ้าหน้าที่ธนาคารที่โทรมา", "correct": False},
            {"text": "ไม่บอกใครเลย", "correct": True},
        ],
        "explanation": "",
    },
}
TEXT_BLOCK = {"type": "rich_text", "value": "<p>เนื้อหาบทเรียน</p>"}


def course_build(
    *, title: str, modules: list[list[str]], quiz_lessons: set[str] = frozenset(), slug: str = ""
):
    """Create and publish a course under the catalogue; return ``(course, lessons)``.

    ``modules`` lists, per module, the titles of its lessons; lessons named in
    ``quiz_lessons`` get a quiz question.
    """
    index = CourseIndexPage.objects.first()
    course = CoursePage(title=title, slug=slug or slugify(title, allow_unicode=True) or "course")
    index.add_child(instance=course)
    lessons = []
    for number, lesson_titles in enumerate(modules, start=1):
        module = ModulePage(title=f"{title} บทที่ {number}", slug=f"module-{number}")
        course.add_child(instance=module)
        for lesson_number, lesson_title in enumerate(lesson_titles, start=1):
            body = [TEXT_BLOCK] + ([QUIZ_BLOCK] if lesson_title in quiz_lessons else [])
            lesson = LessonPage(title=lesson_title, slug=f"lesson-{lesson_number}", body=body)
            module.add_child(instance=lesson)
            lessons.append(lesson)
    return course, lessons
