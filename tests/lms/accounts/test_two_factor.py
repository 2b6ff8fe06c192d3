"""Two-factor authentication (allauth.mfa, TOTP + recovery codes) for staff and admins:
nobody in those roles reaches a /staff/ or /admin/ page without it, and login asks for
the code."""

import datetime
import io
import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RoutePattern

from courses.services.sessions import training_session_create
from lms.centers.constants import Role
from lms.centers.selectors import requires_two_factor
from lms.demo.accounts import load_accounts, load_centers
from lms.demo.constants import DEMO_PASSWORD
from tests.factories import (
    CenterFactory,
    MembershipFactory,
    UserFactory,
    build_course,
    province,
    totp_activate,
    totp_code,
)
from tests.factories.accounts import TEST_PASSWORD

pytestmark = pytest.mark.django_db

REQUIRED = reverse("accounts:two_factor_required")


def _roles_without_two_factor():
    """Every role that must use two-factor authentication, each made without it."""
    return {
        "center staff": lambda: MembershipFactory(two_factor=False).user,
        "trainer who publishes": lambda: UserFactory(groups=["Moderators"], two_factor=False),
        "provincial admin": lambda: (
            MembershipFactory(
                role=Role.PROVINCIAL_ADMIN, center=None, province=province("50"), two_factor=False
            ).user
        ),
        "national admin": lambda: (
            MembershipFactory(role=Role.NATIONAL_ADMIN, center=None, two_factor=False).user
        ),
        "superuser": lambda: UserFactory(is_superuser=True, is_staff=True, two_factor=False),
    }


# --- walking the URLconf ------------------------------------------------------------

_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^)]*)\)|\((?P<anon>[^)?]*)\)")


def _sample(name: str, hint: str, ids: dict[str, int]) -> str:
    if "int" in hint or r"\d" in hint or name.endswith("id") or name in ids:
        return str(ids.get(name, ids["page_id"]))
    return "sample"


def _concrete(pattern, ids: dict[str, int]) -> str:
    """One real path for a URL pattern: parameters filled from objects made in the test."""
    if isinstance(pattern.pattern, RoutePattern):
        return _ROUTE_PARAM.sub(
            lambda m: _sample(m["name"], m["converter"] or "str", ids), str(pattern.pattern)
        )
    text = pattern.pattern._regex.lstrip("^").rstrip("$").replace(r"\Z", "")
    text = _REGEX_GROUP.sub(lambda m: _sample(m["name"] or "", m["body"] or m["anon"] or "", ids), text)
    return text.replace(".*", "sample").replace(".+", "sample").replace("\\", "").replace("?", "")


def _walk(patterns, ids: dict[str, int], prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, ids, prefix + _concrete(pattern, ids))
        elif isinstance(pattern, URLPattern):
            yield prefix + _concrete(pattern, ids)


def staff_and_admin_paths(ids: dict[str, int]) -> list[str]:
    """Every /staff/ and /admin/ URL of the project (Wagtail's admin included), with
    its parameters filled in."""
    paths = {"/" + path for path in _walk(get_resolver().url_patterns, ids)}
    return sorted(path for path in paths if path.startswith(("/staff/", "/admin/")))


@pytest.fixture
def ids():
    """Ids of real objects for the URL parameters that name one."""
    center = CenterFactory()
    learner = UserFactory(home_center=center)
    course = build_course(modules=1, lessons_per_module=1).course
    session = training_session_create(
        course=course, center=center, dates=[datetime.date(2026, 12, 1)], capacity=5, title="รุ่นที่ 1"
    )
    return {
        "center_id": center.pk,
        "learner_id": learner.pk,
        "province_id": center.province_id,
        "page_id": course.pk,
        "session_id": session.pk,
        "date_id": session.dates.get().pk,
        "pk": course.pk,
        "id": course.pk,
    }


def test_the_walk_finds_every_staff_and_admin_page(ids):
    paths = staff_and_admin_paths(ids)
    for path in paths:
        resolve(path)  # each generated path is one the project really serves
    assert "/staff/" in paths and "/admin/" in paths and "/admin/reports/national/" in paths
    assert f"/staff/centers/{ids['center_id']}/learners/" in paths
    assert f"/admin/pages/{ids['page_id']}/edit/" in paths
    assert len(paths) > 150  # Wagtail's admin has hundreds; a broken walk finds few


