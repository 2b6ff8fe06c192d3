"""Give back their vowels and tone marks to page slugs made before cms_content.slugs.

A page whose slug is exactly what Django's old ``slugify`` made of its title, with the
title's combining marks dropped ("ตงเสยงเรยกเขาและโหมดเงยบ"), gets the slug that keeps
them ("ตั้งเสียงเรียกเข้าและโหมดเงียบ"). A slug a person chose (anything else) is left
alone. The old addresses of the page and of every page below it keep working: each gets
a permanent redirect (wagtail.contrib.redirects) to its page. Revisions that carry the
old slug get the new one, so publishing a draft does not bring the old slug back.

Running it again changes nothing. The logic is written out here, not imported, so the
migration stays what it was when the code around it moves on.
"""

import re
import unicodedata

from django.db import migrations
from django.utils.text import slugify as django_slugify


def _keeping_marks(title: str) -> str:
    value = unicodedata.normalize("NFC", str(title)).lower()
    value = "".join(
        char
        for char in value
        if char.isalnum() or char in "_-" or char.isspace() or unicodedata.category(char).startswith("M")
    )
    return re.sub(r"[-\s]+", "-", value).strip("-_")


STEPLEN = 4  # characters per tree level in Wagtail's materialised page paths


def _free_slug(Page, page, wanted: str) -> str:
    """``wanted``, or ``wanted-2``, ``-3`` … when a sibling already has it."""
    parent_path = page.path[:-STEPLEN]
    siblings = set(
        Page.objects.filter(path__startswith=parent_path, depth=page.depth)
        .exclude(pk=page.pk)
        .values_list("slug", flat=True)
    )
    candidate, suffix = wanted, 1
    while candidate in siblings:
        suffix += 1
        candidate = f"{wanted}-{suffix}"
    return candidate


def _site_path(sites, url_path: str):
    """(site, path on that site) for a page's url_path, or (None, None) off every site."""
    for site, root in sites:
        if url_path.startswith(root):
            path = "/" + url_path[len(root) :]
            return site, (path[:-1] if len(path) > 1 and path.endswith("/") else path)
    return None, None


def fix_thai_slugs(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Revision = apps.get_model("wagtailcore", "Revision")
    Redirect = apps.get_model("wagtailredirects", "Redirect")
    ContentType = apps.get_model("contenttypes", "ContentType")
    sites = [(site, site.root_page.url_path) for site in Site.objects.select_related("root_page")]
    page_type = ContentType.objects.filter(app_label="wagtailcore", model="page").first()

    for page in Page.objects.filter(depth__gt=1).order_by("path"):
        page.refresh_from_db(fields=["url_path"])  # a parent fixed earlier changed it
        wanted = _keeping_marks(page.title)
        if page.slug != django_slugify(page.title, allow_unicode=True) or page.slug == wanted or not wanted:
            continue
        old_slug, new_slug = page.slug, _free_slug(Page, page, wanted)
        old_url_path = page.url_path
        new_url_path = old_url_path[: len(old_url_path) - len(old_slug) - 1] + new_slug + "/"
        for moved in Page.objects.filter(path__startswith=page.path).order_by("path"):
            site, old_path = _site_path(sites, moved.url_path)
            moved.url_path = new_url_path + moved.url_path[len(old_url_path) :]
            if moved.pk == page.pk:
                moved.slug = new_slug
            moved.save(update_fields=["slug", "url_path"])
            if site is not None and old_path:
                Redirect.objects.get_or_create(
                    old_path=old_path,
                    site=site,
                    defaults={
                        "redirect_page_id": moved.pk,
                        "is_permanent": True,
                        "automatically_created": True,
                    },
                )
        if page_type is not None:
            for revision in Revision.objects.filter(base_content_type=page_type, object_id=str(page.pk)):
                if revision.content.get("slug") == old_slug:
                    revision.content["slug"] = new_slug
                    revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("cms_content", "0002_create_homepage"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(fix_thai_slugs, migrations.RunPython.noop)]
