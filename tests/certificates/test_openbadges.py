"""Open Badges 3.0: each certificate as a signed OpenBadgeCredential, checked by
others' tools (1EdTech's schema with jsonschema, PyJWT for the signature)."""

import hashlib
import json

import jwt
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates import services
from certificates.openbadges.contexts import FILES, load_context
from certificates.openbadges.credential import STATUS_LIST_SIZE
from lms.centers.constants import Role
from tests.certificates.openbadges_tools import (
    achievement_credential_validator,
    b64url_decode,
    bit_is_set,
    decode_status_bits,
    unverified_parts,
    verify_with_pyjwt,
)
from tests.factories.accounts import UserFactory
from tests.factories.centers import MembershipFactory
from tests.factories.certificates import completed_enrollment, course_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(default_template):
    user = UserFactory(phone="+66812345678", email="somying@example.com")
    course = course_page(summary="ใช้สมาร์ทโฟนโทรและส่งข้อความได้อย่างปลอดภัย")
    return services.certificate_issue(enrollment=completed_enrollment(user=user, course=course))


def download(client, certificate, user=None):
    client.force_login(user or certificate.user)
    return client.get(reverse("certificates:credential", args=[certificate.pk]))


def credential_token(client, certificate, user=None) -> str:
    response = download(client, certificate, user)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    return response.content.decode()


def status_bits_for(client, payload) -> tuple[bytes, int]:
    """Fetch the status list the credential names; verify it; return its bits and our index."""
    entry = payload["credentialStatus"]
    response = client.get(entry["statusListCredential"])
    assert response.status_code == 200 and response["Content-Type"] == "application/vc+jwt"
    status_list = verify_with_pyjwt(response.content.decode(), client)
    assert status_list["credentialSubject"]["statusPurpose"] == entry["statusPurpose"] == "revocation"
    return decode_status_bits(status_list["credentialSubject"]["encodedList"]), int(entry["statusListIndex"])


# --- The credential ----------------------------------------------------------------


def test_credential_validates_against_the_1edtech_schema(client, certificate):
    _header, payload = unverified_parts(credential_token(client, certificate))
    errors = sorted(achievement_credential_validator().iter_errors(payload), key=str)
    assert errors == []
    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]


def test_credential_carries_the_achievement_issuer_and_date(client, certificate):
    payload = verify_with_pyjwt(credential_token(client, certificate), client)
    achievement = payload["credentialSubject"]["achievement"]
    assert achievement["name"] == certificate.course_title
    assert achievement["description"] == "ใช้สมาร์ทโฟนโทรและส่งข้อความได้อย่างปลอดภัย"
    assert achievement["inLanguage"] == "th"
    assert "3 ชั่วโมง" in achievement["criteria"]["narrative"]
    assert payload["issuer"]["name"] == certificate.center_name
    assert payload["issuer"]["parentOrg"]["name"] == "ศูนย์ดิจิทัลชุมชน"
    assert payload["validFrom"] == certificate.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    # OB 3.0 § 8.2: the JWT claims repeat the credential's own fields.
    assert payload["iss"] == payload["issuer"]["id"]
    assert payload["jti"] == payload["id"]
    assert payload["sub"] == payload["credentialSubject"]["id"]


def test_issuer_profiles_are_published_where_the_credential_says(client, certificate):
    payload = verify_with_pyjwt(credential_token(client, certificate), client)
    center = json.loads(client.get(payload["issuer"]["id"]).content)
    national = json.loads(client.get(payload["issuer"]["parentOrg"]["id"]).content)
    assert center["name"] == certificate.center.name and center["type"] == ["Profile"]
    assert national["name"] == "ศูนย์ดิจิทัลชุมชน"


def test_jose_header_holds_only_what_open_badges_allows(client, certificate):
    header, _payload = unverified_parts(credential_token(client, certificate))
    assert set(header) == {"alg", "kid"} and header["alg"] == "RS256"
    jwks = json.loads(client.get(reverse("certificates:openbadges_jwks")).content)
    assert [key["kid"] for key in jwks["keys"]] == [header["kid"].rstrip("/").rsplit("/", 1)[-1]]
    assert all("d" not in key and "p" not in key for key in jwks["keys"])


def test_signature_verifies_with_an_independent_library(client, certificate):
    payload = verify_with_pyjwt(credential_token(client, certificate), client)
    assert payload["credentialSubject"]["identifier"][1]["identityHash"] == certificate.printed_name


