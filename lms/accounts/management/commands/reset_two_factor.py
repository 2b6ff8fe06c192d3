"""``manage.py reset_two_factor <email, mobile number or login ID>``: a staff member lost
the phone with their authenticator app; remove it so they can set up a new one."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from lms.accounts.models import User
from lms.accounts.phone import normalize_thai_mobile
from lms.accounts.services import two_factor_reset


class Command(BaseCommand):
    help = "Remove a person's authenticator app and recovery codes (lost phone)."

    def add_arguments(self, parser):
        parser.add_argument("login", help="email address, mobile number or login ID")

    def handle(self, *args, login, **options):
        lookup = Q(email__iexact=login) | Q(login_id__iexact=login)
        try:
            lookup |= Q(phone=normalize_thai_mobile(login))
        except ValidationError:  # not a mobile number: email or login ID only
            pass
        user = User.objects.filter(lookup).first()
        if user is None:
            raise CommandError(f"No account with the email, mobile number or login ID {login!r}.")
        removed = two_factor_reset(user=user)
        self.stdout.write(
            f"Removed {removed} authenticator(s) of {user.login_id}; "
            "they set up a new app at their next staff or admin page."
        )
