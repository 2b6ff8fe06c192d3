"""What makes a class of certificates fast to print, and that it changes nothing drawn.

A batch is laid out by WeasyPrint as one document. Two things make it fast: pages carry
classes instead of ``style`` attributes (so WeasyPrint shares one page's computed styles
with the next), and a user-agent stylesheet cut down to our elements. The QR code's mask
is chosen at issue and stored. These tests hold each of them to drawing exactly what
WeasyPrint's defaults and segno's own search draw.
"""

import gc
import io
import logging
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage
from weasyprint import CSS, HTML

from certificates import rendering, services
from certificates.models import Certificate
from certificates.pdf import line_memory
from certificates.pdf.line_memory import install_line_drawing_memory, install_line_memory
from certificates.qr import qr_mask_for, qr_svg
from certificates.rendering import (
    CertificateHTML,
    SafeURLFetcher,
    certificates_html,
    fill_body,
    render_certificate_pdf,
    render_certificates_pdf,
    verification_url,
)
from tests.certificates.pdftools import page_pixels, pdf_text, qr_codes
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


def _draw(html_class, html: str, stylesheet: CSS | None = None) -> bytes:
    """``html`` drawn with the certificate's fixed stylesheet (or ``stylesheet``)."""
    base_url = Path(settings.MEDIA_ROOT).resolve().as_uri() + "/"
    document = html_class(string=html, base_url=base_url, url_fetcher=SafeURLFetcher()).render(
        font_config=rendering._font_config(), stylesheets=[stylesheet or rendering.certificate_stylesheet()]
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


def a_class_with_line_breaks_everywhere() -> list[Certificate]:
    """The varied class, with line breaks in the values, spaces before the body's line
    breaks, and a signatory with no position."""
    certificates = a_class_of_certificates()
    for number, certificate in enumerate(certificates):
        certificate.course_title = "การขาย\nสินค้า  ออนไลน์ " if number % 2 else "การขายสินค้าออนไลน์"
        certificate.design = {
            **certificate.design,
            "body": ["{course}\nจำนวน {hours} ชั่วโมง  \n  ณ {center}", "{course}\n \n{hours}\n\n{center}\n"][
                number % 2
            ],
        }
        certificate.signatories = [
            {
                **signatory,
                "name": signatory["name"].replace(" ", " \n"),
                "position": "" if place else signatory["position"],
            }
            for place, signatory in enumerate(certificate.signatories)
        ]
    return certificates


def _with_br_elements(html: str) -> str:
    """``html`` as the template wrote it before: ``<br>`` elements where the text set in
    ``white-space: pre-line`` (signatures, the QR block, the body's paragraphs) breaks."""

    def breaks_to_br(match):
        return match.group(0).replace("\n", "<br>")

    html = re.sub(r'<p class="signatory [^"]*">.*?</p>', breaks_to_br, html, flags=re.S)
    html = re.sub(r'<div class="proof">.*?</div>', breaks_to_br, html, flags=re.S)
    for body in re.findall(r'<div class="body">.*?</div>', html, flags=re.S):
        html = html.replace(body, re.sub(r"<p>.*?</p>", breaks_to_br, body, flags=re.S))
    return html


def test_line_breaks_are_newlines_in_pre_line_text_not_br_elements():
    """Each <br> cost WeasyPrint a style, a box and a line layout of its own: 15% of a
    class's time (docs/certificates.md)."""
    html = certificates_html(a_class_of_certificates(), title="ชุดทดสอบ", author="ศูนย์")

    assert "<br>" not in html
    # Signatures, QR block, body paragraphs.
    assert rendering.certificate_css_text().count("white-space: pre-line") == 3
    assert "(นายสมชาย ผู้อำนวยการ)\nผู้อำนวยการศูนย์</p>" in html
    assert "<p>ผ่านการอบรมหลักสูตร การขายสินค้าออนไลน์\nจำนวน" in html


def test_pre_line_newlines_draw_what_br_elements_drew():
    html = certificates_html(a_class_with_line_breaks_everywhere(), title="ชุดทดสอบ", author="ศูนย์")
    old_html = _with_br_elements(html)
    old_css = rendering.certificate_css_text().replace(" white-space: pre-line;", "")
    assert old_html.count("<br>") > 20 and "pre-line" not in old_css

    ours = page_pixels(_draw(CertificateHTML, html), dpi=150)
    before = page_pixels(_draw(CertificateHTML, old_html, CSS(string=old_css)), dpi=150)

    assert len(ours) == len(before) == 8
    assert [number for number, (a, b) in enumerate(zip(ours, before, strict=True), 1) if a != b] == []


def test_a_space_before_a_body_line_break_keeps_the_br():
    """pre-line drops spaces before a newline; WeasyPrint centres a line with the space
    before a <br>. Such a line keeps its <br>, and prints where it always did."""
    assert fill_body("หนึ่ง\nสอง", {}) == "<p>หนึ่ง\nสอง</p>"
    assert fill_body("หนึ่ง \nสอง\nสาม", {}) == "<p>หนึ่ง <br>สอง\nสาม</p>"
    assert fill_body("{course}\nสอง", {"course": "วิชา "}) == "<p>วิชา <br>สอง</p>"


def test_a_line_break_inside_a_value_prints_as_a_space():
    """In text set in pre-line a newline breaks the line: values' own line breaks are
    made spaces first, as they printed before."""
    certificate = a_class_of_certificates()[1]
    certificate.course_title = "การขาย\r\nสินค้า\nออนไลน์"
    certificate.signatories = [{"name": "นายสมชาย\nผู้อำนวยการ", "position": "ผู้อำนวยการ\rศูนย์", "signature": ""}]
    certificate.design = {**certificate.design, "body": "หลักสูตร {course}\nจำนวน {hours} ชั่วโมง"}

    lines = pdf_text(render_certificate_pdf(certificate)).splitlines()

    assert "หลักสูตร การขาย สินค้า ออนไลน์" in lines
    assert "(นายสมชาย ผู้อำนวยการ)" in lines
    assert "ผู้อำนวยการ ศูนย์" in lines


@pytest.fixture
def weasyprint_lines(monkeypatch):
    """Counts the lines WeasyPrint's own ``split_first_line`` lays out, and switches the
    line memory off (``off()``) to compare."""
    from weasyprint.layout import inline

    installed = inline.split_first_line
    assert getattr(installed, "remembers_lines", False)
    general = installed.general
    calls = []

    def counting(*args, **kwargs):
        calls.append(args[0])
        return general(*args, **kwargs)

    monkeypatch.setattr(installed, "general", counting)

    def off():
        monkeypatch.setattr(inline, "split_first_line", counting)

    return calls, off


def test_the_line_memory_is_installed_once():
    from weasyprint.layout import inline

    assert getattr(inline.split_first_line, "remembers_lines", False)
    assert install_line_memory() is True  # idempotent


def test_a_line_repeated_on_every_page_is_laid_out_once(weasyprint_lines):
    calls, off = weasyprint_lines
    certificates = a_class_of_certificates()  # eight pages
    lead = "ขอมอบเกียรติบัตรฉบับนี้เพื่อแสดงว่า"

    render_certificates_pdf(certificates)
    remembered = list(calls)
    calls.clear()
    off()
    render_certificates_pdf(certificates)

    # Once for each of the two colour schemes (a class of its own, so a style of its
    # own), not once a page.
    assert (remembered.count(lead), calls.count(lead)) == (2, 8)
    assert len(remembered) < len(calls) - 30


def test_remembered_lines_draw_what_lines_laid_out_again_draw(weasyprint_lines):
    _calls, off = weasyprint_lines
    certificates = a_class_with_line_breaks_everywhere()

    remembered = render_certificates_pdf(certificates)
    off()
    laid_out_again = render_certificates_pdf(certificates)

    ours, theirs = page_pixels(remembered, dpi=150), page_pixels(laid_out_again, dpi=150)
    assert len(ours) == len(theirs) == 8
    assert [number for number, (a, b) in enumerate(zip(ours, theirs, strict=True), 1) if a != b] == []
    assert pdf_text(remembered) == pdf_text(laid_out_again)


def test_lines_are_remembered_only_while_a_certificate_is_laid_out(weasyprint_lines):
    """Anything else WeasyPrint renders in the process lays its lines out as before."""
    calls, _off = weasyprint_lines
    html = "<p>บรรทัดเดียวกัน</p>" * 3

    HTML(string=html).render()

    assert line_memory._state.lines is None
    assert calls.count("บรรทัดเดียวกัน") == 3


def test_a_changed_weasyprint_line_breaking_is_left_alone(monkeypatch, caplog):
    from weasyprint.layout import inline

    def someone_elses_split_first_line(*args, **kwargs):
        return None

    monkeypatch.setattr(inline, "split_first_line", someone_elses_split_first_line)

    with caplog.at_level(logging.WARNING, logger="certificates.pdf.line_memory"):
        installed = install_line_memory()

    assert installed is False
    assert inline.split_first_line is someone_elses_split_first_line
    assert "laid out on every page" in caplog.text


@pytest.fixture
def drawing_memory_off(monkeypatch):
    """Switches the replay of remembered lines' drawing off (``off()``) to compare."""
    from weasyprint import draw

    installed = draw.draw_text
    assert getattr(installed, "replays_lines", False)

    def off():
        monkeypatch.setattr(draw, "draw_text", installed.general)

    return off


def _content_streams(pdf: bytes) -> list[bytes]:
    from pypdf import PdfReader

    return [page.get_contents().get_data() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_a_remembered_line_is_drawn_with_the_same_operators(drawing_memory_off):
    """Replayed at each page's own position: the pages' operators are byte for byte
    those WeasyPrint writes when it walks every line's glyphs again."""
    certificates = a_class_with_line_breaks_everywhere()

    replayed = render_certificates_pdf(certificates)
    drawing_memory_off()
    drawn_again = render_certificates_pdf(certificates)

    assert _content_streams(replayed) == _content_streams(drawn_again)
    assert pdf_text(replayed) == pdf_text(drawn_again)


def test_a_line_drawn_with_more_than_text_is_drawn_anew(drawing_memory_off):
    """An underline is drawn at the line's place by other operators: not replayed."""
    html = (
        "<style>@page { size: A6 } p { text-decoration: underline; font-size: 20pt }</style>"
        + "<p>ขีดเส้นใต้</p>" * 3
    )

    def draw():
        return rendering._document(html, None).write_pdf()

    replayed = draw()
    drawing_memory_off()
    drawn_again = draw()

    assert _content_streams(replayed) == _content_streams(drawn_again)
    assert page_pixels(replayed) == page_pixels(drawn_again)


def test_the_line_drawing_memory_is_installed_once():
    from weasyprint import draw

    assert getattr(draw.draw_text, "replays_lines", False)
    assert install_line_drawing_memory() is True  # idempotent


def test_a_changed_weasyprint_text_drawing_is_left_alone(monkeypatch, caplog):
    from weasyprint import draw

    def someone_elses_draw_text(*args, **kwargs):
        return None

    monkeypatch.setattr(draw, "draw_text", someone_elses_draw_text)

    with caplog.at_level(logging.WARNING, logger="certificates.pdf.line_memory"):
        installed = install_line_drawing_memory()

    assert installed is False
    assert draw.draw_text is someone_elses_draw_text
    assert "drawn on every page" in caplog.text


def test_the_fixed_stylesheet_is_parsed_once_and_each_page_carries_only_its_classes():
    """Every document parsed the fixed rules and faces again: a tenth of one certificate."""
    html = certificates_html(a_class_of_certificates(), title="ชุดทดสอบ", author="ศูนย์")

    assert rendering.certificate_stylesheet() is rendering.certificate_stylesheet()
    assert "@font-face" not in html and ".sheet {" not in html
    assert "@font-face" in rendering.certificate_css_text() and ".sheet {" in rendering.certificate_css_text()
    assert ".c1 h1 { color: #dd0000; }" in html


def test_the_fixed_rules_as_a_user_stylesheet_draw_what_they_drew_in_the_page():
    """The fixed rules used to be the page's own (author) rules, before its classes'."""
    html = certificates_html(a_class_with_line_breaks_everywhere(), title="ชุดทดสอบ", author="ศูนย์")
    inline = html.replace("<style>\n", "<style>\n" + rendering.certificate_css_text(), 1)

    ours = page_pixels(_draw(CertificateHTML, html), dpi=150)
    in_the_page = page_pixels(_draw(CertificateHTML, inline, CSS(string="")), dpi=150)

    assert len(ours) == len(in_the_page) == 8
    assert [number for number, (a, b) in enumerate(zip(ours, in_the_page, strict=True), 1) if a != b] == []
