"""Turning frozen certificates into PDF: pure functions, no database writes.

:func:`render_certificate_pdf` draws one certificate, :func:`render_certificates_pdf`
many (one a page) for batch printing. Both read only the frozen fields of
:class:`~certificates.models.Certificate`, so a certificate prints the same today as on
the day it was issued.

Safety: the HTML comes from a Django template with autoescaping, so every learner
string is text, never markup; and WeasyPrint gets :class:`SafeURLFetcher`, which serves
only files under our media and static folders and refuses everything else.
"""

import contextlib
import functools
import gc
import io
import logging
import mimetypes
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured, SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from pypdf import PdfReader, PdfWriter
from pythainlp.util import arabic_digit_to_thai_digit, thai_strftime
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from certificates.app_settings import app_settings
from certificates.constants import PLACEHOLDERS
from certificates.pdf.glyph_text import ShippedFaceFonts
from certificates.pdf.line_memory import remembered_lines
from certificates.qr import qr_svg

logger = logging.getLogger(__name__)

# The name line: the largest size, the smallest we shrink to, and the width of the line.
NAME_MAX_PT = 34
NAME_MIN_PT = 10
NAME_LINE_WIDTH_PT = 680
# A Thai or Latin character of our faces is about half an em wide on average.
AVERAGE_CHAR_EM = 0.5
# The signature row: the width it has left of the QR code, and one signature's share.
SIGNATORIES_WIDTH_MM = 210
SIGNATORY_MM = 60

# The certificate's face, shipped in our static files (static/fonts/sarabun/README.md),
# under a family name no system font answers: fontconfig never substitutes another face.
FONT_FAMILY = "LMS Sarabun"
FONT_FOLDER = "fonts/sarabun"
# CSS weight → file, for every weight the template uses (normal and bold).
FONT_FILES = {400: "LMSSarabun-Regular.ttf", 700: "LMSSarabun-Bold.ttf"}

_COLOUR_RE = re.compile(r"#[0-9a-fA-F]{6}")
# Line breaks as the HTML parser sees them (it reads \r\n and \r as \n).
_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
# A <br> of Django's linebreaks that no space or tab comes before.
_BREAK_NOT_AFTER_SPACE_RE = re.compile(r"(?<![ \t])<br>")
_PLACEHOLDER_RE = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")


# Media files (logos, signatures, backgrounds) reach the renderer as ``lms-media:<name>``
# and are read through the media storage: the local folder or the S3 bucket alike.
MEDIA_SCHEME = "lms-media"


