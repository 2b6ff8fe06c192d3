"""Every placeholder of a template's body is text, never markup: hostile markup in the
course title, the center name and the learner's first name is printed literally, and
nothing it names is fetched or embedded."""

import logging

import pytest

from certificates import services
from certificates.rendering import render_certificate_pdf
from tests.certificates.pdftools import page_count, pdf_attachments, pdf_text, without_marks
from tests.factories import CenterFactory, UserFactory
from tests.factories.certificates import CertificateTemplateFactory, completed_enrollment, course_page

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<b>ตัวหนา</b><script>alert(1)</script>",
    '<link rel="attachment" href="file:///etc/passwd">',
    '<img src="file:///etc/hostname">',
    "</p><style>body{background:url(http://127.0.0.1:9/x.png)}</style>",
    "{name}{course}<i>{center}</i>",
]
# Every placeholder of the body, each beside markup of the template's own.
BODY = "<h1>{name}</h1> ผ่านหลักสูตร {course}\nณ {center} เมื่อ {date} {hours} ชั่วโมง <u>ขีดเส้น</u>"


def flat(text: str) -> str:
    return "".join(without_marks(text).split())


@pytest.mark.parametrize("markup", HOSTILE)
def test_markup_in_course_center_and_first_name_is_printed_as_typed(markup, caplog):
    CertificateTemplateFactory(body=BODY)
    center = CenterFactory(name=f"ศูนย์{markup}")
    user = UserFactory(title="นาย", first_name=f"ชื่อ{markup}", last_name="ทดสอบ", home_center=center)
    course = course_page(title=f"หลักสูตร{markup}")
    certificate = services.certificate_issue(
        enrollment=completed_enrollment(user=user, course=course, center=center)
    )
    with caplog.at_level(logging.DEBUG, logger="certificates.rendering"):
        pdf = render_certificate_pdf(certificate)

    asked = [r.getMessage() for r in caplog.records if r.name == "certificates.rendering"]
    assert not [line for line in asked if "/etc/" in line or "http" in line]
    assert b"/EmbeddedFile" not in pdf and pdf_attachments(pdf).strip() in ("", "0 embedded files")
    assert page_count(pdf) == 1
    text = flat(pdf_text(pdf))
    for printed in (f"ชื่อ{markup}", f"หลักสูตร{markup}", f"ศูนย์{markup}", "<h1>", "<u>ขีดเส้น</u>"):
        assert flat(printed) in text, printed