@pytest.mark.parametrize("role", list(_roles_without_two_factor()))
def test_every_staff_and_admin_page_sends_each_role_without_two_factor_to_set_it_up(client, ids, role):
    user = _roles_without_two_factor()[role]()
    assert requires_two_factor(user)
    client.force_login(user)

    not_sent = []
    for path in staff_and_admin_paths(ids):
        response = client.get(path)
        if response.status_code != 302 or response["Location"] != REQUIRED:
            not_sent.append((path, response.status_code))

    assert not_sent == []
    page = client.get(REQUIRED).content.decode()
    assert "ยืนยันตัวตนสองขั้นตอน" in page and reverse("mfa_activate_totp") in page


def test_with_two_factor_the_same_roles_get_past_the_check(client):
    for make in _roles_without_two_factor().values():
        user = make()
        totp_activate(user)
        client.force_login(user)
        for path in ("/staff/", "/admin/", "/admin/reports/"):
            assert client.get(path).get("Location") != REQUIRED, (user, path)
        client.logout()


def test_a_trainer_who_only_writes_drafts_needs_no_second_factor(client):
    trainer = UserFactory(groups=["Trainers"])
    MembershipFactory(user=trainer, role=Role.CENTER_TRAINER)
    assert not requires_two_factor(trainer)
    client.force_login(trainer)
    assert client.get("/admin/").status_code == 200


def test_learners_never_meet_the_second_factor(client):
    client.force_login(UserFactory())
    assert client.get("/my-courses/").status_code == 200


def test_staff_set_up_the_authenticator_app_and_go_on_to_the_page_they_wanted(client):
    staff = MembershipFactory(two_factor=False).user
    client.force_login(staff)
    learners = f"/staff/centers/{staff.memberships.get().center_id}/learners/"

    assert client.get(learners)["Location"] == REQUIRED
    activate = reverse("mfa_activate_totp")
    # Setting up asks for the password again (allauth's re-authentication).
    response = client.get(activate)
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert (
        client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD, "next": activate})[
            "Location"
        ]
        == activate
    )
    page = client.get(activate).content.decode()
    assert "สแกนคิวอาร์โค้ด" in page
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in page
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))

    response = client.post(activate, {"code": code})

    assert response["Location"] == reverse("mfa_view_recovery_codes")
    codes_page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert "รหัสกู้คืน" in codes_page and REQUIRED in codes_page
    assert client.get(REQUIRED)["Location"] == learners
    assert client.get(learners).status_code == 200


def test_login_asks_for_the_code_from_the_app(client):
    staff = MembershipFactory(user__email="malee@example.com").user
    response = client.post(
        reverse("account_login"), {"login": "malee@example.com", "password": TEST_PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert "รหัสจากแอปยืนยันตัวตน" in page
    assert "_auth_user_id" not in client.session  # not logged in yet

    wrong = f"{(int(totp_code(staff)) + 1) % 1_000_000:06d}"
    client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(staff)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_staff_cannot_switch_two_factor_off(client):
    staff = MembershipFactory().user
    client.force_login(staff)
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    page = client.get(reverse("mfa_deactivate_totp")).content.decode()
    assert "ปิดไม่ได้" in page
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()


def test_a_group_that_may_publish_makes_its_members_need_two_factor():
    user = UserFactory(two_factor=False)
    assert not requires_two_factor(user)
    user.groups.add(Group.objects.get(name="Moderators"))
    assert requires_two_factor(type(user).objects.get(pk=user.pk))


def test_a_lost_phone_is_reset_by_command_and_set_up_again(client):
    staff = MembershipFactory(user__email="lost@example.com").user
    out = io.StringIO()
    call_command("reset_two_factor", "lost@example.com", stdout=out)
    assert not Authenticator.objects.filter(user=staff).exists()
    client.force_login(staff)
    assert client.get("/staff/")["Location"] == REQUIRED


def test_demo_staff_log_in_with_the_documented_authenticator_key(client, settings):
    load_accounts(load_centers())
    settings.DEBUG = True  # demo_totp, like load_demo, is for development only
    out = io.StringIO()

    response = client.post(
        reverse("account_login"), {"login": "staff@example.com", "password": DEMO_PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    call_command("demo_totp", stdout=out)
    client.post(reverse("mfa_authenticate"), {"code": out.getvalue().split()[0]})

    assert client.get("/staff/").status_code == 200
