"""Tests: the real databases (SQLite file or PostgreSQL), tasks run at once, fast hashing."""

from lms.settings.base import *  # noqa: F403
from lms.settings.env import env_str

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# No collectstatic in development and tests: whitenoise serves from the finders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(env_str("TEST_MEDIA_ROOT", str(VAR_DIR / "test-media")))  # noqa: F405

if not IS_POSTGRES:  # noqa: F405
    # A file, not memory: the race tests need several connections to one database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}  # noqa: F405

# modelsearch's own backend test suite runs against our search backend
# (tests/modelsearch_backend/): its test models and its fixture, in tests only.
INSTALLED_APPS = [*INSTALLED_APPS, "modelsearch.test.testapp", "tests.modelsearch_backend"]  # noqa: F405
# Its migrations hang off modelsearch's own (not installed: Wagtail's wagtail.search
# stands in), so its tables are made straight from the models.
MIGRATION_MODULES = {"searchtests": None}
