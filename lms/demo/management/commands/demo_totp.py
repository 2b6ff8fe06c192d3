"""``manage.py demo_totp``: the code the demo staff and admin accounts' authenticator app
would show now (they share ``DEMO_TOTP_SECRET``). Development only, like ``load_demo``."""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lms.demo.constants import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo staff and admin accounts (development only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp is for the demo accounts: development only.")
        period = mfa_settings.TOTP_PERIOD
        now = time.time()
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(now) // period))
        left = period - int(now) % period
        self.stdout.write(f"{code}  (ใช้ได้อีก {left} วินาที / valid for {left} more seconds)")
