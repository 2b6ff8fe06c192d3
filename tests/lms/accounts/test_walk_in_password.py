"""A walk-in learner's printed code is used up only when their new password is saved:
a failed password step does not lock them out, and two sessions racing with one code
save one password. The slip says until when the code works, in the Buddhist Era."""

import threading
from datetime import timedelta

import pytest
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pythainlp.util import thai_strftime

from lms.accounts.models import LoginCode, LoginCodePurpose, User
from lms.accounts.services import LoginCodeError, login_code_issue, password_set, walk_in_learner_create
from tests.factories import MembershipFactory

NEW = "ขนมครก-2567"
SET_PASSWORD = "/accounts/set-password/"


@pytest.fixture
def staff():
    return MembershipFactory().user


def _register(staff):
    return walk_in_learner_create(
        created_by=staff,
        center=staff.memberships.get().center,
        title="นาง",
        first_name="บุญมา",
        last_name="ดีงาม",
    )


def _code_login(client, learner, code):
    return client.post(reverse("centers:code_login"), {"login_id": learner.login_id, "code": code})


@pytest.mark.django_db
def test_a_failed_password_step_keeps_the_code_working(client, staff):
    learner, code = _register(staff)
    assert _code_login(client, learner, code)["Location"] == SET_PASSWORD
    assert 'name="current_password"' not in client.get(SET_PASSWORD).content.decode()

    response = client.post(SET_PASSWORD, {"password1": "1234", "password2": "1234"})

    assert response.status_code == 200 and 'id="id_password1_error"' in response.content.decode()
    assert LoginCode.objects.get(user=learner).used_at is None
    client.post(reverse("account_logout"))
    assert _code_login(client, learner, code)["Location"] == SET_PASSWORD


@pytest.mark.django_db
def test_the_code_is_used_up_when_the_password_is_saved(client, staff):
    learner, code = _register(staff)
    _code_login(client, learner, code)

    response = client.post(SET_PASSWORD, {"password1": NEW, "password2": NEW})

    assert response["Location"] == reverse("courses:dashboard")
    learner.refresh_from_db()
    assert learner.check_password(NEW) and not learner.must_set_password
    assert LoginCode.objects.get(user=learner).used_at is not None
    client.post(reverse("account_logout"))
    response = _code_login(Client(), learner, code)
    assert response.status_code == 200 and "errorlist" in response.content.decode()


@pytest.mark.django_db
def test_a_second_session_with_the_same_code_cannot_save_another_password(staff):
    learner, code = _register(staff)
    first, second = Client(), Client()
    _code_login(first, learner, code)
    _code_login(second, learner, code)

    first.post(SET_PASSWORD, {"password1": NEW, "password2": NEW})
    response = second.post(SET_PASSWORD, {"password1": "อีกคนหนึ่ง-2567", "password2": "อีกคนหนึ่ง-2567"})

    # The saved password ended the other session (Django's session hash); the code is used.
    assert response["Location"].startswith(reverse("account_login"))
    learner.refresh_from_db()
    assert learner.check_password(NEW)
    assert _code_login(second, learner, code).status_code == 200


@pytest.mark.django_db
def test_a_new_slip_made_after_the_code_was_typed_voids_the_old_step(client, staff):
    learner, code = _register(staff)
    _code_login(client, learner, code)
    new_code = login_code_issue(user=learner, created_by=staff, purpose=LoginCodePurpose.PASSWORD_RESET)

    response = client.post(SET_PASSWORD, {"password1": NEW, "password2": NEW})

    assert response["Location"] == reverse("centers:code_login")
    learner.refresh_from_db()
    assert not learner.has_usable_password()
    assert _code_login(Client(), learner, new_code)["Location"] == SET_PASSWORD


@pytest.mark.django_db
def test_when_the_step_expires_the_learner_signs_in_with_the_code_again(client, staff, settings):
    settings.ACCOUNTS_PASSWORD_STEP_SECONDS = 0
    learner, code = _register(staff)
    _code_login(client, learner, code)

    response = client.get(SET_PASSWORD)

    assert response["Location"] == reverse("centers:code_login")
    assert "_auth_user_id" not in client.session
    assert LoginCode.objects.get(user=learner).used_at is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_racing_password_saves_with_one_code_save_one_password(staff):
    learner, _code = _register(staff)
    checked_at = timezone.now()
    barrier = threading.Barrier(2)
    outcomes = []

    def save(password):
        try:
            barrier.wait(timeout=10)
            password_set(
                user=User.objects.get(pk=learner.pk),
                password1=password,
                password2=password,
                login_code_checked_at=checked_at,
            )
            outcomes.append(("saved", password))
        except LoginCodeError:
            outcomes.append(("refused", password))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=save, args=(p,)) for p in ("ดอกบัว-2567", "ดอกรัก-2567")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(kind for kind, _ in outcomes) == ["refused", "saved"]
    [winner] = [password for kind, password in outcomes if kind == "saved"]
    learner.refresh_from_db()
    assert learner.check_password(winner)
    assert LoginCode.objects.filter(user=learner, used_at__isnull=False).count() == 1


@pytest.mark.django_db
def test_the_slip_shows_until_when_the_code_works_in_the_buddhist_era(client, staff):
    client.force_login(staff)
    center = staff.memberships.get().center
    client.post(
        reverse("centers:learner_create", args=[center.pk]),
        {"title": "นาง", "first_name": "ทองใบ", "last_name": "ใจสู้", "gender": "female"},
    )
    learner = User.objects.get(first_name="ทองใบ")
    expires = timezone.localtime(LoginCode.objects.get(user=learner).expires_at)
    # pythainlp writes Thai dates independently of our filter: full month name, B.E. year.
    expected = thai_strftime(expires.replace(tzinfo=None), "%-d %B พ.ศ. %Y เวลา %H:%M น.")

    page = client.get(reverse("centers:learner_slip", args=[learner.pk])).content.decode()

    assert "ใช้รหัสได้ถึง" in page and expected in page
    assert expires - timezone.localtime() > timedelta(hours=71)
