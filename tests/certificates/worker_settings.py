"""Settings of the real ``manage.py db_worker`` that the batch crash tests start.

The test settings, but with django-tasks-db's database queue instead of running tasks
at once, pointed at the test database and the test's own file folders, all passed in
the environment by the test (tests/certificates/test_batch_recovery.py, tests/certificates/test_object_storage.py).
"""

import json
import os

from lms.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
DATABASES["default"]["NAME"] = os.environ["LMS_WORKER_DB_NAME"]  # noqa: F405
MEDIA_ROOT = os.environ["LMS_WORKER_MEDIA_ROOT"]
# The test's own media and private storages (local folders or a prefix of the S3 bucket).
STORAGES = {**STORAGES, **json.loads(os.environ["LMS_WORKER_STORAGES"])}  # noqa: F405
# Small chunks: progress (and the lease) is saved often, so the test can kill mid-batch.
CERTIFICATES_BATCH_CHUNK_SIZE = int(os.environ.get("LMS_WORKER_CHUNK_SIZE", "5"))
