"""The course factories build a real, published tree other tests rely on."""

import pytest

from courses.models import LessonPage
from tests.factories import build_course, every_block_body

pytestmark = pytest.mark.django_db


def test_build_course_makes_a_published_tree_in_order():
    built = build_course(modules=2, lessons_per_module=3, with_quiz=True)
    assert built.course.live
    assert len(built.modules) == 2
    assert [lesson.title for lesson in built.lessons][:4] == [
        "บทเรียน 1.1",
        "บทเรียน 1.2",
        "บทเรียน 1.3",
        "บทเรียน 2.1",
    ]
    lesson = LessonPage.objects.get(pk=built.lessons[0].pk)
    assert lesson.live
    assert len(lesson.quiz_questions) == 1
    assert lesson.get_parent().get_parent().pk == built.course.pk


def test_every_block_body_uses_every_lesson_block():
    from courses.blocks import lesson_blocks

    built = build_course(modules=1, lessons_per_module=1, lesson_body=every_block_body)
    lesson = LessonPage.objects.get(pk=built.lessons[0].pk)
    assert {block.block_type for block in lesson.body} == {name for name, _ in lesson_blocks()}
