"""The course edit page in the Wagtail admin: the optional English title."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from courses.models import CoursePage
from tests.factories import UserFactory, build_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer_client(client):
    client.force_login(UserFactory(groups=["Trainers"]))
    return client


def test_english_title_is_offered_in_thai_next_to_the_title(trainer_client):
    course = build_course(modules=1, lessons_per_module=1).course
    response = trainer_client.get(reverse("wagtailadmin_pages:edit", args=[course.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "ชื่อหลักสูตรภาษาอังกฤษ" in page
    assert "ใช้ในเกียรติบัตรดิจิทัลที่หน่วยงานในต่างประเทศตรวจสอบได้ ไม่บังคับ" in page
    # Right after the title, before the summary.
    assert page.index('name="title"') < page.index('name="title_en"') < page.index('name="summary"')


def test_english_title_is_saved_from_the_edit_page_and_may_stay_blank(trainer_client):
    course = build_course(modules=1, lessons_per_module=1, publish=False).course
    url = reverse("wagtailadmin_pages:edit", args=[course.pk])
    data = querydict_from_html(trainer_client.get(url).content.decode(), form_id="page-edit-form")
    assert data["title_en"] == ""
    data["title_en"] = "Using a Smartphone Safely"
    assert trainer_client.post(url, data).status_code == 302
    assert CoursePage.objects.get(pk=course.pk).get_latest_revision_as_object().title_en == (
        "Using a Smartphone Safely"
    )
    data["title_en"] = ""
    assert trainer_client.post(url, data).status_code == 302
    assert CoursePage.objects.get(pk=course.pk).get_latest_revision_as_object().title_en == ""
