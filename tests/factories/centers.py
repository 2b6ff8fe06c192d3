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
    class Meta:
        model = Membership

    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    role = Role.CENTER_STAFF
    center = factory.SubFactory(CenterFactory)
    province = None
