"""Demo centers and the demo accounts, one per role.

Development only: ``load_demo`` refuses to run unless ``DEBUG`` is on, and nothing
in production creates these accounts.
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from lms.centers.constants import Role
from lms.centers.models import Center, Membership, Province
from lms.demo.constants import (
    ACCOUNTS,
    CENTERS,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    DEMO_TWO_FACTOR_KEYS,
    DemoAccount,
)


def load_centers() -> dict[str, Center]:
    """Create (or update) the demo centers; return them by code."""
    centers = {}
    for data in CENTERS:
        fields = dict(data)
        fields["province"] = Province.objects.get(code=fields["province"])
        center, _ = Center.objects.update_or_create(code=fields.pop("code"), defaults=fields)
        centers[center.code] = center
    return centers


def _user(account: DemoAccount, **fields):
    User = get_user_model()
    lookup = {"email": account.email} if account.email else {"phone": account.phone}
    user = User.objects.filter(**lookup).first()
    if user is None:
        user = User(email=account.email, phone=account.phone)
    # Demo numbers count as confirmed: nobody should wait for an SMS code to try the demo.
    user.phone_verified = bool(account.phone)
    for name, value in fields.items():
        setattr(user, name, value)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def load_accounts(centers: dict[str, Center]) -> dict:
    """Create the demo accounts with their memberships; return them by key."""
    home = centers["CDC-CMI-001"]
    users = {
        "admin": _user(
            ACCOUNTS[0], title="นาย", first_name="สมชาย", last_name="ผู้ดูแล", is_staff=True, is_superuser=True
        ),
        "province": _user(ACCOUNTS[1], title="นาง", first_name="ศรีสุดา", last_name="ใจดี", is_staff=True),
        "staff": _user(ACCOUNTS[2], title="นางสาว", first_name="มาลี", last_name="รักเรียน", is_staff=True),
        "trainer": _user(ACCOUNTS[3], title="นาย", first_name="ประเสริฐ", last_name="สอนดี", is_staff=True),
        "learner": _user(
            ACCOUNTS[4],
            title="นาง",
            first_name="บุญมี",
            last_name="มีสุข",
            birth_year=1960,
            gender="female",
            target_group="elderly",
            home_center=home,
        ),
    }
    memberships = [
        (users["admin"], Role.NATIONAL_ADMIN, None, None),
        (users["province"], Role.PROVINCIAL_ADMIN, None, home.province),
        (users["staff"], Role.CENTER_STAFF, home, None),
        (users["trainer"], Role.CENTER_TRAINER, home, None),
    ]
    for user, role, center, province in memberships:
        Membership.objects.get_or_create(user=user, role=role, center=center, province=province)
    for key, group_name in (("trainer", "Trainers"), ("staff", "Moderators"), ("province", "Moderators")):
        group = Group.objects.filter(name=group_name).first()
        if group is not None:
            users[key].groups.add(group)
    for key in DEMO_TWO_FACTOR_KEYS:
        _two_factor(users[key])
    return users


def _two_factor(user) -> None:
    """Staff and admins must use an authenticator app; the demo ones share a documented
    key (``DEMO_TOTP_SECRET``) so a newcomer can log in straight after ``make run``."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    RecoveryCodes.activate(user)
