"""The certificate's QR code: segno draws it as inline SVG, WeasyPrint puts it in the PDF.

Two costs of a printed QR code are paid once instead of on every page:

- **The mask.** The QR standard picks the most readable of eight mask patterns by
  drawing and scoring each, about 6 ms of pure Python. :func:`qr_mask_for` makes that
  choice when a certificate is issued; it is stored in ``Certificate.qr_mask`` and
  :func:`qr_svg` reuses it, so a reprint draws the same code without the search.
- **The path.** segno draws the modules as one SVG path of a few hundred short strokes
  (``M2 2.5h7m1 0h2…``). WeasyPrint's general path parser spends about 7 µs on each
  command, a third of a certificate's drawing time. :func:`install_qr_path_drawing`
  gives WeasyPrint a drawer for exactly that kind of path, which issues the same
  ``moveto``/``lineto`` operators. Any other path, and any QR path that does not match
  the expected form exactly, goes to WeasyPrint's own parser.
  ``tests/certificates/test_qr.py`` requires both drawers to give identical pages.
- **The SVG text.** segno's SVG writer formats each stroke through a generator per
  module (about 2 ms a code); :func:`qr_svg` writes the same string from the runs of
  dark modules in each row. ``tests/certificates/test_qr.py`` requires it to equal
  segno's ``svg_inline`` character for character.
"""

import logging
import re

import segno

logger = logging.getLogger(__name__)

ERROR_LEVEL = "m"  # 15% of the code can be lost (a crease, a stain) and it still reads
BORDER = 2  # modules of quiet zone, inside the printed square
QR_PATH_CLASS = "qrline"  # the class segno gives its path

_NUMBER = r"-?\d+(?:\.\d+)?"
# segno's path: one absolute move, then relative moves and horizontal lines.
_QR_PATH = re.compile(rf"M{_NUMBER} {_NUMBER}(?:h{_NUMBER}|m{_NUMBER} {_NUMBER})*")
_QR_COMMAND = re.compile(rf"([Mmh])({_NUMBER})(?: ({_NUMBER}))?")
_MARKER_ATTRIBUTES = ("marker", "marker-start", "marker-mid", "marker-end")
_DARK_RUN = re.compile(rb"\x01+")  # a run of dark modules in a row of segno's matrix


def qr_mask_for(url: str) -> int:
    """The data mask the QR standard picks for ``url``: the most readable of the eight."""
    return segno.make(url, error=ERROR_LEVEL).mask


def qr_svg(url: str, *, mask: int | None = None) -> str:
    """The QR code of ``url`` as inline SVG (no file, nothing to fetch).

    ``mask`` is the stored choice of :func:`qr_mask_for`; without it segno chooses.
    """
    qr = segno.make(url, error=ERROR_LEVEL, mask=mask)
    return _svg_inline(qr.matrix, BORDER)


def _svg_inline(matrix, border: int) -> str:
    """``qr.svg_inline(omitsize=True, border=border, dark="#000")``, written faster.

    segno's path: each run of dark modules is a horizontal stroke along the middle of
    its row, ``M``/``m`` to its start relative to the end of the previous stroke, then
    ``h`` its length.
    """
    size = len(matrix) + 2 * border
    strokes = []
    end_x = end_row = 0  # where the previous stroke ended: column, row
    for row_number, row in enumerate(matrix):
        for run in _DARK_RUN.finditer(row):
            start, end = run.span()
            if strokes:
                strokes.append(f"m{start - end_x} {row_number - end_row}h{end - start}")
            else:  # from the origin to the middle of the row
                strokes.append(f"M{border + start} {border + 0.5 + row_number}h{end - start}")
            end_x, end_row = end, row_number
    return (
        f'<svg viewBox="0 0 {size} {size}" class="segno"><path class="{QR_PATH_CLASS}" '
        f'stroke="#000" d="{"".join(strokes)}"/></svg>'
    )


def draws_fast(node) -> bool:
    """Whether ``node`` is a QR path that :func:`draw_qr_path` draws exactly."""
    return (
        node.get("class") == QR_PATH_CLASS
        and not any(node.get(name) for name in _MARKER_ATTRIBUTES)
        and _QR_PATH.fullmatch(node.get("d", "")) is not None
    )


def _number(value: float) -> bytes:
    """``value`` written as pydyf writes a float in a content stream."""
    if value.is_integer():
        return str(int(value)).encode("ascii")
    return f"{value:f}".rstrip("0").encode("ascii")


def draw_qr_path(svg, node) -> None:
    """Add segno's QR path to WeasyPrint's stream, as WeasyPrint's parser would.

    The operators are the bytes pydyf's ``move_to``/``line_to`` would write, one a line,
    added to the stream as one item: the stream's content is the same, without a few
    hundred method calls and number conversions per page.
    """
    numbers: dict[float, bytes] = {}

    def number(value: float) -> bytes:
        if value not in numbers:
            numbers[value] = _number(value)
        return numbers[value]

    operators = [b"0 0 m"]  # WeasyPrint's parser starts every path here too
    x = y = 0.0
    for letter, first, second in _QR_COMMAND.findall(node.get("d", "")):
        if letter == "h":
            x += float(first)
            operators.append(number(x) + b" " + number(y) + b" l")
        else:
            if letter == "m":
                x += float(first)
                y += float(second)
            else:
                x, y = float(first), float(second)
            operators.append(number(x) + b" " + number(y) + b" m")
    svg.stream.stream.append(b"\n".join(operators))


def install_qr_path_drawing() -> bool:
    """Route WeasyPrint's ``<path>`` drawing through :func:`draw_qr_path` for QR paths.

    Idempotent. WeasyPrint has no public hook for this: its SVG drawers are a table,
    ``weasyprint.svg.TAGS``. If a WeasyPrint upgrade changes that table, nothing is
    installed, a warning is logged and certificates print as before, only slower.
    Returns whether the fast drawer is in place.
    """
    try:
        from weasyprint import svg as weasyprint_svg
        from weasyprint.svg.path import path as weasyprint_path
    except ImportError:  # pragma: no cover - depends on WeasyPrint's layout
        logger.warning("WeasyPrint's SVG path drawer moved; QR codes use the general parser.")
        return False
    tags = getattr(weasyprint_svg, "TAGS", None)
    current = tags.get("path") if isinstance(tags, dict) else None
    if getattr(current, "draws_qr_paths", False):
        return True
    if current is not weasyprint_path:
        logger.warning("WeasyPrint's SVG path drawer changed; QR codes use the general parser.")
        return False

    def path(svg, node, font_size):
        if draws_fast(node):
            draw_qr_path(svg, node)
        else:
            weasyprint_path(svg, node, font_size)

    path.draws_qr_paths = True
    path.general = weasyprint_path
    tags["path"] = path
    return True
