"""Give a new site its course catalogue at /courses/ under the home page."""

from django.db import migrations


def create_catalogue(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    HomePage = apps.get_model("cms_content.HomePage")
    CourseIndexPage = apps.get_model("courses.CourseIndexPage")
    Page = apps.get_model("wagtailcore.Page")

    home = HomePage.objects.first()
    if home is None or CourseIndexPage.objects.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(model="courseindexpage", app_label="courses")
    last = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1).order_by("-path").first()
    step = int(last.path[-4:], 36) + 1 if last else 1
    suffix = ""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for _ in range(4):
        step, rem = divmod(step, 36)
        suffix = alphabet[rem] + suffix
    CourseIndexPage.objects.create(
        title="หลักสูตรทั้งหมด",
        draft_title="หลักสูตรทั้งหมด",
        slug="courses",
        content_type=content_type,
        path=home.path + suffix,
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}courses/",
        intro="เลือกหลักสูตรที่สนใจ เรียนฟรี เรียนจากมือถือได้ และรับเกียรติบัตรเมื่อเรียนจบ",
        locale_id=home.locale_id,
        live=True,
    )
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("cms_content", "0002_create_homepage"),
    ]

    operations = [migrations.RunPython(create_catalogue, migrations.RunPython.noop)]
