"""Move certificate and batch PDFs out of the public media storage into private storage.

Run once after upgrading (migration 0005 does the same); safe to run again. Works through
the storage API: from ``MEDIA_ROOT`` to the private folder on local disk, or from the
bucket's ``media/`` prefix to its private one with ``S3_BUCKET`` set.
"""

from django.core.management.base import BaseCommand

from certificates.services import certificate_files_make_private


class Command(BaseCommand):
    help = (
        "Move certificate and batch PDFs from the public media storage (MEDIA_ROOT, or media/ of "
        "the bucket) into the private storage, under unguessable names."
    )

    def handle(self, *args, **options):
        counts = certificate_files_make_private(stdout=self.stdout if options["verbosity"] > 1 else None)
        self.stdout.write(
            f"Moved {counts['certificate']} certificate PDFs and {counts['certificatebatch']} batch PDFs."
        )
