import time

import factory
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.contrib.auth.models import Group

from lms.accounts.models import User
from lms.centers.selectors import requires_two_factor

TEST_PASSWORD = "correct-horse-battery"


def totp_activate(user: User, secret: str | None = None) -> str:
    """Give ``user`` an active authenticator app (allauth.mfa TOTP) and recovery codes,
    as if they had set it up; return the app's secret."""
    secret = secret or generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def totp_code(user: User) -> str:
    """The code ``user``'s authenticator app shows now, computed from its secret. Waits
    for the next 30-second period when this one is about to end, so the code is still
    good when a browser submits it."""
    period = getattr(settings, "MFA_TOTP_PERIOD", 30)
    if period - time.time() % period < 3:
        time.sleep(period - time.time() % period + 0.1)
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


class UserFactory(factory.django.DjangoModelFactory):
    """A learner with an email address and the test password.

    ``UserFactory(groups=["Moderators"])`` puts the user in those groups. Whoever must
    use two-factor authentication (superusers, groups that publish; see
    :func:`lms.centers.selectors.requires_two_factor`) gets an active authenticator app
    unless ``two_factor=False``; ``two_factor=True`` gives one to anybody.
    :class:`~tests.factories.centers.MembershipFactory` does the same for staff roles.
    """

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"learner{n}@example.com")
    phone = None
    title = "นางสาว"
    first_name = factory.Sequence(lambda n: f"สมหญิง{n}")
    last_name = "ใจงาม"
    birth_year = 1970
    gender = "female"
    target_group = "general_public"

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*(Group.objects.get(name=name) for name in extracted))

    @factory.post_generation
    def two_factor(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        if extracted or requires_two_factor(self):
            totp_activate(self)
        # requires_two_factor() keeps the memberships it read on the object; a
        # MembershipFactory made next must not see that stale list.
        self.__dict__.pop("_center_memberships", None)
