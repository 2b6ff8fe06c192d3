"""The QR code: its stored mask, and the fast drawer of segno's path inside WeasyPrint."""

import logging

import pytest
import segno
import weasyprint
import weasyprint.svg
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from weasyprint.svg.path import path as general_path

from certificates.qr import BORDER, ERROR_LEVEL, draws_fast, install_qr_path_drawing, qr_mask_for, qr_svg
from tests.certificates.pdftools import page_pixels, qr_codes

URLS = [
    "https://lms.example.th/verify/K7M2-QPXA-9RT4-WZ3B/",
    "http://127.0.0.1:8000/verify/ABCD-EFGH-JKLM-NPQR/",
    "https://ศูนย์ดิจิทัลชุมชน.example.th/verify/2345-6789-ABCD-EFGH/",  # a longer code
    "https://x.th/v/A/",  # a small one
]


def _page_of(svgs: list[str]) -> bytes:
    cells = "".join(f'<div style="width: 40mm; height: 40mm; margin: 2mm">{svg}</div>' for svg in svgs)
    html = f"<html><head><style>svg {{ width: 40mm; height: 40mm }}</style></head><body>{cells}</body></html>"
    return weasyprint.HTML(string=html).write_pdf()


def test_the_fast_drawer_is_in_place_once_django_has_started():
    assert getattr(weasyprint.svg.TAGS["path"], "draws_qr_paths", False)
    assert install_qr_path_drawing() is True  # idempotent
    assert weasyprint.svg.TAGS["path"].general is general_path


def test_qr_codes_drawn_fast_are_the_pixels_weasyprint_draws(monkeypatch):
    svgs = [qr_svg(url, mask=mask) for url in URLS for mask in (None, 5)]
    assert all(draws_fast(_path_node(svg)) for svg in svgs)

    fast = _page_of(svgs)
    monkeypatch.setitem(weasyprint.svg.TAGS, "path", general_path)
    general = _page_of(svgs)

    assert page_pixels(fast, dpi=150) == page_pixels(general, dpi=150)
    assert qr_codes(_page_of([qr_svg(URLS[0])])) == [URLS[0]]


def _path_node(svg: str):
    """The ``<path>`` of an SVG string as WeasyPrint's SVG drawer sees it."""
    from weasyprint.svg import Node

    tree = weasyprint.svg.ElementTree.fromstring(
        svg.replace('class="segno"', 'xmlns="http://www.w3.org/2000/svg"')
    )
    wrapper = weasyprint.svg.ElementWrapper.from_xml_root(tree)
    return Node(next(child for child in wrapper.iter_subtree() if child.local_name == "path"), {})


@pytest.mark.parametrize(
    "path",
    [
        '<path class="qrline" stroke="#000" d="M2 2.5h7L9 9"/>',  # a command segno never writes
        '<path class="qrline" stroke="#000" d="M2 2.5c1 1 2 2 3 3"/>',
        '<path class="qrline" stroke="#000" marker-end="url(#m)" d="M2 2.5h7"/>',
        '<path class="other" stroke="#000" d="M2 2.5h7"/>',
        '<path class="qrline" stroke="#000" d="M2 2.5h7 m1"/>',  # not segno's spacing
    ],
)
def test_anything_else_goes_to_weasyprints_own_parser(path):
    svg = f'<svg viewBox="0 0 12 12">{path}</svg>'

    assert not draws_fast(_path_node(svg))
    # WeasyPrint's parser draws it (the line shows), and the fast drawer never saw it.
    page = page_pixels(_page_of([svg]))[0]
    assert any(value < 128 for value in page)


def test_a_changed_weasyprint_is_left_alone(monkeypatch, caplog):
    def someone_elses_path(svg, node, font_size):
        return None

    monkeypatch.setitem(weasyprint.svg.TAGS, "path", someone_elses_path)

    with caplog.at_level(logging.WARNING, logger="certificates.qr"):
        installed = install_qr_path_drawing()

    assert installed is False
    assert weasyprint.svg.TAGS["path"] is someone_elses_path
    assert "general parser" in caplog.text


@hypothesis_settings(max_examples=60, deadline=None)
@given(code=st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ23456789", min_size=16, max_size=16))
def test_the_stored_mask_draws_the_qr_code_segno_would_choose(code):
    url = "https://lms.example.th/verify/" + "-".join(code[i : i + 4] for i in range(0, 16, 4)) + "/"

    assert qr_svg(url, mask=qr_mask_for(url)) == qr_svg(url)
    assert draws_fast(_path_node(qr_svg(url)))


@hypothesis_settings(max_examples=60, deadline=None)
@given(
    url=st.one_of(
        st.sampled_from(URLS),
        st.text(min_size=1, max_size=120).map(lambda code: f"https://lms.example.th/verify/{code}/"),
    ),
    mask=st.one_of(st.none(), st.integers(min_value=0, max_value=7)),
)
def test_our_svg_is_segnos_svg_character_for_character(url, mask):
    """``qr_svg`` writes segno's string itself (faster): the same string, so the same code."""
    qr = segno.make(url, error=ERROR_LEVEL, mask=mask)

    assert qr_svg(url, mask=mask) == qr.svg_inline(omitsize=True, border=BORDER, dark="#000")
