"""The Wagtail admin as trainers and center staff need it: Thai-keeping page slugs in
the editor, and menus fitted to the role.

Wagtail offers everyone who may edit pages its site-wide reports (site history, aging
pages, page-type usage), a help menu that leads to its English documentation, and a
"Reports" menu whose name clashes with our own center reports. Trainers and center staff
never need the first two, so they are hidden from them here (national admins and
superusers still see everything); Wagtail's reports menu is renamed for what it holds
for them: the approval queue and locked pages.
"""

import copy

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from cms_content.page_cache import page_cache_consider
from lms.centers.selectors import is_national_admin

#: Reports of the whole site that only national admins have a use for.
SITE_WIDE_REPORTS = frozenset({"site-history", "aging-pages", "page-types-usage"})
#: Main-menu items only national admins see: Wagtail's help leads to English documents.
ADMIN_ONLY_MENUS = frozenset({"help"})
#: Wagtail's "Reports" sub-menu, renamed so it does not read like our center reports.
WAGTAIL_REPORTS_MENU = "reports"
WAGTAIL_REPORTS_LABEL = _("Approvals and locked pages")


@hooks.register("construct_main_menu")
def fit_main_menu_to_role(request, menu_items):
    """Hide what only national admins use, and give Wagtail's reports a distinct name."""
    if not is_national_admin(request.user):
        menu_items[:] = [item for item in menu_items if item.name not in ADMIN_ONLY_MENUS]
    for index, item in enumerate(menu_items):
        if item.name == WAGTAIL_REPORTS_MENU:
            # The registered item is shared by every request: relabel a copy.
            renamed = copy.copy(item)
            renamed.label = WAGTAIL_REPORTS_LABEL
            menu_items[index] = renamed


@hooks.register("construct_reports_menu")
def hide_site_wide_reports(request, menu_items):
    """Trainers and center staff keep the approval and lock reports, not the site-wide ones."""
    if not is_national_admin(request.user):
        menu_items[:] = [item for item in menu_items if item.name not in SITE_WIDE_REPORTS]


@hooks.register("insert_global_admin_js")
def thai_slug_js():
    """The editor's live slug keeps Thai vowels and tone marks (``cms_content/slugs.py``)."""
    return format_html('<script src="{}" defer></script>', static("js/thai-slugs.js"))


@hooks.register("before_serve_page")
def page_cache_candidate(page, request, serve_args, serve_kwargs):
    """Pages that declare ``page_cache_anonymous`` may be cached whole for anonymous
    visitors (cms_content/page_cache.py)."""
    page_cache_consider(request=request, page=page)
