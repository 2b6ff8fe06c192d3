"""``manage.py purge_page_cache``: retire every cached page and page part at once.

Publishing, moving and deleting pages, and saving what pages show, purge by themselves
(docs/caching.md); this is for a change made behind Django's back (a bulk SQL update, a
restored backup) or for a deploy that changes templates without running ``migrate``.
"""

from django.core.management.base import BaseCommand

from cms_content.page_cache import page_cache_purge


class Command(BaseCommand):
    help = "Retire every cached page (bumps the page-cache generation)."

    def handle(self, *args, **options):
        generation = page_cache_purge()
        self.stdout.write(f"Page cache purged: generation {generation}.")
