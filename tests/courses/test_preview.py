"""Trainers preview lessons (quiz questions included) and every block in the block picker."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from courses.models import LessonPage
from tests.factories import UserFactory, build_course, every_block_body, stream_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer_client(client):
    trainer = UserFactory()
    trainer.groups.add(Group.objects.get(name="Trainers"))
    client.force_login(trainer)
    return client


def test_trainer_previews_a_lesson_with_every_block_including_the_quiz(trainer_client):
    lesson = build_course(
        modules=1, lessons_per_module=1, lesson_body=every_block_body, publish=False
    ).lessons[0]
    edit = trainer_client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
    data = querydict_from_html(edit.content.decode(), form_id="page-edit-form")
    data.update(stream_form_data(LessonPage.body.field.stream_block, lesson.body))
    data["title"] = "บทเรียนฉบับร่างที่กำลังแก้"
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[lesson.pk])

    response = trainer_client.post(preview_url, data)
    assert response.json() == {"is_valid": True, "is_available": True}

    html = trainer_client.get(preview_url).content.decode()
    assert "บทเรียนฉบับร่างที่กำลังแก้" in html  # the unsaved edit, not the saved page
    assert "รหัส OTP ควรบอกใครได้บ้าง" in html and "ไม่บอกใครเลย" in html
    assert 'class="quiz-question"' in html
    assert "<iframe" not in html and "video-facade" in html


@pytest.mark.parametrize(
    "block_name", [name for name, _ in LessonPage.body.field.stream_block.child_blocks.items()]
)
def test_every_lesson_block_has_a_styled_preview_in_the_block_picker(trainer_client, block_name):
    block = LessonPage.body.field.stream_block.child_blocks[block_name]
    assert block.meta.description and block.meta.preview_value is not None
    response = trainer_client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/css/site.css" in html
    assert f"block-{block_name}" in html


def test_trainer_previews_a_new_lesson_before_saving_it(trainer_client):
    module = build_course(modules=1, lessons_per_module=1, publish=False).modules[0]
    add_url = reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", module.pk])
    data = querydict_from_html(trainer_client.get(add_url).content.decode(), form_id="page-edit-form")
    data.update(
        stream_form_data(LessonPage.body.field.stream_block, LessonPage(body=every_block_body()).body)
    )
    data.update({"title": "บทเรียนที่ยังไม่บันทึก", "slug": "unsaved-lesson"})
    preview_url = reverse("wagtailadmin_pages:preview_on_add", args=["courses", "lessonpage", module.pk])

    assert trainer_client.post(preview_url, data).json() == {"is_valid": True, "is_available": True}
    html = trainer_client.get(preview_url).content.decode()
    assert "บทเรียนที่ยังไม่บันทึก" in html
    assert "รหัส OTP ควรบอกใครได้บ้าง" in html
    assert not LessonPage.objects.filter(slug="unsaved-lesson").exists()
