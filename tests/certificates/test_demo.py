"""The demo step issues certificates for completed demo enrollments, and can run twice."""

import io

import pytest

from certificates.models import Certificate, CertificateTemplate
from lms.demo import certificates as demo_certificates
from tests.factories.certificates import completed_enrollment

pytestmark = pytest.mark.django_db


def test_demo_step_issues_once_for_completions():
    enrollment = completed_enrollment()
    for _ in range(2):
        demo_certificates.load({}, io.StringIO())
    assert CertificateTemplate.objects.filter(is_default=True).count() == 1
    assert Certificate.objects.filter(enrollment=enrollment).count() == 1
