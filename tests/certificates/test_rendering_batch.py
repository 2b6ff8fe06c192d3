"""What makes a class of certificates fast to print, and that it changes nothing drawn.

A batch is laid out by WeasyPrint as one document. Two things make it fast: pages carry
classes instead of ``style`` attributes (so WeasyPrint shares one page's computed styles
with the next), and a user-agent stylesheet cut down to our elements. The QR code's mask
is chosen at issue and stored. These tests hold each of them to drawing exactly what
WeasyPrint's defaults and segno's own search draw.
"""

import gc
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage
from weasyprint import HTML

from certificates import rendering, services
from certificates.models import Certificate
from certificates.qr import qr_mask_for, qr_svg
from certificates.rendering import (
    CertificateHTML,
    SafeURLFetcher,
    certificates_html,
    render_certificates_pdf,
    verification_url,
)
from tests.certificates.pdftools import page_pixels, qr_codes
from tests.factories.certificates import completed_enrollment

pytestmark = pytest.mark.django_db

RED = "#dd0000"


def _media_image(name: str, size: tuple[int, int], colour: tuple[int, int, int]) -> str:
    """A PNG saved in the media storage; its name there, as a design stores it."""
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return default_storage.save(f"test-certificates/{name}", ContentFile(buffer.getvalue()))


def a_class_of_certificates() -> list[Certificate]:
    """Unsaved certificates as varied as a batch gets: three designs, none to three
    signatures (with images), a logo, a background, a very long name."""
    logo = _media_image("logo.png", (60, 60), (29, 78, 137))
    background = _media_image("background.png", (297, 210), (253, 246, 227))
    signature = _media_image("signature.png", (120, 40), (20, 20, 20))
    plain = {"title": "เกียรติบัตร", "body": "ผ่านการอบรมหลักสูตร {course}\nจำนวน {hours} ชั่วโมง"}
    designs = [
        plain,
        {**plain, "primary_colour": RED, "text_colour": "#003300", "border_colour": "#0000ff"},
        {**plain, "logo": logo, "background": background, "use_thai_digits": False},
    ]
    signatories = [
        {"name": "นายสมชาย ผู้อำนวยการ", "position": "ผู้อำนวยการศูนย์", "signature": signature},
        {"name": "นางสาวมาลี วิทยากร", "position": "วิทยากร", "signature": ""},
        {"name": "นายอำเภอ สันทราย", "position": "นายอำเภอ", "signature": signature},
    ]
    names = ["สมชาย ใจดี", "ประภาพรรณ ศรีสุวรรณวงศ์", "บุญมี มีสุข " * 8, "ศรีสุดา รักเรียน"]
    certificates = []
    for number in range(8):
        code = f"ABCD-EFGH-JKLM-NP{number:02d}"
        certificates.append(
            Certificate(
                serial_year=2569,
                serial_number=number + 1,
                serial=f"2569-{number + 1:06d}",
                verification_code=code,
                qr_mask=qr_mask_for(verification_url(code)),
                learner_title="นาย",
                learner_name=names[number % len(names)],
                course_title="การขายสินค้าออนไลน์",
                center_name="ศูนย์ดิจิทัลชุมชน กศน.อำเภอสันทราย",
                completed_on=date(2026, 11, 27),
                hours=Decimal("6"),
                signatories=signatories[: number % 4],
                design=designs[number % len(designs)],
            )
        )
    return certificates


def _draw(html_class, html: str) -> bytes:
    base_url = Path(settings.MEDIA_ROOT).resolve().as_uri() + "/"
    document = html_class(string=html, base_url=base_url, url_fetcher=SafeURLFetcher()).render(
        font_config=rendering._font_config()
    )
    return document.write_pdf()


def test_the_lean_user_agent_sheet_draws_what_weasyprints_own_draws():
    html = certificates_html(a_class_of_certificates(), title="ชุดทดสอบ", author="ศูนย์")

    lean = page_pixels(_draw(CertificateHTML, html))
    full = page_pixels(_draw(HTML, html))

    assert len(lean) == len(full) == 8
    different = [
        number for number, (ours, theirs) in enumerate(zip(lean, full, strict=True), 1) if ours != theirs
    ]
    assert different == []


