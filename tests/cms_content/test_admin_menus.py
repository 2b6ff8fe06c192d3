"""The admin's menus fit the role: trainers and center staff do not get Wagtail's
site-wide reports or its English help, national admins keep everything, and no two
menu items share a name."""

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.utils import translation
from wagtail.admin.menu import admin_menu, reports_menu

from lms.centers.constants import Role
from tests.factories import CenterFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

SITE_WIDE_REPORTS = {"site-history", "aging-pages", "page-types-usage"}


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _member(group: str, role: str):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=group))
    MembershipFactory(user=user, role=role, center=CenterFactory())
    return user


@pytest.fixture
def trainer():
    return _member("Trainers", Role.CENTER_TRAINER)


@pytest.fixture
def staff():
    return _member("Moderators", Role.CENTER_STAFF)


@pytest.fixture
def national_admin():
    user = UserFactory(is_superuser=True, is_staff=True)
    MembershipFactory(user=user, role=Role.NATIONAL_ADMIN, center=None)
    return user


@pytest.mark.parametrize("role", ["trainer", "staff"])
def test_trainers_and_staff_do_not_get_site_wide_reports_or_wagtail_help(role, request):
    user = request.getfixturevalue(role)
    main = {item.name for item in admin_menu.menu_items_for_request(_request(user))}
    reports = {item.name for item in reports_menu.menu_items_for_request(_request(user))}
    assert "help" not in main
    assert not reports & SITE_WIDE_REPORTS
    assert {"workflows", "workflow-tasks"} <= reports  # the approval queue stays


def test_national_admins_keep_every_report_and_the_help_menu(national_admin):
    main = {item.name for item in admin_menu.menu_items_for_request(_request(national_admin))}
    reports = {item.name for item in reports_menu.menu_items_for_request(_request(national_admin))}
    assert "help" in main
    assert reports >= SITE_WIDE_REPORTS


@pytest.mark.parametrize("role", ["trainer", "staff", "national_admin"])
def test_every_main_menu_item_has_its_own_thai_name(role, request):
    user = request.getfixturevalue(role)
    with translation.override("th"):
        labels = [str(item.label) for item in admin_menu.menu_items_for_request(_request(user))]
    assert len(labels) == len(set(labels)), labels
    assert "รายงานของศูนย์" in labels or role == "trainer"
    assert "การอนุมัติและหน้าที่ล็อก" in labels


def test_renaming_wagtails_reports_menu_leaves_the_registered_item_alone(staff):
    """The hook relabels a copy: the item Wagtail registered once keeps its own label."""
    admin_menu.menu_items_for_request(_request(staff))
    registered = next(item for item in admin_menu.registered_menu_items if item.name == "reports")
    with translation.override("en"):
        assert str(registered.label) == "Reports"
