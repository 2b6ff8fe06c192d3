"""Delete lapsed counts of code tries; run it daily, next to ``clearsessions``."""

from django.core.management.base import BaseCommand

from lms.accounts.services import code_attempts_delete_expired


class Command(BaseCommand):
    help = "Delete the counts of code tries whose lock or code has lapsed."

    def handle(self, *args, **options):
        deleted = code_attempts_delete_expired()
        self.stdout.write(f"Deleted {deleted} lapsed code attempt counts.")
