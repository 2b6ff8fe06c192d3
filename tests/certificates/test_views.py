"""Verification page, downloads and who may have them, staff revoke/reissue, frozen."""

import pytest
from django.urls import reverse

from certificates import services
from certificates.models import Certificate
from certificates.rendering import render_certificate_pdf
from lms.centers.constants import Role
from tests.certificates.pdftools import pdf_text, without_sara_am
from tests.factories import CenterFactory, MembershipFactory, UserFactory, province
from tests.factories.certificates import completed_enrollment

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(default_template):
    return services.certificate_issue(enrollment=completed_enrollment())


def verify_url(certificate):
    return reverse("certificates:verify", args=[certificate.verification_code])


def staff_of(center, role=Role.CENTER_STAFF):
    return MembershipFactory(center=center, role=role).user


# --- Verification -----------------------------------------------------------------


def test_verification_page_shows_valid_and_the_printed_facts_only(client, certificate):
    response = client.get(verify_url(certificate))
    html = response.content.decode()
    assert response.status_code == 200
    assert "เกียรติบัตรนี้ใช้ได้" in html
    for fact in (
        certificate.printed_name,
        certificate.course_title,
        certificate.center_name,
        certificate.serial,
    ):
        assert fact in html
    user = certificate.user
    for private in (user.email, user.login_id, str(user.birth_year)):
        assert private not in html
    assert "<script" not in html
    assert len(response.content) < 15 * 1024


def test_typed_code_is_normalised(client, certificate):
    messy = "  " + certificate.verification_code.lower().replace("-", " ") + " "
    response = client.get(reverse("certificates:verify_form"), {"code": messy})
    assert response.status_code == 302
    assert response.url == verify_url(certificate)


def test_unknown_code_gets_a_thai_not_found_page(client):
    response = client.get(reverse("certificates:verify", args=["AAAA-BBBB-CCCC-DDDD"]))
    assert response.status_code == 404
    assert "ไม่พบเกียรติบัตร" in response.content.decode()


