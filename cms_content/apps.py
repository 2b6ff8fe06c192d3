from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsContentConfig(AppConfig):
    name = "cms_content"
    verbose_name = _("Site content")

    def ready(self):
        # Thai page slugs keep their vowels and tone marks (cms_content/slugs.py).
        from cms_content import slugs

        slugs.install()

        # Published, moved, deleted pages and what pages show purge the page cache.
        from cms_content.page_cache import connect_purge_signals

        connect_purge_signals()
