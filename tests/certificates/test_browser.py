"""In a real Chromium: a learner downloads their certificate, and a typed code is checked."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from certificates import services
from tests.certificates.pdftools import pdf_text, qr_codes, without_sara_am
from tests.factories.certificates import CertificateTemplateFactory, completed_enrollment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_learner_downloads_certificate_and_its_code_checks_valid(live_server, page, login_browser, settings):
    settings.SITE_URL = settings.CERTIFICATES_SITE_URL = live_server.url
    CertificateTemplateFactory()
    enrollment = completed_enrollment()
    certificate = services.certificate_issue(enrollment=enrollment)
    login_browser(enrollment.user)

    response = page.request.get(live_server.url + reverse("certificates:download", args=[enrollment.pk]))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    assert without_sara_am(enrollment.user.first_name) in without_sara_am(pdf_text(pdf))
    (url,) = qr_codes(pdf)

    page.goto(url)
    expect(page.get_by_text("เกียรติบัตรนี้ใช้ได้")).to_be_visible()

    page.goto(live_server.url + reverse("certificates:verify_form"))
    page.get_by_label("รหัสตรวจสอบ").fill(certificate.verification_code.lower().replace("-", " "))
    page.get_by_role("button", name="ตรวจสอบ").click()
    expect(page.get_by_text("เกียรติบัตรนี้ใช้ได้")).to_be_visible()
    expect(page.locator("dd").first).to_have_text(certificate.printed_name)
