"""A course tree built with Wagtail's page API, for the learning tests.

``learning_course(modules=2, lessons_per_module=2, quiz_lessons=…)`` returns a live
course under the catalogue with its modules and lessons. Quiz lessons carry two
single-choice questions whose right answer is choice 1.
"""

import uuid
from dataclasses import dataclass, field

from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage


def quiz_body(questions: int = 2) -> list[dict]:
    """StreamField data for ``questions`` quiz questions; choice 1 is right in each."""
    return [
        {
            "type": "quiz_question",
            "id": str(uuid.uuid4()),
            "value": {
                "question": f"คำถามข้อ {n + 1}",
                "allow_multiple": False,
                "choices": [
                    {"text": "คำตอบที่ผิด", "correct": False},
                    {"text": "คำตอบที่ถูก", "correct": True},
                    {"text": "อีกคำตอบที่ผิด", "correct": False},
                ],
                "explanation": f"คำอธิบายข้อ {n + 1}",
            },
        }
        for n in range(questions)
    ]


def text_body(text: str = "เนื้อหาบทเรียน") -> list[dict]:
    return [{"type": "text", "id": str(uuid.uuid4()), "value": f"<p>{text}</p>"}]


@dataclass
class LearningCourse:
    course: CoursePage
    modules: list[ModulePage] = field(default_factory=list)
    lessons: list[LessonPage] = field(default_factory=list)


def add_lesson(module: ModulePage, *, title: str, quiz: bool = False, live: bool = True) -> LessonPage:
    lesson = LessonPage(
        title=title,
        slug=f"lesson-{uuid.uuid4().hex[:8]}",
        body=quiz_body() if quiz else text_body(),
        live=live,
    )
    module.add_child(instance=lesson)
    return lesson


def learning_course(
    *,
    title: str = "หลักสูตรทดสอบ",
    modules: int = 2,
    lessons_per_module: int = 2,
    quiz_lessons: tuple[int, ...] = (),
    pass_mark: int = 70,
) -> LearningCourse:
    """A published course with ``modules`` × ``lessons_per_module`` lessons.

    ``quiz_lessons`` lists the (0-based, in reading order) lessons that get quiz
    questions instead of text.
    """
    catalogue = CourseIndexPage.objects.first()
    course = CoursePage(title=title, slug=f"course-{uuid.uuid4().hex[:8]}", pass_mark=pass_mark)
    catalogue.add_child(instance=course)
    built = LearningCourse(course=course)
    number = 0
    for m in range(modules):
        module = ModulePage(title=f"บทที่ {m + 1}", slug=f"module-{m + 1}")
        course.add_child(instance=module)
        built.modules.append(module)
        for _ in range(lessons_per_module):
            built.lessons.append(
                add_lesson(module, title=f"บทเรียน {number + 1}", quiz=number in quiz_lessons)
            )
            number += 1
    return built
