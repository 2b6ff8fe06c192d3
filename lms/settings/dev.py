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

try:
    from lms.settings.local import *  # noqa: F403
except ImportError:
    pass