def test_a_credential_with_one_character_of_the_name_changed_fails(client, certificate):
    token = credential_token(client, certificate)
    header, payload_part, signature = token.split(".")
    text = b64url_decode(payload_part).decode()
    name = certificate.printed_name
    assert text.count(name) == 1
    forged_name = name[:-1] + ("ก" if name[-1] != "ก" else "ข")
    forged = text.replace(name, forged_name).encode()
    import base64

    forged_part = base64.urlsafe_b64encode(forged).decode().rstrip("=")
    with pytest.raises(jwt.InvalidSignatureError):
        verify_with_pyjwt(f"{header}.{forged_part}.{signature}", client)


def test_recipient_is_a_salted_hash_of_the_login_id_and_never_phone_or_email(client, certificate):
    token = credential_token(client, certificate)
    _header, payload = unverified_parts(token)
    hashed, name = payload["credentialSubject"]["identifier"]
    assert hashed["hashed"] is True and hashed["identityType"] == "accountId"
    expected = hashlib.sha256((certificate.user.login_id + hashed["salt"]).encode()).hexdigest()
    assert hashed["identityHash"] == f"sha256${expected}"
    assert len(hashed["salt"]) >= 16
    everything = b64url_decode(token.split(".")[1]).decode()
    for secret in (
        "+66812345678",
        "0812345678",
        "812345678",
        "somying@example.com",
        certificate.user.login_id,
    ):
        assert secret not in everything
    assert name == {
        "type": "IdentityObject",
        "identityHash": certificate.printed_name,
        "identityType": "name",
        "hashed": False,
    }


def test_two_certificates_of_one_learner_have_different_salts(client, default_template, certificate):
    other = services.certificate_issue(enrollment=completed_enrollment(user=certificate.user))
    first = unverified_parts(credential_token(client, certificate))[1]["credentialSubject"]
    second = unverified_parts(credential_token(client, other))[1]["credentialSubject"]
    assert first["identifier"][0]["salt"] != second["identifier"][0]["salt"]
    assert first["id"] != second["id"]


def test_every_term_of_the_credential_is_defined_by_the_shipped_contexts(client, certificate):
    _header, payload = unverified_parts(credential_token(client, certificate))
    assert set(payload["@context"]) <= set(FILES)
    defined = set()

    def collect(node):
        if isinstance(node, dict):
            for key, value in node.items():
                defined.add(key)
                collect(value)

    for url in payload["@context"]:
        collect(load_context(url)["@context"])
    used = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                used.add(key)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in payload.items() if k not in {"iss", "jti", "nbf", "sub", "@context"}})
    assert used - defined == set()


# --- Status list -------------------------------------------------------------------


def test_status_list_marks_a_revoked_credential(client, certificate):
    _header, payload = unverified_parts(credential_token(client, certificate))
    bits, index = status_bits_for(client, payload)
    assert len(bits) * 8 == STATUS_LIST_SIZE
    assert not bit_is_set(bits, index)

    services.certificate_revoke(certificate=certificate, reason="ข้อมูลผิด")
    bits, index = status_bits_for(client, payload)
    assert bit_is_set(bits, index)
    assert sum(bin(byte).count("1") for byte in bits) == 1


def test_status_list_marks_a_replaced_credential_and_not_its_successor(client, certificate):
    old_payload = unverified_parts(credential_token(client, certificate))[1]
    new = services.certificate_reissue(certificate=certificate)
    new_payload = unverified_parts(credential_token(client, new))[1]
    bits, old_index = status_bits_for(client, old_payload)
    assert bit_is_set(bits, old_index)
    bits, new_index = status_bits_for(client, new_payload)
    assert not bit_is_set(bits, new_index)


