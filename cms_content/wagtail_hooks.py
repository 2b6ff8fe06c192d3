"""Admin additions of the site-content app: Thai-keeping page slugs in the editor."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def thai_slug_js():
    """The editor's live slug keeps Thai vowels and tone marks (``cms_content/slugs.py``)."""
    return format_html('<script src="{}" defer></script>', static("js/thai-slugs.js"))