class SafeURLFetcher(URLFetcher):
    """Serves our media files and the static folders; refuses every other URL.

    ``lms-media:<name>`` is read through ``default_storage`` (local disk or an S3
    bucket): a name with ``..``, a leading ``/`` or a backslash is refused, and on local
    disk the file's real path (symlinks resolved) must lie under ``MEDIA_ROOT``. Each file
    is read once per fetcher, so a batch of 500 certificates fetches its logo once.
    ``file:`` paths are resolved (symlinks and ``..`` included) before the check, so a
    path that walks out of our folders is refused. ``http(s):``, ``data:``, ``ftp:`` and
    anything else raise, which WeasyPrint turns into a skipped resource.
    """

    def __init__(self, **kwargs):
        super().__init__(allow_redirects=False, **kwargs)
        self.roots = allowed_roots()
        self._media: dict[str, bytes] = {}

    def fetch(self, url, headers=None):
        logger.debug("certificate renderer asked for %s", url)
        parts = urlsplit(url)
        if parts.scheme == MEDIA_SCHEME:
            name = unquote(parts.path)
            body = self.read_media(name)
            if body is None:
                raise ValueError(f"Refused to fetch {url!r}: no such media file.")
            mime, _encoding = mimetypes.guess_type(name)
            return URLFetcherResponse(
                url, body=body, headers={"Content-Type": mime or "application/octet-stream"}
            )
        path = self.resolve(url)
        if path is None:
            raise ValueError(f"Refused to fetch {url!r}: only our own static and media files are served.")
        mime, _encoding = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            path.as_uri(),
            body=path.read_bytes(),
            headers={"Content-Type": mime or "application/octet-stream"},
        )

    def read_media(self, name: str) -> bytes | None:
        """The bytes of media file ``name``, or ``None`` if it is missing or not ours."""
        if name in self._media:
            return self._media[name]
        if not name or name.startswith("/") or "\\" in name or ".." in name.split("/"):
            return None
        try:
            local = default_storage.path(name)
        except NotImplementedError:
            # Django's contract for storages without local files (S3): read through open().
            local = None
        except SuspiciousFileOperation:
            return None
        if local is not None:
            path = self.resolve(Path(local).as_uri())
            body = path.read_bytes() if path is not None else None
        else:
            try:
                with default_storage.open(name, "rb") as handle:
                    body = handle.read()
            except (OSError, SuspiciousFileOperation):
                body = None
        if body is not None:
            self._media[name] = body
        return body

    def resolve(self, url: str) -> Path | None:
        """The local file ``url`` names if it may be served, else ``None``."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(unquote(parts.path)).resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if not path.is_file():
            return None
        if any(path.is_relative_to(root) for root in self.roots):
            return path
        return None


def allowed_roots() -> list[Path]:
    """The folders the renderer may read: media, collected static and static sources."""
    roots = [Path(settings.MEDIA_ROOT)]
    if getattr(settings, "STATIC_ROOT", None):
        roots.append(Path(settings.STATIC_ROOT))
    roots.extend(Path(p if isinstance(p, str | Path) else p[1]) for p in settings.STATICFILES_DIRS)
    resolved = []
    for root in roots:
        try:
            resolved.append(root.resolve())
        except OSError:
            continue
    return resolved


def format_number(value, *, thai_digits: bool) -> str:
    """``value`` as printed: Thai digits when the template asks for them."""
    text = str(value)
    return arabic_digit_to_thai_digit(text) if thai_digits else text


def format_hours(hours: Decimal | float | int) -> str:
    """``3.0`` → ``3``; ``2.5`` stays ``2.5``."""
    value = Decimal(str(hours)).normalize()
    return format(value, "f")


def format_thai_date(day: date, *, thai_digits: bool) -> str:
    """``9 ตุลาคม 2564`` (Buddhist-Era year, Thai month name)."""
    return thai_strftime(datetime(day.year, day.month, day.day), "%-d %B พ.ศ. %Y", thaidigit=thai_digits)


def visible_length(text: str) -> int:
    """Characters that take width: Thai vowels above/below and tone marks do not."""
    return sum(1 for ch in text if unicodedata.category(ch) not in ("Mn", "Me", "Cf"))


def name_font_size(name: str) -> float:
    """A font size (pt) that fits ``name`` on its line; long names shrink, to a floor."""
    length = max(visible_length(name), 1)
    fitting = NAME_LINE_WIDTH_PT / (length * AVERAGE_CHAR_EM)
    return round(max(NAME_MIN_PT, min(NAME_MAX_PT, fitting)), 1)


def verification_url(code: str) -> str:
    """The absolute public address of a certificate's verification page."""
    return app_settings.SITE_URL + reverse("certificates:verify", args=[code])


def _media_uri(name: str | None) -> str:
    """The renderer's URL for a stored media file (read by :class:`SafeURLFetcher`
    through the media storage), or "" when there is none."""
    if not name:
        return ""
    return f"{MEDIA_SCHEME}:{quote(name)}"


def _colour(value, default: str) -> str:
    """A ``#rrggbb`` colour, or ``default``: nothing else reaches the PDF's stylesheet."""
    return value if isinstance(value, str) and _COLOUR_RE.fullmatch(value) else default


def one_line(text: str) -> str:
    """``text`` with its line breaks as spaces: what a line break in text that wraps
    normally prints as. For text the template sets in ``white-space: pre-line``, where a
    line break would break the line."""
    return _LINE_BREAK_RE.sub(" ", text)


