import factory

from lms.centers.constants import AgencyType, Role
from lms.centers.models import Center, Membership, Province


def province(code: str = "50") -> Province:
    """One of the 77 provinces the migrations load (Chiang Mai unless told)."""
    return Province.objects.get(code=code)


class CenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Center

    code = factory.Sequence(lambda n: f"CDC-T{n:04d}")
    name = factory.Sequence(lambda n: f"ศูนย์ดิจิทัลชุมชนทดสอบ {n}")
    agency_type = AgencyType.NFE
    province = factory.LazyFunction(province)


class MembershipFactory(factory.django.DjangoModelFactory):
    """A role for a (new) user. Staff and admin roles must use two-factor
    authentication, so their user gets an active authenticator app unless
    ``two_factor=False``."""

    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    role = Role.CENTER_STAFF
    center = factory.SubFactory(CenterFactory)
    province = None

    @factory.post_generation
    def two_factor(self, create, extracted, **kwargs):
        from allauth.mfa.models import Authenticator

        from lms.centers.selectors import TWO_FACTOR_ROLES
        from tests.factories.accounts import totp_activate

        if not create or extracted is False or self.role not in TWO_FACTOR_ROLES:
            return
        if not Authenticator.objects.filter(user=self.user, type=Authenticator.Type.TOTP).exists():
            totp_activate(self.user)
