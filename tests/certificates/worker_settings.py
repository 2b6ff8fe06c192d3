"""Settings of the real ``manage.py db_worker`` that the batch crash tests start.

The test settings, but with django-tasks-db's database queue instead of running tasks
at once, pointed at the test database and the test's own file folders, all passed in
the environment by the test (tests/certificates/test_batch_recovery.py).
"""

import os

from lms.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
DATABASES["default"]["NAME"] = os.environ["LMS_WORKER_DB_NAME"]  # noqa: F405
MEDIA_ROOT = os.environ["LMS_WORKER_MEDIA_ROOT"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "private": {
        **STORAGES["private"],  # noqa: F405
        "OPTIONS": {"location": os.environ["LMS_WORKER_PRIVATE_ROOT"]},
    },
}
# Small chunks: progress (and the lease) is saved often, so the test can kill mid-batch.
CERTIFICATES_BATCH_CHUNK_SIZE = int(os.environ.get("LMS_WORKER_CHUNK_SIZE", "5"))
