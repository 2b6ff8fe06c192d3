"""Open Badges 3.0: a course's English title as the English edition of its achievement.

OB 3.0 types ``Achievement.name`` as one plain string, so the English name is a separate
``Achievement`` that the credential's achievement names in ``related`` (``inLanguage``
``en``), published at its own public address. Checked with 1EdTech's schema.
"""

import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates import services
from certificates.openbadges.contexts import CONTEXT_OB3, CONTEXT_VC2, load_context
from tests.certificates.openbadges_tools import (
    achievement_credential_validator,
    achievement_validator,
    verify_with_pyjwt,
)
from tests.factories.accounts import UserFactory
from tests.factories.certificates import completed_enrollment, course_page

pytestmark = pytest.mark.django_db

ENGLISH = "Using a Smartphone Safely"


@pytest.fixture
def certificate(default_template):
    user = UserFactory(phone="+66812345678", email="somying@example.com")
    course = course_page(title_en=ENGLISH, summary="ใช้สมาร์ทโฟนโทรและส่งข้อความได้อย่างปลอดภัย")
    return services.certificate_issue(enrollment=completed_enrollment(user=user, course=course))


def credential(client, certificate) -> tuple[str, dict]:
    """The signed credential as downloaded by its learner: the token and its payload."""
    client.force_login(certificate.user)
    response = client.get(reverse("certificates:credential", args=[certificate.pk]))
    assert response.status_code == 200
    token = response.content.decode()
    return token, verify_with_pyjwt(token, client)


def english_edition(client, payload) -> dict:
    """Follow the achievement's ``related`` English entry, as a verifier would."""
    (entry,) = [r for r in payload["credentialSubject"]["achievement"]["related"] if r["inLanguage"] == "en"]
    client.logout()
    response = client.get(entry["id"])
    assert response.status_code == 200, entry["id"]
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def undefined_terms(document: dict) -> set[str]:
    """Keys of ``document`` that none of its ``@context`` files defines."""
    defined, used = set(), set()

    def collect(node, into):
        if isinstance(node, dict):
            for key, value in node.items():
                into.add(key)
                collect(value, into)
        elif isinstance(node, list):
            for item in node:
                collect(item, into)

    for url in document["@context"]:
        collect(load_context(url)["@context"], defined)
    collect({k: v for k, v in document.items() if k not in {"iss", "jti", "nbf", "sub", "@context"}}, used)
    return used - defined


# --- The credential ----------------------------------------------------------------


def test_credential_with_an_english_title_validates_and_names_its_english_edition(client, certificate):
    _token, payload = credential(client, certificate)
    assert sorted(achievement_credential_validator().iter_errors(payload), key=str) == []
    achievement = payload["credentialSubject"]["achievement"]
    # The achievement itself stays Thai: name as printed, the course's language.
    assert achievement["name"] == certificate.course_title == "การใช้สมาร์ทโฟนเบื้องต้น"
    assert achievement["inLanguage"] == "th"
    assert payload["name"] == certificate.course_title
    [related] = achievement["related"]
    assert related["type"] == ["Related"] and related["inLanguage"] == "en"
    assert set(related) == {"id", "type", "inLanguage"}
    course_key = str(certificate.course.translation_key)
    assert related["id"].startswith("http") and f"/openbadges/achievements/{course_key}/en/" in related["id"]
    assert undefined_terms(payload) == set()


def test_english_edition_is_an_achievement_in_english_pointing_back(client, certificate):
    _token, payload = credential(client, certificate)
    edition = english_edition(client, payload)
    assert sorted(achievement_validator().iter_errors(edition), key=str) == []
    assert edition["@context"] == payload["@context"] == [CONTEXT_VC2, CONTEXT_OB3]
    assert edition["id"] == payload["credentialSubject"]["achievement"]["related"][0]["id"]
    assert edition["type"] == ["Achievement"]
    assert edition["name"] == ENGLISH
    assert edition["inLanguage"] == "en"
    assert edition["description"] == "A course of 3 hours of study at a Community Digital Center."
    assert edition["criteria"]["narrative"].startswith(f"Completed the course “{ENGLISH}” (3 hours of study)")
    assert "at least 70%" in edition["criteria"]["narrative"]
    assert edition["related"] == [
        {"id": payload["credentialSubject"]["achievement"]["id"], "type": ["Related"], "inLanguage": "th"}
    ]
    assert undefined_terms(edition) == set()


def test_achievement_validator_rejects_a_language_map_name(client, certificate):
    # Why a separate edition: the schema refuses a JSON-LD language map in ``name``.
    _token, payload = credential(client, certificate)
    edition = english_edition(client, payload)
    edition["name"] = {"@value": ENGLISH, "@language": "en"}
    assert list(achievement_validator().iter_errors(edition))


def test_english_edition_is_public_and_holds_nothing_of_a_learner(client, certificate):
    _token, payload = credential(client, certificate)
    client.logout()
    url = payload["credentialSubject"]["achievement"]["related"][0]["id"]
    response = client.get(url)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"]
    text = response.content.decode()
    for private in (
        certificate.learner_name,
        certificate.user.login_id,
        certificate.serial,
        certificate.verification_code,
        certificate.center_name,
        "+66812345678",
        "somying@example.com",
    ):
        assert private not in text


