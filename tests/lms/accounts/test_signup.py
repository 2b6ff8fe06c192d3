"""Sign-up with a Thai mobile number or an email address, in Thai, with PDPA consent."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms.accounts import consent
from lms.accounts.forms import SignupForm
from lms.accounts.models import ConsentRecord, User
from lms.accounts.signup import STEPS
from tests.factories import CenterFactory, UserFactory, province

pytestmark = pytest.mark.django_db

PASSWORD = "ช้างเผือก-2567-xyz"


@pytest.fixture
def center():
    return CenterFactory(province=province("50"), name="ศูนย์ดิจิทัลชุมชนบ้านทดสอบ")


def signup_data(center, **overrides):
    data = {
        "phone": "",
        "email": "",
        "title": "นาง",
        "title_other": "",
        "first_name": "สมศรี",
        "last_name": "ใจดี",
        "birth_year_be": "2505",
        "gender": "female",
        "target_group": "elderly",
        "province": center.province.code,
        "home_center": str(center.pk),
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent": "on",
    }
    data.update(overrides)
    return data


def submit(client, data):
    """Post every field at once (as a script would); return the response."""
    return client.post(reverse("account_signup"), data)


def post_step(client, number, data):
    """Post only the fields of sign-up step ``number``, as the page for that step does."""
    fields = STEPS[number - 1].fields
    return client.post(
        reverse("account_signup"), {"step": number, **{k: v for k, v in data.items() if k in fields}}
    )


def test_signup_with_phone_only_normalises_and_records_everything(client, center):
    response = submit(client, signup_data(center, phone="081-234-5678"))
    assert response.status_code == 302
    user = User.objects.get(phone="+66812345678")
    assert user.email is None
    assert (user.title, user.first_name, user.last_name) == ("นาง", "สมศรี", "ใจดี")
    assert user.birth_year == 1962
    assert (user.gender, user.target_group, user.home_center) == ("female", "elderly", center)
    assert len(user.login_id) == 8
    record = ConsentRecord.objects.get(user=user)
    assert record.version == consent.CURRENT_VERSION
    assert record.accepted_at is not None


def test_signup_with_email_only(client, center):
    response = submit(client, signup_data(center, email="Somsri@Example.com"))
    assert response.status_code == 302
    user = User.objects.get(email="somsri@example.com")
    assert user.phone is None


def test_sign_up_in_four_steps_reads_the_name_back_before_the_account_is_made(client, center):
    data = signup_data(center, phone="0812345678")
    for number in (1, 2, 3):
        response = post_step(client, number, data)
        assert response.status_code == 302
        assert response["Location"].endswith(f"?step={number + 1}")
    page = client.get(reverse("account_signup"), {"step": 4})
    html = page.content.decode()
    assert "นางสมศรี ใจดี" in html and "ตรวจสอบ" in html
    assert "081-234-5678" in html  # the number read back as people write it
    assert 'name="password1"' in html and 'name="first_name"' not in html
    assert not User.objects.exists()

    response = post_step(client, 4, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_verify_phone")
    user = User.objects.get(phone="+66812345678")
    assert (user.get_full_name(), user.home_center, user.birth_year) == ("นางสมศรี ใจดี", center, 1962)
    assert ConsentRecord.objects.filter(user=user).exists()


def test_a_step_cannot_be_skipped(client, center):
    post_step(client, 1, signup_data(center, phone="0812345678"))
    response = client.get(reverse("account_signup"), {"step": 4})
    assert response.status_code == 302
    assert response["Location"].endswith("?step=2")


def test_a_mistake_in_a_step_shows_only_that_steps_errors_at_the_top(client, center):
    data = signup_data(center, phone="0812345678", first_name="Somsri")
    post_step(client, 1, data)
    response = post_step(client, 2, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"first_name"}
    summary = html[html.index('id="error-summary"') : html.index("</div>", html.index('id="error-summary"'))]
    assert 'href="#id_first_name"' in summary and "ภาษาไทย" in summary
    assert 'value="Somsri"' in html  # what was typed stays


def test_a_password_mistake_keeps_both_passwords_and_the_earlier_steps(client, center):
    data = signup_data(center, phone="0812345678", password1="12345678", password2="12345678")
    for number in (1, 2, 3):
        post_step(client, number, data)
    response = post_step(client, 4, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"password1"}
    assert "ตัวเลขทั้งหมด" in " ".join(response.context["form"].errors["password1"])
    assert html.count('value="12345678"') == 2
    assert not User.objects.exists()
    response = post_step(client, 4, {**data, "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and User.objects.filter(phone="+66812345678").exists()


def test_password_like_the_name_is_refused_in_thai(client, center):
    data = signup_data(center, email="kanokwan@example.com", first_name="กนกวรรณ")
    for number in (1, 2, 3):
        post_step(client, number, data)
    response = post_step(client, 4, {**data, "password1": "กนกวรรณ1", "password2": "กนกวรรณ1"})
    errors = " ".join(response.context["form"].errors["password1"])
    assert "คล้าย" in errors and "ชื่อ" in errors
    assert not User.objects.exists()


def test_everything_at_once_with_a_mistake_lands_on_the_first_step_with_one(client, center):
    response = submit(client, signup_data(center, phone="0812345678", birth_year_be="1962"))
    assert response.context["step"].number == 3
    assert set(response.context["form"].errors) == {"birth_year_be"}
    response = post_step(client, 3, signup_data(center, birth_year_be="2505"))
    assert response.status_code == 302 and response["Location"].endswith("?step=4")


def test_other_title_is_free_text(client, center):
    submit(client, signup_data(center, phone="0812345678", title="other", title_other="ดร."))
    assert User.objects.get().get_full_name() == "ดร.สมศรี ใจดี"


@pytest.mark.parametrize(
    ("overrides", "field", "thai"),
    [
        ({"phone": "12345"}, "phone", "มือถือ"),
        ({"phone": "0812345678", "consent": ""}, "consent", "ยินยอม"),
        ({}, "phone", "อีเมล"),
        ({"phone": "0812345678", "first_name": "Somsri"}, "first_name", "ภาษาไทย"),
        ({"phone": "0812345678", "birth_year_be": "1962"}, "birth_year_be", "2505"),
    ],
)
def test_bad_signup_is_refused_in_thai_next_to_the_field(client, center, overrides, field, thai):
    response = client.post(reverse("account_signup"), signup_data(center, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(thai in error for error in errors), errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not User.objects.exists()


def test_duplicate_phone_in_another_format_is_refused_in_thai(client, center):
    UserFactory(phone="+66812345678", email=None)
    response = client.post(reverse("account_signup"), signup_data(center, phone="+66 81 234 5678"))
    assert "มีบัญชีที่ใช้เบอร์มือถือนี้อยู่แล้ว" in " ".join(response.context["form"].errors["phone"])
    assert User.objects.count() == 1


def test_duplicate_email_is_refused_in_thai(client, center):
    UserFactory(email="somsri@example.com")
    response = client.post(reverse("account_signup"), signup_data(center, email="SOMSRI@example.com"))
    assert "อีเมลนี้" in " ".join(response.context["form"].errors["email"])
    assert User.objects.count() == 1


def test_province_picker_lists_only_that_provinces_centers(client, center):
    elsewhere = CenterFactory(province=province("10"), name="ศูนย์กรุงเทพทดสอบ")
    for number in (1, 2):
        post_step(client, number, signup_data(center, phone="0812345678"))
    html = client.get(reverse("account_signup"), {"step": 3, "province": "50"}).content.decode()
    assert center.name in html
    assert elsewhere.name not in html
    options = client.get(reverse("accounts:center_options"), {"province": "10"}).content.decode()
    assert elsewhere.name in options
    assert center.name not in options


def test_center_from_another_province_is_refused(client, center):
    elsewhere = CenterFactory(province=province("10"))
    response = client.post(
        reverse("account_signup"), signup_data(center, phone="0812345678", home_center=str(elsewhere.pk))
    )
    assert "home_center" in response.context["form"].errors
    assert not User.objects.exists()


def test_login_with_phone_in_any_format_email_or_login_id(client):
    user = UserFactory(phone="+66812345678", phone_verified=True, email="a@example.com", password=PASSWORD)
    for login in ["081 234 5678", "a@example.com", user.login_id]:
        client.logout()
        response = client.post(reverse("account_login"), {"login": login, "password": PASSWORD})
        assert response.status_code == 302, login
        assert client.session.get("_auth_user_id") == str(user.pk)


def test_wrong_password_message_is_thai(client):
    UserFactory(phone="+66812345678", password=PASSWORD)
    response = client.post(reverse("account_login"), {"login": "0812345678", "password": "wrong-one"})
    assert response.status_code == 200
    assert "รหัสผ่าน" in response.content.decode()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.dictionaries(
        st.sampled_from(SignupForm.field_order),
        st.text(max_size=30),
        max_size=15,
    )
)
def test_random_signup_payloads_never_error(client, center, data):
    data = {key: value.replace("\x00", "") for key, value in data.items()}
    assert client.post(reverse("account_signup"), data).status_code < 500


def test_every_step_counts_against_the_per_ip_sign_up_limit(client, center, settings):
    settings.ACCOUNTS_RATE_LIMITS = {"signup": "4/m/ip"}
    data = signup_data(center, phone="0812345678")
    for number in (1, 2, 3, 4):
        assert post_step(client, number, data).status_code == 302
    assert User.objects.filter(phone="+66812345678").exists()
    response = post_step(client, 1, signup_data(center, phone="0812345679"))
    assert response.status_code == 429  # a fifth step POST from this address this minute
    assert "กรุณารอสักครู่" in response.content.decode()
