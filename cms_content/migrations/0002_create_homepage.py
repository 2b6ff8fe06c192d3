"""Replace Wagtail's placeholder welcome page with our Thai home page."""

from django.db import migrations

INTRO = (
    "เรียนรู้การใช้สมาร์ตโฟน การขายของออนไลน์ และการทำเพจโฆษณาสินค้า "
    "ฟรี ที่ศูนย์ดิจิทัลชุมชนใกล้บ้านหรือจากมือถือของคุณเอง"
)


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("cms_content.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    if HomePage.objects.exists():
        return
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    root = Page.objects.get(depth=1)
    homepage_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms_content")
    locale = Locale.objects.first()
    home = HomePage.objects.create(
        title="ศูนย์ดิจิทัลชุมชน",
        draft_title="ศูนย์ดิจิทัลชุมชน",
        slug="home",
        content_type=homepage_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        intro=INTRO,
        locale=locale,
        live=True,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "ศูนย์ดิจิทัลชุมชน"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cms_content", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_homepage, migrations.RunPython.noop)]
