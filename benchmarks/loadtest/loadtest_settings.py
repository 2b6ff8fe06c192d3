"""Production settings, as on the servers, with the three changes a load test over
plain HTTP on 127.0.0.1 needs (``run.py`` puts this folder on ``PYTHONPATH``).

* Cookies without ``Secure``: Locust talks plain HTTP to the proxy, and a client never
  sends a ``Secure`` cookie over HTTP, so no one could stay signed in.
* No redirect to HTTPS, for the same reason.
* Static files from the finders instead of ``collectstatic``'s manifest: Locust fetches
  pages, not stylesheets, and collecting Wagtail's static files takes a minute.
"""

from lms.settings.production import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
WHITENOISE_USE_FINDERS = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
