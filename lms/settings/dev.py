"""Development: what ``make run`` uses. Debug on, a throwaway key, console email."""

from lms.settings.base import *  # noqa: F403
from lms.settings.env import env_str

DEBUG = True
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
# No collectstatic in development and tests: whitenoise serves from the finders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# ``make run`` serves on HOST:PORT (the Makefile exports both): the links in certificate
# QR codes, login slips and admin emails follow, unless SITE_URL says otherwise (set it to
# the machine's address on the center's network when phones should reach it).
_DEV_HOST = env_str("HOST", "127.0.0.1")
if _DEV_HOST in {"0.0.0.0", "::"}:  # noqa: S104 - listening everywhere; links name this machine
    _DEV_HOST = "127.0.0.1"
SITE_URL = env_str("SITE_URL", f"http://{_DEV_HOST}:{env_str('PORT', '8000')}").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL

# Development logs show what needs attention: Wagtail logs every page save, django-tasks
# every task and the course importer every course at INFO, hundreds of lines while
# ``load_demo`` runs (which writes one summary line per step instead).
LOGGING = {
    **LOGGING,  # noqa: F405
    "loggers": {
        **LOGGING["loggers"],  # noqa: F405
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "courses.course_folder": {"level": "WARNING"},
    },
}

try:
    from lms.settings.local import *  # noqa: F403
except ImportError:
    pass
