import pytest

from tests.factories.certificates import CertificateTemplateFactory


@pytest.fixture
def default_template(db):
    return CertificateTemplateFactory()