def test_status_list_is_never_served_stale(client, certificate):
    url = unverified_parts(credential_token(client, certificate))[1]["credentialStatus"][
        "statusListCredential"
    ]
    first = client.get(url)
    assert "no-cache" in first["Cache-Control"] and "max-age=0" in first["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    services.certificate_revoke(certificate=certificate, reason="ข้อมูลผิด")
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again["ETag"] != first["ETag"]


def test_status_list_beyond_the_issued_certificates_is_not_found(client, certificate):
    assert client.get(reverse("certificates:openbadges_status_list", args=[1])).status_code == 404


def test_status_list_queries_do_not_grow_with_revocations(
    client, default_template, django_assert_num_queries
):
    certificates = [services.certificate_issue(enrollment=completed_enrollment()) for _ in range(6)]
    url = reverse("certificates:openbadges_status_list", args=[0])
    services.certificate_revoke(certificate=certificates[0], reason="ผิด")
    client.get(url)  # warm: new courses retire the shared site and route caches (cms_content/page_cache.py)
    with django_assert_num_queries(2):
        assert client.get(url).status_code == 200
    for certificate in certificates[1:]:
        services.certificate_revoke(certificate=certificate, reason="ผิด")
    client.get(url)  # warm: new courses retire the shared site and route caches (cms_content/page_cache.py)
    with django_assert_num_queries(2):
        assert client.get(url).status_code == 200


# --- Who may download --------------------------------------------------------------


def test_center_staff_download_the_credential(client, certificate):
    staff = MembershipFactory(center=certificate.center, role=Role.CENTER_STAFF).user
    assert download(client, certificate, staff).status_code == 200


@pytest.mark.parametrize("who", ["other learner", "other center's staff", "provincial admin"])
def test_no_one_else_downloads_the_credential(client, certificate, who):
    if who == "other learner":
        user = UserFactory()
    elif who == "other center's staff":
        user = MembershipFactory(role=Role.CENTER_STAFF).user
    else:
        user = MembershipFactory(
            role=Role.PROVINCIAL_ADMIN, center=None, province=certificate.center.province
        ).user
    assert download(client, certificate, user).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, certificate):
    response = client.get(reverse("certificates:credential", args=[certificate.pk]))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_owner_cannot_download_the_credential_of_a_revoked_certificate(client, certificate):
    services.certificate_revoke(certificate=certificate, reason="ผิด")
    assert download(client, certificate).status_code == 404


def test_public_verify_page_shows_no_more_than_before(client, certificate):
    url = reverse("certificates:verify", args=[certificate.verification_code])
    public = client.get(url).content.decode()
    credential_url = reverse("certificates:credential", args=[certificate.pk])
    assert credential_url not in public
    assert certificate.user.login_id not in public and "sha256" not in public
    client.force_login(certificate.user)
    assert credential_url in client.get(url).content.decode()


def test_credential_download_queries_do_not_grow_with_data(
    client, default_template, django_assert_num_queries
):
    first = services.certificate_issue(enrollment=completed_enrollment())
    client.force_login(first.user)
    url = reverse("certificates:credential", args=[first.pk])
    client.get(url)  # warm the site and key caches
    with django_assert_num_queries(3) as few:
        assert client.get(url).status_code == 200
    # Counted now: connection.queries keeps only the last 9,000, and making courses fills it.
    expected = len(few.captured_queries)
    for _ in range(5):
        services.certificate_issue(enrollment=completed_enrollment(user=first.user))
    client.get(url)  # warm: new courses retire the shared site and route caches (cms_content/page_cache.py)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_certificate_page_queries_do_not_grow_with_data(client, default_template, django_assert_num_queries):
    first = services.certificate_issue(enrollment=completed_enrollment())
    client.force_login(first.user)
    url = reverse("certificates:page", args=[first.enrollment_id])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    # Counted now: connection.queries keeps only the last 9,000, and making courses fills it.
    expected = len(before.captured_queries)
    for _ in range(5):
        services.certificate_issue(enrollment=completed_enrollment(user=first.user))
    client.get(url)  # warm: new courses retire the shared site and route caches (cms_content/page_cache.py)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_only_the_owner_and_staff_open_the_certificate_page(client, certificate):
    url = reverse("certificates:page", args=[certificate.enrollment_id])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(MembershipFactory(role=Role.CENTER_STAFF).user)
    assert client.get(url).status_code == 404
    client.force_login(certificate.user)
    assert reverse("certificates:credential", args=[certificate.pk]) in client.get(url).content.decode()


def test_staff_detail_page_offers_the_credential_to_the_centers_staff_only(client, certificate):
    detail = reverse("certificates:staff_detail", args=[certificate.pk])
    credential_url = reverse("certificates:credential", args=[certificate.pk])
    client.force_login(MembershipFactory(center=certificate.center, role=Role.CENTER_STAFF).user)
    assert credential_url in client.get(detail).content.decode()
    reader = MembershipFactory(role=Role.PROVINCIAL_ADMIN, center=None, province=certificate.center.province)
    client.force_login(reader.user)
    page = client.get(detail)
    assert page.status_code == 200 and credential_url not in page.content.decode()


def test_every_download_of_a_credential_is_the_same(client, certificate):
    assert credential_token(client, certificate) == credential_token(client, certificate)
