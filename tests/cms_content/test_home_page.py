"""The home page is Thai and light."""

import pytest

pytestmark = pytest.mark.django_db


def test_home_page_is_served_in_thai(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="th">' in html
    assert "ศูนย์ดิจิทัลชุมชน" in html
    assert "หลักสูตร" in html


def test_page_tree_has_home_then_catalogue():
    from wagtail.models import Site

    from cms_content.models import HomePage
    from courses.models import CourseIndexPage

    root = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(root, HomePage)
    assert CourseIndexPage.objects.child_of(root).live().exists()


def test_login_page_is_thai(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "เข้าสู่ระบบ" in response.content.decode()


def test_a_phone_set_to_english_still_gets_the_thai_site(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="th">' in html
    assert "หลักสูตร" in html
    assert ">Courses<" not in html