def test_every_learner_of_a_course_names_the_same_english_edition(client, certificate):
    other = services.certificate_issue(enrollment=completed_enrollment(course=certificate.course))
    first = credential(client, certificate)[1]["credentialSubject"]["achievement"]["related"]
    second = credential(client, other)[1]["credentialSubject"]["achievement"]["related"]
    assert first == second


def test_credential_without_an_english_title_names_no_edition(client, default_template):
    certificate = services.certificate_issue(enrollment=completed_enrollment(course=course_page()))
    assert certificate.course_title_en == ""
    _token, payload = credential(client, certificate)
    assert "related" not in payload["credentialSubject"]["achievement"]
    assert sorted(achievement_credential_validator().iter_errors(payload), key=str) == []


def test_a_blank_english_title_of_spaces_names_no_edition(client, default_template):
    certificate = services.certificate_issue(
        enrollment=completed_enrollment(course=course_page(title_en="   "))
    )
    assert "related" not in credential(client, certificate)[1]["credentialSubject"]["achievement"]


# --- Frozen at issue ---------------------------------------------------------------


def test_renaming_the_english_title_after_issue_changes_nothing_issued(client, certificate):
    token, payload = credential(client, certificate)
    edition = english_edition(client, payload)
    course = certificate.course
    for new_title in ("Smartphones for Everyone", ""):
        course.title_en = new_title
        course.save()
        certificate.refresh_from_db()
        assert credential(client, certificate)[0] == token
        assert english_edition(client, payload) == edition
    assert certificate.course_title_en == ENGLISH


def test_a_certificate_issued_after_a_rename_names_a_new_edition_and_the_old_one_stays(client, certificate):
    old_payload = credential(client, certificate)[1]
    course = certificate.course
    course.title_en = "Smartphones for Everyone"
    course.save()
    newer = services.certificate_issue(enrollment=completed_enrollment(course=course))
    new_payload = credential(client, newer)[1]
    old_related = old_payload["credentialSubject"]["achievement"]["related"][0]["id"]
    new_related = new_payload["credentialSubject"]["achievement"]["related"][0]["id"]
    assert old_related != new_related
    assert english_edition(client, old_payload)["name"] == ENGLISH
    assert english_edition(client, new_payload)["name"] == "Smartphones for Everyone"
    # The same course either way: both point back at one Thai achievement.
    assert english_edition(client, old_payload)["related"] == english_edition(client, new_payload)["related"]


def test_reissue_keeps_the_english_title_as_first_issued(client, certificate):
    old_related = credential(client, certificate)[1]["credentialSubject"]["achievement"]["related"]
    course = certificate.course
    course.title_en = "Smartphones for Everyone"
    course.save()
    new = services.certificate_reissue(certificate=certificate)
    assert new.course_title_en == ENGLISH
    new_related = credential(client, new)[1]["credentialSubject"]["achievement"]["related"]
    assert new_related == old_related


# --- The address -------------------------------------------------------------------


def test_unknown_english_editions_are_not_found(client, certificate, default_template):
    course_key = certificate.course.translation_key
    good = credential(client, certificate)[1]["credentialSubject"]["achievement"]["related"][0]["id"]
    edition = good.rstrip("/").rsplit("/", 1)[-1].removesuffix(".json")
    name = "certificates:openbadges_achievement_en"
    assert client.get(reverse(name, args=[course_key, edition])).status_code == 200
    assert client.get(reverse(name, args=[course_key, "0" * 16])).status_code == 404
    assert client.get(reverse(name, args=[uuid.uuid4(), edition])).status_code == 404
    # A course with an English title but no certificate yet: no credential names it.
    uncertified = course_page(title_en=ENGLISH)
    assert client.get(reverse(name, args=[uncertified.translation_key, edition])).status_code == 404


def test_english_edition_queries_do_not_grow_with_certificates(
    client, certificate, django_assert_num_queries
):
    url = credential(client, certificate)[1]["credentialSubject"]["achievement"]["related"][0]["id"]
    client.logout()
    client.get(url)  # warm the shared site and route caches
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    # Counted now: connection.queries keeps only the last 9,000, and making courses fills it.
    expected = len(before.captured_queries)
    assert expected == 1  # the course's distinct English titles and hours
    course = certificate.course
    for _ in range(5):
        services.certificate_issue(enrollment=completed_enrollment(course=course))
    for title in ("Smartphones for Everyone", "Smartphones for All"):
        course.title_en = title
        course.save()
        services.certificate_issue(enrollment=completed_enrollment(course=course))
    services.certificate_issue(enrollment=completed_enrollment(course=course_page(title_en="Other course")))
    client.get(url)  # warm: new courses retire the shared site and route caches (cms_content/page_cache.py)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


# --- The verify page ---------------------------------------------------------------


def test_verify_page_shows_the_english_title_under_the_thai_one(client, certificate, default_template):
    url = reverse("certificates:verify", args=[certificate.verification_code])
    page = client.get(url).content.decode()
    assert f'<span lang="en">{ENGLISH}</span>' in page
    assert page.index(certificate.course_title) < page.index(ENGLISH)
    thai_only = services.certificate_issue(enrollment=completed_enrollment(course=course_page()))
    page = client.get(reverse("certificates:verify", args=[thai_only.verification_code])).content.decode()
    assert 'lang="en"' not in page.split('class="verify-facts"', 1)[1].split("</dl>", 1)[0]
