"""Sessions on shared PCs: idle timeout, logout on the server, must-set-password."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from lms.accounts.middleware import LAST_ACTIVITY_KEY
from tests.factories import UserFactory
from tests.factories.accounts import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def set_last_activity(client, seconds_ago):
    import time

    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - seconds_ago
    session.save()


def test_idle_session_is_logged_out(client, settings):
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 60
    client.force_login(UserFactory())
    client.get("/my-courses/")
    set_last_activity(client, 120)
    response = client.get("/my-courses/")
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_active_session_stays(client, settings):
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 60
    client.force_login(UserFactory())
    client.get("/my-courses/")
    set_last_activity(client, 30)
    assert client.get("/my-courses/").status_code == 200


def test_activity_stamp_is_written_at_most_once_a_minute(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(UserFactory())
    client.get("/my-courses/")
    stamp = client.session[LAST_ACTIVITY_KEY]
    with CaptureQueriesContext(connection) as queries:
        client.get("/my-courses/")
    assert client.session[LAST_ACTIVITY_KEY] == stamp
    assert not [q for q in queries if "django_session" in q["sql"] and q["sql"].startswith("UPDATE")]
    set_last_activity(client, 90)
    with CaptureQueriesContext(connection) as queries:
        client.get("/my-courses/")
    assert [q for q in queries if "django_session" in q["sql"] and q["sql"].startswith("UPDATE")]


def test_logout_deletes_the_session_on_the_server(client):
    client.force_login(UserFactory())
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=key).exists()


def test_must_set_password_user_is_sent_to_set_password_page(client):
    user = UserFactory(must_set_password=True)
    client.force_login(user)
    response = client.get("/my-courses/")
    assert response["Location"] == reverse("accounts:set_password")
    page = client.get(reverse("accounts:set_password"))
    assert "ตั้งรหัสผ่าน" in page.content.decode()


def test_set_password_clears_flag_and_keeps_session(client):
    user = UserFactory(must_set_password=True)
    client.force_login(user)
    response = client.post(
        reverse("accounts:set_password"),
        {"current_password": TEST_PASSWORD, "password1": "ดอกไม้บาน-2567", "password2": "ดอกไม้บาน-2567"},
    )
    assert response["Location"] == reverse("courses:dashboard")
    user.refresh_from_db()
    assert not user.must_set_password
    assert user.check_password("ดอกไม้บาน-2567")
    assert client.get("/my-courses/").status_code == 200


def test_set_password_mismatch_is_refused_in_thai(client):
    user = UserFactory(must_set_password=True)
    client.force_login(user)
    response = client.post(
        reverse("accounts:set_password"), {"password1": "ดอกไม้บาน-2567", "password2": "อย่างอื่น-2567"}
    )
    assert "ไม่ตรงกัน" in response.content.decode()
    user.refresh_from_db()
    assert user.must_set_password


def test_login_of_must_set_password_user_lands_on_set_password(client):
    UserFactory(email="walkin@example.com", password="ชั่วคราว-1234", must_set_password=True)
    response = client.post(
        reverse("account_login"), {"login": "walkin@example.com", "password": "ชั่วคราว-1234"}
    )
    assert response["Location"] == reverse("accounts:set_password")


def test_password_fields_have_show_hide_button_script(client):
    html = client.get(reverse("account_login")).content.decode()
    assert "แสดงรหัสผ่าน" in html
    assert "aria-pressed" in html
