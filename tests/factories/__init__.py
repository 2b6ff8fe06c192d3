"""factory_boy factories for every app. Each app's factories live in their own module
here and are re-exported, so tests write ``from tests.factories import UserFactory``."""

from tests.factories.accounts import UserFactory
from tests.factories.centers import CenterFactory, MembershipFactory, province

__all__ = ["CenterFactory", "MembershipFactory", "UserFactory", "province"]
