"""The pages around personal data: a learner's own download and erasure, staff erasing a
walk-in learner's data, and the Thai messages around signing in."""

import io
import zipfile

import pytest
from django.contrib.auth import password_validation
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from lms.accounts.models import User
from lms.accounts.services import walk_in_learner_create
from tests.factories import CenterFactory, MembershipFactory, UserFactory
from tests.factories.accounts import TEST_PASSWORD, totp_code

pytestmark = pytest.mark.django_db


def log_in(client, user, *, confirm_password=True):
    """A real sign-in through allauth; then the password typed again on allauth's
    re-authentication page, as a person does before erasing."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    if response["Location"] == reverse("mfa_authenticate"):
        # Staff type the code of their authenticator app after the password.
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(user)})
        assert response.status_code == 302, response.content.decode()[:500]
    if confirm_password:
        assert client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD}).status_code == 302
    return response


def test_download_asks_for_the_password_first_then_gives_the_zip(client):
    learner = UserFactory(home_center=CenterFactory())
    client.force_login(learner)  # an old session: no fresh authentication

    response = client.post(reverse("accounts:my_data_download"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": TEST_PASSWORD})
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "data/accounts.user.json" in names and "manifest.json" in names


def test_download_needs_a_signed_in_person(client):
    response = client.post(reverse("accounts:my_data_download"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_learner_erases_their_own_account_after_confirming(client):
    learner = UserFactory(home_center=CenterFactory())
    log_in(client, learner)
    page = client.get(reverse("accounts:my_data")).content.decode()
    assert "ลบบัญชีของฉัน" in page and "ดาวน์โหลดข้อมูลของฉัน" in page

    refused = client.post(reverse("accounts:my_data_erase"), {})
    assert refused.status_code == 200
    assert "กรุณาติ๊กช่องนี้" in refused.content.decode()
    learner.refresh_from_db()
    assert learner.erased_at is None

    response = client.post(reverse("accounts:my_data_erase"), {"understood": "on"})

    assert response.status_code == 302 and response["Location"] == "/"
    learner.refresh_from_db()
    assert learner.erased_at is not None and learner.first_name == ""
    assert learner.erased_by == learner
    assert "_auth_user_id" not in client.session


def test_erasing_an_old_session_asks_for_the_password_first(client):
    learner = UserFactory(home_center=CenterFactory())
    client.force_login(learner)
    response = client.post(reverse("accounts:my_data_erase"), {"understood": "on"})
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    learner.refresh_from_db()
    assert learner.erased_at is None


def test_staff_erase_a_learner_of_their_own_center(client):
    center = CenterFactory()
    staff = MembershipFactory(center=center).user
    learner, _code = walk_in_learner_create(
        created_by=staff, center=center, title="นาย", first_name="มานะ", last_name="มีสุข"
    )
    log_in(client, staff)
    detail = client.get(reverse("centers:learner_detail", args=[learner.pk])).content.decode()
    assert reverse("centers:learner_erase", args=[learner.pk]) in detail

    refused = client.post(reverse("centers:learner_erase", args=[learner.pk]), {})
    assert "กรุณาติ๊กช่องนี้" in refused.content.decode()
    response = client.post(reverse("centers:learner_erase", args=[learner.pk]), {"asked_in_person": "on"})

    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.erased_at is not None and learner.first_name == ""
    assert learner.erased_by == staff
    listing = client.get(reverse("centers:learner_list", args=[center.pk])).content.decode()
    assert "มานะ" not in listing


def test_staff_of_another_center_cannot_erase(client):
    learner = UserFactory(home_center=CenterFactory())
    other_staff = MembershipFactory(center=CenterFactory()).user
    log_in(client, other_staff)

    response = client.post(reverse("centers:learner_erase", args=[learner.pk]), {"asked_in_person": "on"})

    assert response.status_code == 404
    learner.refresh_from_db()
    assert learner.erased_at is None


def test_staff_cannot_erase_a_colleague_through_the_learner_page(client):
    center = CenterFactory()
    staff = MembershipFactory(center=center).user
    colleague = MembershipFactory(center=center, user=UserFactory(home_center=center)).user
    log_in(client, staff)

    response = client.post(reverse("centers:learner_erase", args=[colleague.pk]), {"asked_in_person": "on"})

    assert "ถอนบทบาท" in response.content.decode()
    colleague.refresh_from_db()
    assert colleague.erased_at is None


def test_login_message_greets_by_name_not_login_id(client):
    learner = UserFactory(first_name="สมหญิง")
    response = log_in(client, learner, confirm_password=False)
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "สมหญิง" in text
    assert learner.login_id not in text


@pytest.mark.parametrize(
    ("password", "thai"),
    [("1234", "สั้นเกินไป"), ("password", "ใช้กันมาก"), ("98765432109", "ตัวเลขทั้งหมด")],
)
def test_password_rules_speak_thai(password, thai):
    with pytest.raises(ValidationError) as caught:
        password_validation.validate_password(password, User(first_name="สมหญิง"))
    assert any(thai in message for message in caught.value.messages), caught.value.messages


def test_password_like_a_name_names_the_field_in_thai():
    person = User(first_name="kanokwan", title="นาง")
    with pytest.raises(ValidationError) as caught:
        password_validation.validate_password("kanokwan1", person)
    assert caught.value.messages == ["รหัสผ่านคล้ายกับชื่อของคุณมากเกินไป"]
    assert str(User._meta.get_field("title").verbose_name) == "คำนำหน้าชื่อ"


def test_honorific_is_labelled_as_an_honorific(client):
    client.post(reverse("account_signup"), {"step": 1, "phone": "0812345678"})
    html = client.get(reverse("account_signup"), {"step": 2}).content.decode()
    assert "คำนำหน้าชื่อ" in html
    assert "ชื่อเรื่อง" not in html
