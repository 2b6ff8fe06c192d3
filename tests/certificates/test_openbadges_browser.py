"""In a real Chromium: the learner's certificate page in Thai, and the digital
certificate it downloads verifies with a library we did not write."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from certificates import services
from tests.certificates.openbadges_tools import verify_with_pyjwt
from tests.factories.certificates import CertificateTemplateFactory, completed_enrollment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_learner_sees_thai_certificate_page_and_downloads_the_credential(
    live_server, page, login_browser, settings, client
):
    settings.SITE_URL = settings.CERTIFICATES_SITE_URL = live_server.url
    CertificateTemplateFactory()
    enrollment = completed_enrollment()
    certificate = services.certificate_issue(enrollment=enrollment)
    login_browser(enrollment.user)

    page.goto(live_server.url + reverse("courses:dashboard"))
    page.get_by_role("link", name="เกียรติบัตรของฉัน").first.click()
    expect(page.get_by_role("heading", name="เกียรติบัตรของฉัน")).to_be_visible()
    expect(page.get_by_text(certificate.course_title)).to_be_visible()
    expect(page.get_by_role("heading", name="เกียรติบัตรดิจิทัล (Open Badges)")).to_be_visible()
    expect(page.get_by_text("ตรวจสอบได้เองว่าเป็นเกียรติบัตรจริงโดยไม่ต้องเข้าเว็บไซต์นี้")).to_be_visible()

    with page.expect_download() as info:
        page.get_by_role("link", name="ดาวน์โหลดเกียรติบัตรดิจิทัล").click()
    download = info.value
    assert download.suggested_filename == f"certificate-{certificate.serial}.jwt"
    token = Path(download.path()).read_text()
    payload = verify_with_pyjwt(token, client)
    assert payload["credentialSubject"]["achievement"]["name"] == certificate.course_title
