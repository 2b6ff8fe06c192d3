"""Who may write and who may publish courses, and the moderation workflow between them.

* ``Trainers`` reach the admin, add and edit pages under the course catalogue, upload and
  choose images and documents, but cannot publish, and have no permission anywhere else
  (home page, other sections, site settings).
* ``Moderators`` (center staff and admins; Wagtail's own migrations created the group)
  may also publish, lock and unlock under the catalogue. Their page permissions are
  narrowed to the catalogue: center staff have no business editing the home page.
* The workflow "การอนุมัติหลักสูตร" (course approval) has one group-approval task for the
  Moderators and is assigned to the catalogue, so every course, module and lesson a
  trainer submits waits there until a moderator approves it.

Running it again changes nothing (every row is fetched or created).
"""

from django.db import migrations

WORKFLOW_NAME = "การอนุมัติหลักสูตร"
TASK_NAME = "อนุมัติโดยเจ้าหน้าที่ศูนย์"

TRAINER_PAGE_PERMISSIONS = ("add_page", "change_page")
MODERATOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
TRAINER_COLLECTION_PERMISSIONS = {
    ("wagtailimages", "image"): ("add_image", "choose_image"),
    ("wagtaildocs", "document"): ("add_document", "choose_document"),
}
MODERATOR_COLLECTION_PERMISSIONS = {
    ("wagtailimages", "image"): ("add_image", "change_image", "choose_image"),
    ("wagtaildocs", "document"): ("add_document", "change_document", "choose_document"),
}


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return permission


def _grant(apps, group, catalogue, root_collection, page_codenames, collection_codenames):
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    group.permissions.add(_permission(apps, "wagtailadmin", "admin", "access_admin"))
    for codename in page_codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=catalogue, permission=_permission(apps, "wagtailcore", "page", codename)
        )
    if root_collection is not None:
        for (app_label, model), codenames in collection_codenames.items():
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=_permission(apps, app_label, model, codename),
                )


def set_up_course_authoring(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Collection = apps.get_model("wagtailcore.Collection")
    CourseIndexPage = apps.get_model("courses.CourseIndexPage")
    Page = apps.get_model("wagtailcore.Page")
    ContentType = apps.get_model("contenttypes.ContentType")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    catalogue_index = CourseIndexPage.objects.order_by("pk").first()
    if catalogue_index is None:  # a site without the catalogue: nothing to attach to
        return
    catalogue = Page.objects.get(pk=catalogue_index.pk)
    root_collection = Collection.objects.filter(depth=1).first()

    trainers, _ = Group.objects.get_or_create(name="Trainers")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    _grant(apps, trainers, catalogue, root_collection, TRAINER_PAGE_PERMISSIONS, TRAINER_COLLECTION_PERMISSIONS)
    _grant(apps, moderators, catalogue, root_collection, MODERATOR_PAGE_PERMISSIONS, MODERATOR_COLLECTION_PERMISSIONS)
    # Least privilege: page rights elsewhere (Wagtail's defaults give Moderators the
    # whole tree, home page included) are removed; superusers still edit everything.
    GroupPagePermission.objects.filter(group__in=[trainers, moderators]).exclude(page=catalogue).delete()

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.add(moderators)
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=catalogue, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_create_catalogue"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(set_up_course_authoring, migrations.RunPython.noop)]
