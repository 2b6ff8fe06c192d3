"""Lines of text laid out once per document, however many pages repeat them.

Most lines of a class's certificates are the same on every page: the heading, "this is
to certify that", the body, the date, the signatories, "verification code". WeasyPrint
asks Pango again for each of them on every page (``split_first_line``: how much of this
text fits in this width, with this style?). Its answer depends only on the question:
the text, the computed style, the width and three flags. Within one document, pages of
a class share their computed style objects (``rendering._page_classes``), so the same
question comes back with the same style object, and :func:`split_first_line` answers it
from memory.

WeasyPrint has no public hook for this: its inline layout calls the function by the name
``weasyprint.layout.inline.split_first_line``. :func:`install_line_memory` puts ours
there, only if that name still holds WeasyPrint's own function; otherwise it logs a
warning and lines are laid out as before, only slower. Outside :func:`remembered_lines`
(anything WeasyPrint renders that is not a certificate) ours calls WeasyPrint's at
once. ``tests/certificates/test_rendering_batch.py`` requires the same pixels with and
without it.

The memory lives for one document: style objects are the document's, and each entry
holds its style so that no other style can take its ``id`` meanwhile. A remembered
answer's layout object is copied for each line: WeasyPrint keeps it on the line's box
and brings its Pango layout back to life when the line is drawn.
"""

import contextlib
import copy
import logging
import threading

logger = logging.getLogger(__name__)

_state = threading.local()


@contextlib.contextmanager
def remembered_lines():
    """Within: a line WeasyPrint has laid out in this thread is not laid out again."""
    outer = getattr(_state, "lines", None)
    _state.lines = {}
    try:
        yield
    finally:
        _state.lines = outer


def _remembering(general):
    """WeasyPrint's ``split_first_line`` (``general``), answering from memory when it can."""

    def split_first_line(
        text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False
    ):
        lines = getattr(_state, "lines", None)
        if lines is None:
            return split_first_line.general(
                text, style, context, max_width, justification_spacing, is_line_start, minimum
            )
        key = (text, id(style), max_width, justification_spacing, is_line_start, minimum)
        remembered = lines.get(key)
        if remembered is None:
            answer = split_first_line.general(
                text, style, context, max_width, justification_spacing, is_line_start, minimum
            )
            layout, *rest = answer
            lines[key] = (style, copy.copy(layout), tuple(rest))
            return answer
        _style, layout, rest = remembered
        return (copy.copy(layout), *rest)

    split_first_line.remembers_lines = True
    split_first_line.general = general
    return split_first_line


def install_line_memory() -> bool:
    """Route WeasyPrint's inline layout through :func:`remembered_lines`' memory.

    Idempotent. Returns whether it is in place.
    """
    try:
        from weasyprint.layout import inline
        from weasyprint.text.line_break import split_first_line as weasyprint_split_first_line
    except ImportError:  # pragma: no cover - depends on WeasyPrint's layout
        logger.warning("WeasyPrint's line breaking moved; certificate lines are laid out on every page.")
        return False
    current = getattr(inline, "split_first_line", None)
    if getattr(current, "remembers_lines", False):
        return True
    if current is not weasyprint_split_first_line:
        logger.warning("WeasyPrint's line breaking changed; certificate lines are laid out on every page.")
        return False
    inline.split_first_line = _remembering(weasyprint_split_first_line)
    return True
