"""Take up again, or fail, certificate batches whose worker stopped (for cron).

The batch pages and every batch task already do this; a cron job every few minutes
also covers batches nobody is watching.
"""

from django.core.management.base import BaseCommand

from certificates.services import certificate_batches_recover


class Command(BaseCommand):
    help = "Re-queue or fail certificate batches whose worker stopped sending progress."

    def handle(self, *args, **options):
        count = certificate_batches_recover()
        self.stdout.write(f"Recovered {count} batches.")
