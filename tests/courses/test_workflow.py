"""Trainers write courses, moderators publish them: groups, permissions and the workflow."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from cms_content.models import ContentPage, HomePage, SiteSettings
from courses.models import CoursePage
from tests.factories import UserFactory, add_page, build_course, catalogue

pytestmark = pytest.mark.django_db


def _in_group(name):
    # Moderators publish, so the factory gives them their authenticator app (2FA).
    return UserFactory(groups=[name])


@pytest.fixture
def trainer():
    return _in_group("Trainers")


@pytest.fixture
def moderator():
    return _in_group("Moderators")


def _edit_form_data(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return querydict_from_html(response.content.decode(), form_id="page-edit-form")


# --- the permission API -----------------------------------------------------------


def test_catalogue_uses_the_course_approval_workflow_with_moderators():
    workflow = catalogue().get_workflow()
    assert workflow.name == "การอนุมัติหลักสูตร"
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Moderators"]


def test_trainer_can_add_and_edit_courses_but_not_publish(trainer):
    course = build_course(modules=1, lessons_per_module=1).course
    assert catalogue().permissions_for_user(trainer).can_add_subpage()
    course_perms = course.permissions_for_user(trainer)
    assert course_perms.can_edit()
    assert course_perms.can_submit_for_moderation()
    assert not course_perms.can_publish()
    assert not course_perms.can_unpublish()


def test_trainer_cannot_edit_the_home_page_other_sections_or_site_settings(trainer):
    home = HomePage.objects.get()
    about = add_page(home, ContentPage(title="เกี่ยวกับเรา", slug="about"))
    assert not home.permissions_for_user(trainer).can_edit()
    assert not home.permissions_for_user(trainer).can_add_subpage()
    assert not about.permissions_for_user(trainer).can_edit()
    assert not trainer.has_perm("cms_content.change_sitesettings")


def test_moderator_can_publish_courses_only_under_the_catalogue(moderator):
    course = build_course(modules=1, lessons_per_module=1).course
    assert course.permissions_for_user(moderator).can_publish()
    assert not HomePage.objects.get().permissions_for_user(moderator).can_edit()


def test_trainer_can_upload_and_choose_images_and_documents(trainer):
    from wagtail.documents.permissions import permission_policy as document_policy
    from wagtail.images.permissions import permission_policy as image_policy

    assert image_policy.user_has_permission(trainer, "add")
    assert image_policy.user_has_permission(trainer, "choose")
    assert document_policy.user_has_permission(trainer, "add")
    assert document_policy.user_has_permission(trainer, "choose")


# --- the admin views ----------------------------------------------------------------


def test_trainer_is_turned_away_from_editing_the_home_page(client, trainer):
    client.force_login(trainer)
    home = HomePage.objects.get()
    response = client.get(reverse("wagtailadmin_pages:edit", args=[home.pk]))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


def test_trainer_is_turned_away_from_site_settings(client, trainer):
    client.force_login(trainer)
    url = reverse("wagtailsettings:edit", args=["cms_content", "sitesettings"])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert not SiteSettings.objects.exists()


def test_trainer_pressing_publish_only_saves_a_draft(client, trainer):
    course = build_course(modules=1, lessons_per_module=1, publish=False).course
    client.force_login(trainer)
    data = _edit_form_data(client, course)
    data["title"] = "หลักสูตรแก้ไขโดยวิทยากร"
    data["action-publish"] = "action-publish"
    client.post(reverse("wagtailadmin_pages:edit", args=[course.pk]), data)
    course.refresh_from_db()
    assert not course.live
    assert course.get_latest_revision_as_object().title == "หลักสูตรแก้ไขโดยวิทยากร"


def test_trainer_submits_and_moderator_approves_through_the_admin(client, trainer, moderator):
    course = build_course(modules=1, lessons_per_module=1, publish=False).course
    client.force_login(trainer)
    data = _edit_form_data(client, course)
    data["action-submit"] = "action-submit"
    client.post(reverse("wagtailadmin_pages:edit", args=[course.pk]), data)
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(course.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task_state = state.current_task_state
    approve = reverse("wagtailadmin_pages:workflow_action", args=[course.pk, "approve", task_state.pk])

    # The trainer cannot approve their own submission.
    client.post(approve, {"comment": ""})
    course.refresh_from_db()
    assert not course.live

    client.force_login(moderator)
    client.post(approve, {"comment": ""})
    course.refresh_from_db()
    state.refresh_from_db()
    assert course.live
    assert state.status == WorkflowState.STATUS_APPROVED


def test_trainer_creates_a_course_in_the_catalogue_through_the_admin(client, trainer):
    client.force_login(trainer)
    parent = catalogue()
    add_url = reverse("wagtailadmin_pages:add", args=["courses", "coursepage", parent.pk])
    response = client.get(add_url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data["title"] = "หลักสูตรใหม่ของวิทยากร"
    data["slug"] = "trainer-course"
    data["summary"] = "สรุป"
    client.post(add_url, data)
    course = CoursePage.objects.get(slug="trainer-course")
    assert not course.live
    assert course.get_parent().pk == parent.pk


def test_trainer_cannot_create_pages_under_the_home_page(client, trainer):
    client.force_login(trainer)
    home = Page.objects.type(HomePage).get()
    response = client.get(reverse("wagtailadmin_pages:add", args=["cms_content", "contentpage", home.pk]))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


def test_admin_menu_leads_trainers_straight_to_the_catalogue(client, trainer):
    client.force_login(trainer)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    explore = reverse("wagtailadmin_explore", args=[catalogue().pk])
    assert '"_args": [{"name": "courses"' in html
    assert f'"icon_name": "list-ol", "classname": "", "attrs": {{}}, "url": "{explore}"' in html


def test_setting_up_course_authoring_again_changes_nothing():
    import importlib

    from django.apps import apps
    from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage

    migration = importlib.import_module("courses.migrations.0003_trainer_workflow")

    def snapshot():
        return (
            Group.objects.count(),
            GroupPagePermission.objects.count(),
            Workflow.objects.count(),
            GroupApprovalTask.objects.count(),
            WorkflowPage.objects.count(),
            sorted(Group.objects.get(name="Trainers").permissions.values_list("codename", flat=True)),
        )

    before = snapshot()
    migration.set_up_course_authoring(apps, None)
    assert snapshot() == before