def fill_body(body: str, values: dict[str, str]) -> str:
    """The template body as HTML: text escaped, placeholders replaced by escaped values.

    A paragraph's line breaks are newline characters rather than ``<br>`` elements
    (cheaper for WeasyPrint): the template sets the body's paragraphs in
    ``white-space: pre-line``, which breaks the line at the same place. Except after a
    space: pre-line drops spaces before a newline, while WeasyPrint keeps one before a
    ``<br>`` and centres the line with it, so there the ``<br>`` stays and the line
    prints as it always did. A value's own line breaks print as spaces, as they did.
    """
    escaped = linebreaks(escape(body))
    filled = _PLACEHOLDER_RE.sub(lambda m: escape(one_line(str(values[m.group(1)]))), escaped)
    return mark_safe(_BREAK_NOT_AFTER_SPACE_RE.sub("\n", filled))  # noqa: S308 - all escaped above


@functools.cache
def font_faces() -> tuple[dict, ...]:
    """The ``@font-face`` rules of the certificate: ``file:`` URLs of our static fonts."""
    faces = []
    for weight, file_name in FONT_FILES.items():
        found = finders.find(f"{FONT_FOLDER}/{file_name}")
        if not found:
            raise ImproperlyConfigured(f"The certificate font {FONT_FOLDER}/{file_name} is missing.")
        faces.append({"weight": weight, "url": Path(found).resolve().as_uri()})
    return tuple(faces)


def certificate_context(certificate) -> dict:
    """What the PDF template prints for one certificate (frozen fields only)."""
    design = certificate.design or {}
    thai_digits = bool(design.get("use_thai_digits", True))
    name = certificate.printed_name
    date_text = format_thai_date(certificate.completed_on, thai_digits=thai_digits)
    hours = format_number(format_hours(certificate.hours), thai_digits=thai_digits)
    values = {
        "name": name,
        "course": certificate.course_title,
        "center": certificate.center_name,
        "date": date_text,
        "hours": hours,
    }
    url = verification_url(certificate.verification_code)
    signatories = [
        {
            **signatory,
            **{
                field: one_line(signatory[field])
                for field in ("name", "position")
                if isinstance(signatory.get(field), str)
            },
            "signature": _media_uri(signatory.get("signature")),
        }
        for signatory in (certificate.signatories or [])[:3]
    ]
    colours = (
        _colour(design.get("text_colour"), "#222222"),
        _colour(design.get("border_colour"), "#b8860b"),
        _colour(design.get("primary_colour"), "#1d4e89"),
    )
    return {
        "certificate": certificate,
        # Decided when drawn, never stored: a revoked or replaced certificate that staff
        # download says so across the page.
        "stamp": "" if certificate.is_valid else str(certificate.get_status_display()),
        "name": name,
        "name_size": name_font_size(name),
        "colours": colours,
        "heading": design.get("title") or gettext("Certificate"),
        "body": fill_body(design.get("body", ""), values),
        "given_on": gettext("Given on %(date)s") % {"date": date_text},
        "serial": format_number(certificate.serial, thai_digits=thai_digits),
        # Two groups a line, always: the whole code is wider than the proof box for
        # wide letters (WWWW-MMMM-…) and used to wrap wherever it ran out of room.
        "code_lines": _code_lines(certificate.verification_code),
        "qr": mark_safe(qr_svg(url, mask=certificate.qr_mask)),  # noqa: S308 - segno output, our URL
        "verify_url": url,
        "logo": _media_uri(design.get("logo")),
        "background": _media_uri(design.get("background")),
        "signatories": signatories,
    }


def _code_lines(code: str) -> tuple[str, str]:
    """The verification code as two lines of two groups ("ABCD-EFGH", "JKLM-NPQR")."""
    groups = code.split("-")
    half = (len(groups) + 1) // 2
    return "-".join(groups[:half]), "-".join(groups[half:])


