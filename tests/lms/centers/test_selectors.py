"""Membership scoping: who sees and manages which center."""

import pytest

from lms.centers.constants import Role
from lms.centers.selectors import (
    centers_managed_by,
    centers_visible_to,
    learners_visible_to,
    user_can_manage_center,
)
from tests.factories import CenterFactory, MembershipFactory, UserFactory, province

pytestmark = pytest.mark.django_db


@pytest.fixture
def centers():
    return {
        "cmi_a": CenterFactory(province=province("50")),
        "cmi_b": CenterFactory(province=province("50")),
        "kkn": CenterFactory(province=province("40")),
    }


def test_center_staff_sees_and_manages_only_their_center(centers):
    staff = MembershipFactory(center=centers["cmi_a"]).user
    assert list(centers_visible_to(staff)) == [centers["cmi_a"]]
    assert user_can_manage_center(staff, centers["cmi_a"])
    assert not user_can_manage_center(staff, centers["cmi_b"])


def test_provincial_admin_sees_the_province_but_manages_nothing(centers):
    admin = MembershipFactory(role=Role.PROVINCIAL_ADMIN, center=None, province=province("50")).user
    assert set(centers_visible_to(admin)) == {centers["cmi_a"], centers["cmi_b"]}
    assert not centers_managed_by(admin).exists()
    assert not user_can_manage_center(admin, centers["cmi_a"])


def test_national_admin_and_superuser_see_everything(centers):
    national = MembershipFactory(role=Role.NATIONAL_ADMIN, center=None).user
    superuser = UserFactory(is_superuser=True)
    for user in (national, superuser):
        assert centers_visible_to(user).count() == 3
        assert user_can_manage_center(user, centers["kkn"])


def test_learner_sees_no_center(centers):
    assert not centers_visible_to(UserFactory()).exists()


def test_learners_visible_to_follows_home_center(centers):
    staff = MembershipFactory(center=centers["cmi_a"]).user
    mine = UserFactory(home_center=centers["cmi_a"])
    UserFactory(home_center=centers["cmi_b"])
    assert list(learners_visible_to(staff)) == [mine]
