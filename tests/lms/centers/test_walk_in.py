"""Walk-in learners: registration by staff, one-time login codes, name corrections."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lms.accounts.models import LoginCode, LoginCodePurpose, User
from lms.accounts.services import (
    LoginCodeError,
    login_code_issue,
    login_code_redeem,
    password_set,
    walk_in_learner_create,
)
from tests.factories import CenterFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return MembershipFactory().user


def _register(staff, **extra):
    fields = {
        "title": "นาง",
        "first_name": "บุญมา",
        "last_name": "ดีงาม",
        "birth_year": 2505,
        "gender": "female",
    }
    fields.update(extra)
    return walk_in_learner_create(created_by=staff, center=staff.memberships.get().center, **fields)


def test_walk_in_has_no_email_phone_or_password_and_a_hashed_code(staff):
    learner, code = _register(staff)
    assert learner.email is None and learner.phone is None
    assert not learner.has_usable_password() and learner.must_set_password
    assert learner.birth_year == 1962  # 2505 B.E.
    stored = LoginCode.objects.get(user=learner)
    assert code not in stored.code_hash and len(code) == 8
    assert stored.expires_at - stored.created_at == timedelta(hours=72)


def test_code_works_until_the_password_is_saved_then_never_again(staff):
    learner, code = _register(staff)
    assert login_code_redeem(login_id=learner.login_id.lower(), code=f"{code[:4]} {code[4:]}") == learner
    checked_at = timezone.now()
    # Checking does not use it up: a learner whose password step failed signs in again.
    assert login_code_redeem(login_id=learner.login_id, code=code) == learner
    password_set(
        user=learner, password1="ขนมครก-2567", password2="ขนมครก-2567", login_code_checked_at=checked_at
    )
    with pytest.raises(LoginCodeError):
        login_code_redeem(login_id=learner.login_id, code=code)


def test_a_code_typed_with_thai_digits_works(staff):
    learner, code = _register(staff)
    thai = code.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))

    assert login_code_redeem(login_id=learner.login_id, code=f"{thai[:4]}-{thai[4:]}") == learner


def test_digits_that_are_not_numbers_are_not_read_as_the_code(staff):
    learner, code = _register(staff)
    superscripts = code.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))

    with pytest.raises(LoginCodeError):
        login_code_redeem(login_id=learner.login_id, code=superscripts)
    assert login_code_redeem(login_id=learner.login_id, code=code) == learner


def test_expired_code_does_not_work(staff):
    learner, code = _register(staff)
    LoginCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(LoginCodeError):
        login_code_redeem(login_id=learner.login_id, code=code)


def test_reset_invalidates_older_codes(staff):
    learner, old = _register(staff)
    new = login_code_issue(user=learner, created_by=staff, purpose=LoginCodePurpose.PASSWORD_RESET)
    with pytest.raises(LoginCodeError):
        login_code_redeem(login_id=learner.login_id, code=old)
    assert login_code_redeem(login_id=learner.login_id, code=new) == learner


def test_too_many_wrong_codes_lock_the_login_id(staff):
    learner, code = _register(staff)
    for _ in range(5):
        with pytest.raises(LoginCodeError):
            login_code_redeem(login_id=learner.login_id, code="00000000")
    with pytest.raises(LoginCodeError):
        login_code_redeem(login_id=learner.login_id, code=code)


def test_missing_names_are_refused_and_nothing_is_created(staff):
    with pytest.raises(ValidationError) as exc:
        _register(staff, first_name=" ", birth_year=3000)
    assert set(exc.value.message_dict) == {"first_name", "birth_year"}
    assert not User.objects.filter(created_by=staff).exists()


def test_staff_registers_walk_in_and_sees_the_slip(client, staff):
    center = staff.memberships.get().center
    client.force_login(staff)
    response = client.post(
        reverse("centers:learner_create", args=[center.pk]),
        {
            "title": "นาย",
            "first_name": "สมศักดิ์",
            "last_name": "ทองดี",
            "birth_year": "2500",
            "gender": "male",
            "target_group": "elderly",
        },
        follow=True,
    )
    learner = User.objects.get(first_name="สมศักดิ์")
    assert learner.home_center == center and learner.created_by == staff
    assert learner.login_id in response.content.decode()
    assert "@media print" in response.content.decode()


def test_bad_registration_form_shows_errors_and_creates_nothing(client, staff):
    center = staff.memberships.get().center
    client.force_login(staff)
    response = client.post(
        reverse("centers:learner_create", args=[center.pk]), {"first_name": "", "last_name": ""}
    )
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert not User.objects.filter(created_by=staff).exists()


def test_staff_corrects_a_name(client, staff):
    learner, _code = _register(staff)
    client.force_login(staff)
    client.post(
        reverse("centers:learner_detail", args=[learner.pk]),
        {"title": "นางสาว", "first_name": "บุญมา", "last_name": "ดีเลิศ"},
    )
    learner.refresh_from_db()
    assert (learner.title, learner.last_name) == ("นางสาว", "ดีเลิศ")


def test_code_login_signs_in_and_requires_a_new_password(client, staff):
    learner, code = _register(staff)
    response = client.post(reverse("centers:code_login"), {"login_id": learner.login_id, "code": code})
    assert response.url == reverse("accounts:set_password")
    response = client.post(
        reverse("accounts:set_password"), {"password1": "ขนมครก-2567", "password2": "ขนมครก-2567"}
    )
    learner.refresh_from_db()
    assert not learner.must_set_password and learner.check_password("ขนมครก-2567")
    assert client.get("/").wsgi_request.user == learner


def test_other_center_staff_cannot_open_a_learner(client, staff):
    learner, _code = _register(staff)
    other = MembershipFactory(center=CenterFactory()).user
    client.force_login(other)
    assert client.get(reverse("centers:learner_detail", args=[learner.pk])).status_code == 404
    assert client.post(reverse("centers:learner_reset_code", args=[learner.pk])).status_code == 404


def test_learner_list_queries_do_not_grow_with_learners(client, staff):
    center = staff.memberships.get().center
    client.force_login(staff)
    url = reverse("centers:learner_list", args=[center.pk])

    def queries():
        client.get(url)  # warm-up: the first request after login also touches the session
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    _register(staff, first_name="คนแรก")
    with_one = queries()
    for index in range(15):
        _register(staff, first_name=f"คนที่{index}")
    assert queries() == with_one
    assert client.get(url).content.decode().count("/staff/learners/") == 16
