"""The template snippet in the Wagtail admin: version bump on edit, PDF preview."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from certificates.models import CertificateTemplate
from tests.certificates.pdftools import page_count, pdf_text, without_sara_am
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def form_data(template, **changes):
    data = {
        "title": template.title,
        "body": template.body,
        "primary_colour": template.primary_colour,
        "text_colour": template.text_colour,
        "border_colour": template.border_colour,
        "use_thai_digits": "on",
        "is_default": "on",
        "signatories": inline_formset(
            [
                {"id": s.pk, "name": s.name, "position": s.position, "ORDER": str(i)}
                for i, s in enumerate(template.signatories.all())
            ],
            initial=template.signatories.count(),
        ),
    }
    data.update(changes)
    return nested_form_data(data)


def test_editing_a_template_counts_a_new_version(admin_client, default_template):
    before = default_template.version
    url = reverse("wagtailsnippets_certificates_certificatetemplate:edit", args=[default_template.pk])
    response = admin_client.post(url, form_data(default_template, title="เกียรติบัตรใหม่"))
    assert response.status_code == 302
    template = CertificateTemplate.objects.get(pk=default_template.pk)
    assert template.title == "เกียรติบัตรใหม่"
    assert template.version == before + 1


def test_invalid_colour_is_refused_and_changes_nothing(admin_client, default_template):
    url = reverse("wagtailsnippets_certificates_certificatetemplate:edit", args=[default_template.pk])
    response = admin_client.post(url, form_data(default_template, primary_colour="red;} body{x"))
    assert response.status_code == 200
    assert CertificateTemplate.objects.get(pk=default_template.pk).primary_colour == "#1d4e89"


def test_admin_preview_renders_a_sample_pdf_of_unsaved_edits(admin_client, default_template):
    url = reverse(
        "wagtailsnippets_certificates_certificatetemplate:preview_on_edit", args=[default_template.pk]
    )
    response = admin_client.post(url, form_data(default_template, title="ตัวอย่างหัวเรื่อง"))
    assert response.json()["is_valid"] is True
    response = admin_client.get(url)
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert page_count(pdf) == 1
    text = without_sara_am(pdf_text(pdf))
    assert "ตัวอย่างหัวเรื่อง" in text and "ตัวอย่าง ใจงาม" in text
    assert CertificateTemplate.objects.get(pk=default_template.pk).title == default_template.title