def test_verification_is_rate_limited(client, settings, certificate):
    settings.CERTIFICATES_VERIFY_RATE_LIMIT = 5
    statuses = [client.get(verify_url(certificate)).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    response = client.get(reverse("certificates:verify", args=["AAAA-BBBB-CCCC-DDDD"]))
    assert response.status_code == 429
    assert "กรุณารอ" in response.content.decode()


def test_revoked_certificate_says_revoked(client, certificate):
    services.certificate_revoke(certificate=certificate, reason="ข้อมูลการอบรมไม่ถูกต้อง")
    html = client.get(verify_url(certificate)).content.decode()
    assert "ถูกเพิกถอน" in html and "ข้อมูลการอบรมไม่ถูกต้อง" in html
    assert "ใช้ได้" not in html


def test_replaced_certificate_says_replaced_and_reveals_nothing_new(client, certificate):
    user = certificate.user
    user.first_name = "แก้ไขแล้ว"
    user.save()
    new = services.certificate_reissue(certificate=certificate)
    html = client.get(verify_url(certificate)).content.decode()
    assert "ถูกแทนที่" in html
    assert new.verification_code not in html and new.serial not in html
    assert "แก้ไขแล้ว" not in html
    assert "ใช้ได้" in client.get(verify_url(new)).content.decode()


# --- Frozen -----------------------------------------------------------------------


def test_later_edits_change_neither_stored_pdf_nor_verification_page(client, certificate, default_template):
    services.certificate_pdf_store(certificate=certificate)
    stored = certificate.pdf.read()
    page = client.get(verify_url(certificate)).content

    user = certificate.user
    user.first_name, user.last_name = "ชื่อใหม่", "นามสกุลใหม่"
    user.save()
    course = certificate.course
    course.title = "ชื่อหลักสูตรใหม่"
    course.save_revision().publish()
    default_template.title = "แบบใหม่"
    default_template.body = "ข้อความใหม่ {name}"
    default_template.save()
    services.certificate_template_saved(template=default_template)

    certificate = Certificate.objects.get(pk=certificate.pk)
    services.certificate_pdf_store(certificate=certificate)
    certificate.pdf.open("rb")
    assert certificate.pdf.read() == stored
    assert client.get(verify_url(certificate)).content == page
    # Drawn again from the frozen fields, it still prints the old facts.
    text = pdf_text(render_certificate_pdf(certificate))
    assert "ชื่อใหม่" not in text and "แบบใหม่" not in text
    assert without_sara_am(certificate.course_title) in without_sara_am(text)


# --- Downloads ----------------------------------------------------------------------


def download_url(certificate):
    return reverse("certificates:download", args=[certificate.enrollment_id])


def test_owner_downloads_the_pdf_rendered_once(client, certificate):
    client.force_login(certificate.user)
    first = client.get(download_url(certificate))
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    body = b"".join(first.streaming_content)
    assert body.startswith(b"%PDF-")
    name = Certificate.objects.get(pk=certificate.pk).pdf.name
    second = client.get(download_url(certificate))
    assert b"".join(second.streaming_content) == body
    assert Certificate.objects.get(pk=certificate.pk).pdf.name == name


@pytest.mark.parametrize(
    "who", ["other_learner", "other_center_staff", "other_province_admin", "trainer_of_center"]
)
def test_others_get_404_for_the_pdf(client, certificate, who):
    other_center = CenterFactory(province=province("10"))
    user = {
        "other_learner": lambda: UserFactory(home_center=certificate.center),
        "other_center_staff": lambda: staff_of(other_center),
        "other_province_admin": lambda: (
            MembershipFactory(role=Role.PROVINCIAL_ADMIN, center=None, province=province("10")).user
        ),
        "trainer_of_center": lambda: staff_of(certificate.center, Role.CENTER_TRAINER),
    }[who]()
    client.force_login(user)
    assert client.get(download_url(certificate)).status_code == 404
    assert client.get(reverse("certificates:pdf", args=[certificate.pk])).status_code == 404


@pytest.mark.parametrize("who", ["center_staff", "province_admin", "national_admin", "superuser"])
def test_staff_of_the_center_and_admins_may_download(client, certificate, who):
    user = {
        "center_staff": lambda: staff_of(certificate.center),
        "province_admin": lambda: (
            MembershipFactory(
                role=Role.PROVINCIAL_ADMIN, center=None, province=certificate.center.province
            ).user
        ),
        "national_admin": lambda: MembershipFactory(role=Role.NATIONAL_ADMIN, center=None).user,
        "superuser": lambda: UserFactory(is_superuser=True, is_staff=True),
    }[who]()
    client.force_login(user)
    assert client.get(download_url(certificate)).status_code == 200


def test_anonymous_is_sent_to_login(client, certificate):
    response = client.get(download_url(certificate))
    assert response.status_code == 302 and "login" in response.url


def test_owner_cannot_download_a_revoked_certificate(client, certificate):
    services.certificate_revoke(certificate=certificate, reason="ผิดพลาด")
    client.force_login(certificate.user)
    assert client.get(reverse("certificates:pdf", args=[certificate.pk])).status_code == 404


def test_download_link_partial_points_to_the_download(certificate):
    from django.template.loader import render_to_string

    html = render_to_string(
        "certificates/includes/download_link.html", {"enrollment": certificate.enrollment}
    )
    assert download_url(certificate) in html


# --- Staff --------------------------------------------------------------------------


def test_staff_list_shows_only_their_centers(client, default_template, django_assert_max_num_queries):
    mine = services.certificate_issue(enrollment=completed_enrollment())
    theirs = services.certificate_issue(enrollment=completed_enrollment())
    for _ in range(10):
        services.certificate_issue(enrollment=completed_enrollment(center=mine.center))
    client.force_login(staff_of(mine.center))
    client.get(reverse("certificates:staff_list"))  # first visit creates site settings
    # A fixed number of queries, however many certificates the page lists.
    # (+1: the two-factor middleware checks for an authenticator on every staff page.)
    with django_assert_max_num_queries(17):
        html = client.get(reverse("certificates:staff_list")).content.decode()
    assert mine.serial in html and theirs.serial not in html


def test_staff_list_filters_by_status(client, default_template):
    center = CenterFactory()
    valid = services.certificate_issue(enrollment=completed_enrollment(center=center))
    revoked = services.certificate_issue(enrollment=completed_enrollment(center=center))
    services.certificate_revoke(certificate=revoked, reason="ผิด")
    client.force_login(staff_of(center))
    html = client.get(reverse("certificates:staff_list"), {"status": "revoked"}).content.decode()
    assert revoked.serial in html and valid.serial not in html


def test_learners_get_404_for_staff_pages(client, certificate):
    client.force_login(certificate.user)
    assert client.get(reverse("certificates:staff_list")).status_code == 404


def test_staff_revoke_and_reissue(client, certificate):
    client.force_login(staff_of(certificate.center))
    url = reverse("certificates:staff_revoke", args=[certificate.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    certificate.refresh_from_db()
    assert certificate.is_valid

    response = client.post(reverse("certificates:staff_reissue", args=[certificate.pk]))
    new = Certificate.objects.get(replaces=certificate)
    assert response.url == reverse("certificates:staff_detail", args=[new.pk])

    client.post(reverse("certificates:staff_revoke", args=[new.pk]), {"reason": "ออกให้ผิดคน"})
    new.refresh_from_db()
    assert new.status == "revoked" and new.revoked_reason == "ออกให้ผิดคน"


def test_other_center_staff_cannot_revoke(client, certificate):
    client.force_login(staff_of(CenterFactory()))
    response = client.post(reverse("certificates:staff_revoke", args=[certificate.pk]), {"reason": "x"})
    assert response.status_code == 404
    certificate.refresh_from_db()
    assert certificate.is_valid
