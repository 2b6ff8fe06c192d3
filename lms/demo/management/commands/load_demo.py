"""``manage.py load_demo``: the Thai demo centers, accounts and courses for ``make run``.

Idempotent: running it again updates what is there. Development only.
"""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lms.demo import accounts

# Each step is a module with ``load(context: dict, stdout)``; later steps use what earlier
# ones put in ``context`` (centers, users, courses ...). Each writes one summary line:
# ``make run`` shows them above its banner (page and task logs stay quiet in development).
# The certificates step comes before learning so that the certificates the session's
# attendance issues (through ``course_completed``) already use the default template.
STEPS = ["lms.demo.courses", "lms.demo.certificates", "lms.demo.learning"]


class Command(BaseCommand):
    help = "Load the Thai demo data (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off (tests only).")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError("load_demo creates accounts with known passwords: development only.")
        with transaction.atomic():
            centers = accounts.load_centers()
            context = {"centers": centers, "users": accounts.load_accounts(centers)}
        self.stdout.write(
            f"  Centers and accounts: {len(centers)} centers, {len(context['users'])} demo accounts."
        )
        for step in STEPS:
            with transaction.atomic():
                import_module(step).load(context, self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
