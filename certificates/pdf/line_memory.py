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
            layout.drawing = Drawing()  # shared by the copies: drawn once, replayed
            lines[key] = (style, copy.copy(layout), tuple(rest))
            return answer
        _style, layout, rest = remembered
        return (copy.copy(layout), *rest)

    split_first_line.remembers_lines = True
    split_first_line.general = general
    return split_first_line


class Drawing:
    """How WeasyPrint drew a remembered line: the calls it made on the page's stream.

    Recorded the first time one of the line's boxes is drawn, replayed for the others
    (each at its own position): the same operators, without bringing the Pango layout
    back and walking its glyphs again. ``calls`` is ``None`` until recorded, and
    ``False`` when the line drew something that is not only text (an underline, an
    emoji): such a line is always drawn by WeasyPrint.
    """

    __slots__ = ("calls", "fonts")

    def __init__(self):
        self.calls = None
        self.fonts = ()


# The stream methods a line of plain text calls (draw/text.py: draw_text and
# draw_first_line), and the attributes it reads; anything else is not replayed.
_REPLAYED = frozenset(
    {"set_color", "begin_text", "set_text_matrix", "set_font_size", "show_text", "set_text_rise", "end_text"}
)
_READ = frozenset({"add_font", "ink_rect", "logical_rect"})


class _Recorder:
    """A page's stream that notes the calls made on it."""

    def __init__(self, stream):
        self._stream = stream
        self.calls = []
        self.fonts = []
        self.replayable = True

    def __getattr__(self, name):
        value = getattr(self._stream, name)
        if name == "add_font":

            def add_font(pango_font):
                font, size = value(pango_font)
                self.fonts.append(font)
                return font, size

            return add_font
        if name in _REPLAYED:

            def call(*args, **kwargs):
                self.calls.append((name, args, kwargs))
                return value(*args, **kwargs)

            return call
        if name not in _READ:
            self.replayable = False
        return value


def _drawing_from_memory(general, matrix_class):
    """WeasyPrint's ``draw_text`` (``general``), replaying a remembered line's drawing."""

    def draw_text(stream, textbox, offset_x, text_overflow, block_ellipsis="none"):
        drawing = getattr(getattr(textbox, "pango_layout", None), "drawing", None)
        if drawing is None or drawing.calls is False or text_overflow != "clip" or block_ellipsis != "none":
            return draw_text.general(stream, textbox, offset_x, text_overflow, block_ellipsis)
        if drawing.calls is None:
            recorder = _Recorder(stream)
            draw_text.general(recorder, textbox, offset_x, text_overflow, block_ellipsis)
            drawing.calls = recorder.calls if recorder.replayable else False
            drawing.fonts = tuple(recorder.fonts)
            return None
        fonts = getattr(stream, "_fonts", None)
        if fonts is None or not all(any(font is known for known in fonts.values()) for font in drawing.fonts):
            # Another document's fonts (or WeasyPrint changed): draw it anew.
            return draw_text.general(stream, textbox, offset_x, text_overflow, block_ellipsis)
        for name, args, kwargs in drawing.calls:
            if name == "set_text_matrix":  # the only call that depends on where the line is
                x, y = textbox.position_x, textbox.position_y + textbox.baseline
                args = matrix_class(d=-1, e=x, f=y).values
            getattr(stream, name)(*args, **kwargs)
        return None

    draw_text.replays_lines = True
    draw_text.general = general
    return draw_text


def _install(module, name: str, original, marker: str, build, *, what: str, effect: str) -> bool:
    """Put ``build()`` at ``module.name`` if that name still holds WeasyPrint's
    ``original`` (idempotent: a function carrying ``marker`` is ours already); otherwise
    log that WeasyPrint's ``what`` changed and leave it alone. Returns whether ours is in
    place."""
    current = getattr(module, name, None)
    if getattr(current, marker, False):
        return True
    if current is not original:
        logger.warning("WeasyPrint's %s changed; certificate lines are %s on every page.", what, effect)
        return False
    setattr(module, name, build())
    return True


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
    return _install(
        inline,
        "split_first_line",
        weasyprint_split_first_line,
        "remembers_lines",
        lambda: _remembering(weasyprint_split_first_line),
        what="line breaking",
        effect="laid out",
    )


def install_line_drawing_memory() -> bool:
    """Route WeasyPrint's drawing of text through :class:`Drawing` replays. Idempotent.

    Returns whether it is in place.
    """
    try:
        from weasyprint import draw
        from weasyprint.draw.text import draw_text as weasyprint_draw_text
        from weasyprint.matrix import Matrix
    except ImportError:  # pragma: no cover - depends on WeasyPrint's layout
        logger.warning("WeasyPrint's text drawing moved; certificate lines are drawn on every page.")
        return False
    return _install(
        draw,
        "draw_text",
        weasyprint_draw_text,
        "replays_lines",
        lambda: _drawing_from_memory(weasyprint_draw_text, Matrix),
        what="text drawing",
        effect="drawn",
    )