def test_pages_carry_classes_not_style_attributes():
    """WeasyPrint never shares the computed style of an element with a style attribute."""
    certificates = a_class_of_certificates()
    html = certificates_html(certificates, title="ชุดทดสอบ", author="ศูนย์")

    assert " style=" not in html
    # One rule per design, per name size and per number of signatures, not per page.
    assert html.count(f"color: {RED}") == 1
    assert html.count('class="sheet c1"') == 3  # the pages with the second design


def _red_pixels(pixels: bytes) -> int:
    return sum(
        1
        for index in range(0, len(pixels), 3)
        if pixels[index] > 180 and pixels[index + 1] < 80 and pixels[index + 2] < 80
    )


def test_each_page_is_drawn_in_its_own_designs_colours():
    certificates = a_class_of_certificates()[:3]  # plain, red heading, plain with images

    pages = page_pixels(render_certificates_pdf(certificates))

    assert [_red_pixels(page) > 200 for page in pages] == [False, True, False]


def test_issue_stores_the_mask_the_qr_standard_chooses(default_template):
    certificate = services.certificate_issue(enrollment=completed_enrollment())

    url = verification_url(certificate.verification_code)
    certificate.refresh_from_db()
    assert certificate.qr_mask == segno.make(url, error="m").mask
    assert qr_codes(rendering.render_certificate_pdf(certificate)) == [url]


def test_a_reissued_certificate_gets_the_mask_of_its_own_code(default_template):
    old = services.certificate_issue(enrollment=completed_enrollment())

    new = services.certificate_reissue(certificate=old)

    assert new.qr_mask == segno.make(verification_url(new.verification_code), error="m").mask


def test_a_certificate_issued_before_masks_were_stored_prints_the_same_qr_code():
    stored, older = a_class_of_certificates()[:2]
    older.verification_code = stored.verification_code
    older.qr_mask = None

    assert rendering.certificate_context(stored)["qr"] == rendering.certificate_context(older)["qr"]


def test_rendering_draws_the_stored_mask():
    certificate = a_class_of_certificates()[0]
    url = verification_url(certificate.verification_code)
    certificate.qr_mask = (qr_mask_for(url) + 1) % 8  # not segno's choice: still a valid code

    drawn = rendering.certificate_context(certificate)["qr"]

    assert drawn == qr_svg(url, mask=certificate.qr_mask)
    assert drawn != qr_svg(url)


def test_each_page_is_bookmarked_with_the_learners_name():
    """Staff find a learner in a batch of 500 from the PDF's outline."""
    from pypdf import PdfReader

    certificates = a_class_of_certificates()[:4]

    outline = PdfReader(io.BytesIO(render_certificates_pdf(certificates))).outline

    assert [entry.title for entry in outline] == [" ".join(c.printed_name.split()) for c in certificates]


def test_a_batch_runs_the_garbage_collector_less_often_and_puts_it_back():
    """Python's collector, at its default, was a tenth of a batch's time (docs/certificates.md)."""
    before = gc.get_threshold()
    during = []

    render_certificates_pdf(
        a_class_of_certificates()[:2],
        chunk_size=1,
        on_progress=lambda done: during.append(gc.get_threshold()),
    )

    assert [threshold[0] for threshold in during] == [rendering.RENDER_GC_THRESHOLD] * 2
    assert [threshold[1:] for threshold in during] == [before[1:]] * 2
    assert gc.get_threshold() == before


def test_a_failed_batch_puts_the_garbage_collector_back():
    before = gc.get_threshold()

    def stop(done):
        raise RuntimeError("the task was cancelled")

    with pytest.raises(RuntimeError):
        render_certificates_pdf(a_class_of_certificates()[:1], on_progress=stop)

    assert gc.get_threshold() == before
