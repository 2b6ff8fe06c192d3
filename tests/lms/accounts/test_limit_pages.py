"""Every limit answers 429 with the Thai page: allauth's, ours, the verify page's."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

WRONG_LOGIN = {"login": "nobody@example.com", "password": "ผิด"}
THAI_WAIT = "กรุณารอสักครู่"


def main_text(response) -> str:
    """The visible words of the page's main part (tags and the CSRF token dropped)."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"<[^>]+>", " ", main)


def assert_thai_429(response, back: str):
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    text = main_text(response)
    assert THAI_WAIT in text or "กรุณารอ" in text
    assert re.findall(r"[A-Za-z]{2,}", text) == [], text
    assert f'href="{back}"' in response.content.decode()


def test_our_per_ip_login_limit_answers_with_the_thai_page(client, settings):
    settings.ACCOUNTS_RATE_LIMITS = {"login": "1/m/ip"}
    url = reverse("account_login")
    assert client.post(url, WRONG_LOGIN).status_code == 200
    assert_thai_429(client.post(url, WRONG_LOGIN), back=url)


def test_allauths_own_limits_answer_with_the_thai_page(client, settings):
    settings.ACCOUNTS_RATE_LIMITS = {"login": None}
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    url = reverse("account_login")
    assert client.post(url, WRONG_LOGIN).status_code == 200
    assert_thai_429(client.post(url, WRONG_LOGIN), back=url)


def test_the_walk_in_code_page_has_a_per_ip_limit(client, settings):
    settings.ACCOUNTS_RATE_LIMITS = {"code_login": "2/m/ip"}
    url = reverse("centers:code_login")
    data = {"login_id": "ABCDEFGH", "code": "12345678"}
    assert [client.post(url, data).status_code for _ in range(2)] == [200, 200]
    assert_thai_429(client.post(url, data), back=url)
    # Another address at the same moment is not held up.
    assert client.post(url, data, REMOTE_ADDR="10.7.7.7").status_code == 200


def test_the_verify_page_limit_answers_in_thai_with_a_way_back(client, settings):
    settings.CERTIFICATES_VERIFY_RATE_LIMIT = 1
    url = reverse("certificates:verify", args=["AAAA-BBBB-CCCC-DDDD"])
    client.get(url)
    response = client.get(url)
    assert response.status_code == 429
    assert "กรุณารอ" in main_text(response)
    assert re.findall(r"[A-Za-z]{2,}", main_text(response)) == []
    assert f'href="{url}"' in response.content.decode()


def test_a_wrong_password_from_a_busy_address_is_refused_in_thai(client, settings):
    settings.ACCOUNTS_RATE_LIMITS = {"login_failed": "2/m/ip"}
    url = reverse("account_login")
    for n in range(2):
        client.post(url, {"login": f"someone{n}@example.com", "password": "ผิด"})
    response = client.post(url, {"login": "another@example.com", "password": "ผิด"})
    assert response.status_code == 200
    assert "กรอกรหัสผิดหลายครั้งเกินไป" in response.content.decode()


def test_every_limited_page_exists_and_has_a_limit():
    """A renamed view would silently lose its per-IP limit; this names it."""
    from django.urls import get_resolver

    from lms.accounts.app_settings import IP_LIMITED_VIEWS, app_settings

    resolver = get_resolver()
    for view_name, action in IP_LIMITED_VIEWS.items():
        namespace, _, name = view_name.rpartition(":")
        names = resolver.namespace_dict[namespace][1].reverse_dict if namespace else resolver.reverse_dict
        assert name in names, view_name
        assert app_settings.RATE_LIMITS[action], action