def _page_classes(pages: list[dict]) -> dict:
    """Give each page CSS classes instead of ``style`` attributes; return the rules.

    WeasyPrint computes an element's style once and shares it with every later element
    that has the same parent style and the same rules, but never with one that has a
    ``style`` attribute (nor with anything inside it). With classes, the hundredth page
    of a class reuses the first page's styles (docs/certificates.md has the figures).
    """
    colour_classes: dict[tuple, str] = {}
    size_classes: dict[float, str] = {}
    for page in pages:
        page["colour_class"] = colour_classes.setdefault(page["colours"], f"c{len(colour_classes)}")
        page["size_class"] = size_classes.setdefault(page["name_size"], f"n{len(size_classes)}")
        count = len(page["signatories"])
        page["foot_class"] = f"s{count}"
        for place, signatory in enumerate(page["signatories"]):
            signatory["place_class"] = f"p{count}{place}"
    feet = []
    for count in range(1, 4):
        # The signatures stand side by side, centred in the space left of the QR code.
        offset = max(0, (SIGNATORIES_WIDTH_MM - SIGNATORY_MM * count) // 2)
        feet.extend(
            {"css_class": f"p{count}{place}", "left_mm": 1 + offset + SIGNATORY_MM * place}
            for place in range(count)
        )
    return {
        "colour_rules": [
            {"css_class": css_class, "text": text, "border": border, "primary": primary}
            for (text, border, primary), css_class in colour_classes.items()
        ],
        "size_rules": [{"css_class": css_class, "pt": pt} for pt, css_class in size_classes.items()],
        "foot_rules": feet,
    }


def certificates_html(certificates: Iterable, *, title: str, author: str) -> str:
    """The HTML of one page per certificate."""
    with translation.override("th"):
        pages = [certificate_context(c) for c in certificates]
        return render_to_string(
            "certificates/certificate_pdf.html",
            {
                "pages": pages,
                **_page_classes(pages),
                "title": title,
                "author": author,
            },
        )


def _pdf_options() -> dict:
    return {"pdf_variant": app_settings.PDF_VARIANT, "attachments": []}


_local = threading.local()

# Python's garbage collector while rendering. At its default (700 objects allocated, less
# those freed, between young collections) a batch of 100 ran ~150 young, ~14 middle and
# one or two full collections, the full ones over every object of the process (Django,
# fonts, the layout): 0.2-0.3 s of ~2.7 s CPU. At 20 000 it ran ~4 young ones and no
# full one (0.03 s), and a batch of 500 peaked 13 MB higher (docs/certificates.md).
RENDER_GC_THRESHOLD = 20_000
_gc_lock = threading.Lock()
_gc_renders = 0
_gc_saved: tuple[int, ...] = ()


@contextlib.contextmanager
def _fewer_collections():
    """Raise the collector's young-generation threshold while any render runs.

    The threshold is the process's, so the first render to start raises it and the last
    to finish puts back what was there; the collector still runs, only less often.
    """
    global _gc_renders, _gc_saved
    with _gc_lock:
        if _gc_renders == 0:
            _gc_saved = gc.get_threshold()
            if _gc_saved[0] and _gc_saved[0] < RENDER_GC_THRESHOLD:
                gc.set_threshold(RENDER_GC_THRESHOLD, *_gc_saved[1:])
        _gc_renders += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_renders -= 1
            if _gc_renders == 0:
                gc.set_threshold(*_gc_saved)


USER_AGENT_CSS = Path(__file__).resolve().parent / "pdf" / "user_agent.css"


class CertificateHTML(HTML):
    """WeasyPrint's ``HTML`` with a user-agent stylesheet cut down to our page's elements.

    See ``certificates/pdf/user_agent.css`` for why; a test compares the drawn pages.
    """

    def _ua_stylesheets(self, forms=False):
        return [_user_agent_css()]


@functools.cache
def _user_agent_css() -> CSS:
    # Parsed once per process; WeasyPrint shares its own UA stylesheet the same way.
    return CSS(filename=str(USER_AGENT_CSS))


@functools.cache
def certificate_css_text() -> str:
    """The certificate's fixed rules and ``@font-face`` rules, as CSS text."""
    return render_to_string(
        "certificates/certificate_pdf.css", {"font_family": FONT_FAMILY, "font_faces": font_faces()}
    )


def certificate_stylesheet() -> CSS:
    """The certificate's fixed rules and faces, parsed once per thread.

    Every document used to parse them again from its ``<style>`` (about 2.5 ms, a tenth
    of one certificate). Per thread, because parsing the ``@font-face`` rules loads the
    faces into the thread's font configuration (:func:`_font_config`).
    """
    if not hasattr(_local, "stylesheet"):
        _local.stylesheet = CSS(
            string=certificate_css_text(), url_fetcher=SafeURLFetcher(), font_config=_font_config()
        )
    return _local.stylesheet


def _font_config() -> FontConfiguration:
    """One font configuration per thread: building it costs ~30 ms. Our only
    ``@font-face`` rules are the shipped face's, the same in every render: WeasyPrint
    loads each into the configuration once and skips it in later renders."""
    if not hasattr(_local, "font_config"):
        _local.font_config = FontConfiguration()
    return _local.font_config


def _document(html: str, url_fetcher: URLFetcher | None):
    """Lay out ``html`` (WeasyPrint ``Document``); nothing outside our folders is fetched."""
    fetcher = url_fetcher or SafeURLFetcher()
    base_url = Path(settings.MEDIA_ROOT).resolve().as_uri() + "/"
    # A line repeated on many pages is laid out once (certificates/pdf/line_memory.py).
    with remembered_lines():
        document = CertificateHTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            font_config=_font_config(), stylesheets=[certificate_stylesheet()], **_pdf_options()
        )
    # Filled while the PDF is drawn: our face's glyphs copy out as the text they draw.
    document.fonts = ShippedFaceFonts(FONT_FAMILY)
    return document


