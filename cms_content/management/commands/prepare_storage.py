"""Make the S3 bucket(s) ready for media: create, policy, CORS, and an anonymous check.

Run on every deployment with ``S3_BUCKET`` set (docs/deploy.md, "Object storage");
``--create`` creates missing buckets (CI, ``make loadtest``, a first install).
"""

from django.conf import settings
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from lms.object_storage import StorageNotReady, storage_prepare
from lms.settings.storages import S3_MEDIA_PREFIX


class Command(BaseCommand):
    help = (
        "Prepare the S3 bucket(s) for media: public read of media/ only, GET from SITE_URL, "
        "then check anonymously that media are served and private files refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("--create", action="store_true", help="Create the bucket(s) if missing.")

    def handle(self, *args, **options):
        if not settings.S3_BUCKET:
            raise CommandError(
                "S3_BUCKET is not set: media are on local disk, there is no bucket to prepare."
            )
        try:
            done = storage_prepare(
                public=storages["default"],
                private=storages["private"],
                create=options["create"],
                cors_origins=[settings.SITE_URL],
                public_prefix=S3_MEDIA_PREFIX,
            )
        except StorageNotReady as error:
            raise CommandError(str(error)) from error
        for line in done:
            self.stdout.write(line)
