"""WSGI entry point for gunicorn: ``gunicorn lms.wsgi``.

Stored anonymous pages are answered before Django's handler runs
(:class:`cms_content.page_cache.PageCacheApplication`, docs/caching.md).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.production")

application = get_wsgi_application()

from cms_content.page_cache import PageCacheApplication  # noqa: E402 - needs Django set up

application = PageCacheApplication(application)