def render_certificate_pdf(certificate, *, url_fetcher: URLFetcher | None = None) -> bytes:
    """One certificate as PDF/A bytes: A4 landscape, one page. Writes nothing."""
    with translation.override("th"):
        title = gettext("Certificate %(serial)s") % {"serial": certificate.serial}
    author = certificate.center_name or settings.WAGTAIL_SITE_NAME
    html = certificates_html([certificate], title=title, author=author)
    with _fewer_collections():
        return _document(html, url_fetcher).write_pdf(**_pdf_options())


def render_certificates_pdf(
    certificates: list,
    *,
    url_fetcher: URLFetcher | None = None,
    chunk_size: int | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> bytes:
    """Many certificates in one PDF, one a page, in the order given. Writes nothing.

    The certificates are laid out ``chunk_size`` at a time, each chunk written to a PDF
    at once so its layout can be freed, and the chunks joined with pypdf: memory stays
    that of one chunk however long the batch. ``on_progress(done)`` is called after
    each chunk, so a background task can report how far it got.
    """
    if not certificates:
        raise ValueError("No certificates to render.")
    chunk_size = chunk_size or app_settings.BATCH_CHUNK_SIZE
    with translation.override("th"):
        title = gettext("Certificates (%(count)s)") % {"count": len(certificates)}
    author = settings.WAGTAIL_SITE_NAME
    with _fewer_collections():
        return _join_chunks(certificates, chunk_size, title, author, url_fetcher, on_progress)


def _join_chunks(certificates, chunk_size, title, author, url_fetcher, on_progress) -> bytes:
    # One fetcher for the whole batch: each logo or signature is read from storage once.
    url_fetcher = url_fetcher or SafeURLFetcher()
    writer = None
    done = 0
    for start in range(0, len(certificates), chunk_size):
        chunk = certificates[start : start + chunk_size]
        html = certificates_html(chunk, title=title, author=author)
        pdf = _document(html, url_fetcher).write_pdf(**_pdf_options())
        reader = PdfReader(io.BytesIO(pdf))
        if writer is None:
            # The first chunk's catalogue carries the PDF/A metadata and output intent.
            writer = PdfWriter(clone_from=reader)
        else:
            writer.append(reader)
        done += len(chunk)
        if on_progress:
            on_progress(done)
    writer.compress_identical_objects()
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
