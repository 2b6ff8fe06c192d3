"""Read-aloud: lesson text in sentence-sized pieces, and the trainer's recording.

Thai is written without full stops: a space ends a clause or a sentence, but spaces also
stand around numbers, English words and bold text. The lesson page therefore splits its
text into sentences on the server with PyThaiNLP's CRFCut (a model trained to tell those
spaces apart) and wraps each sentence in ``<span data-s="N">``. The browser's speech
synthesis then reads one sentence at a time (``static/js/read-aloud.js``), which lets the
page highlight it and keeps every utterance short: some speech engines cut off long ones.

- :func:`split_sentences` cuts a text into pieces that join back into exactly that text;
- :func:`speakable_html` wraps the sentences of rendered HTML, leaving everything else as
  it was (content-addressed cache: the work is done once per version of a lesson body);
- :func:`audio_problem` and :func:`document_audio_problem` say why a file cannot be a
  lesson's recording (the admin and the course-folder import both ask them).
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from django.core.cache import cache

from courses.constants import READ_ALOUD_AUDIO_EXTENSIONS, READ_ALOUD_AUDIO_MAX_BYTES

# Speech engines read about 15-20 Thai characters a second; Chrome's network voices stop
# an utterance after about 15 seconds. 150 characters stays well inside that.
MAX_UTTERANCE_CHARS = 150
# A piece shorter than this ("เปิดแอป", "ครับ") joins its neighbour: a pause and a jump of
# the highlight after two words sound and look broken.
MIN_UTTERANCE_CHARS = 24
CACHE_SECONDS = 7 * 24 * 3600
_CACHE_VERSION = "1"

_AFTER_SPACE = re.compile(r"(?<=\s)(?=\S)")


# -- sentences ------------------------------------------------------------------------


def _spoken_len(text: str) -> int:
    """The length of ``text`` as the speech engine gets it (whitespace collapsed)."""
    return len(" ".join(text.split()))


def _sentences(text: str) -> list[str]:
    """CRFCut's sentences; clauses (split after each space) if it cannot say."""
    try:
        from pythainlp.tokenize import sent_tokenize

        pieces = sent_tokenize(text, engine="crfcut")
    except ImportError:  # python-crfsuite missing: spaces are the next best boundary
        pieces = None
    if not pieces or "".join(pieces) != text:
        return _AFTER_SPACE.split(text)
    return pieces


def _words(text: str) -> list[str]:
    """Thai words (newmm), whitespace kept; a text the tokenizer changed comes back whole."""
    from pythainlp.tokenize import word_tokenize

    words = word_tokenize(text, keep_whitespace=True)
    return words if "".join(words) == text else [text]


def _slices(word: str, max_chars: int) -> list[str]:
    """Cut a word longer than ``max_chars`` (a long address) without splitting a Thai
    letter from its vowel and tone marks."""
    pieces, start = [], 0
    while len(word) - start > max_chars:
        cut = start + max_chars
        while cut > start + 1 and unicodedata.category(word[cut])[0] == "M":
            cut -= 1
        pieces.append(word[start:cut])
        start = cut
    pieces.append(word[start:])
    return pieces


def _pack(tokens: list[str], max_chars: int) -> list[str]:
    """Join consecutive tokens into pieces no longer than ``max_chars`` when spoken."""
    pieces: list[str] = []
    for token in tokens:
        if pieces and _spoken_len(pieces[-1] + token) <= max_chars:
            pieces[-1] += token
        else:
            pieces.append(token)
    return pieces


def _cut_long(sentence: str, max_chars: int) -> list[str]:
    """A sentence too long for one utterance, cut at spaces, else between words."""
    if _spoken_len(sentence) <= max_chars:
        return [sentence]
    tokens: list[str] = []
    for clause in _AFTER_SPACE.split(sentence):
        if _spoken_len(clause) <= max_chars:
            tokens.append(clause)
            continue
        for word in _words(clause):
            tokens.extend(_slices(word, max_chars) if _spoken_len(word) > max_chars else [word])
    return _pack(tokens, max_chars)


def _merge_short(pieces: list[str], max_chars: int) -> list[str]:
    merged: list[str] = []
    for piece in pieces:
        if merged and (
            (_spoken_len(merged[-1]) < MIN_UTTERANCE_CHARS or _spoken_len(piece) < MIN_UTTERANCE_CHARS)
            and _spoken_len(merged[-1] + piece) <= max_chars
        ):
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged


def split_sentences(text: str, *, max_chars: int = MAX_UTTERANCE_CHARS) -> list[str]:
    """Split ``text`` into utterances for speech synthesis.

    ``"".join(split_sentences(text)) == text`` for any text with something to say (no
    character lost, none moved); every piece has something to say and is at most
    ``max_chars`` long once its whitespace is collapsed. A blank text gives ``[]``.
    """
    if not text.strip():
        return []
    pieces: list[str] = []
    for sentence in _sentences(text):
        pieces.extend(_cut_long(sentence, max_chars))
    pieces = _merge_short(pieces, max_chars)
    # Whitespace-only pieces (between two sentences) go with their neighbour.
    out: list[str] = []
    lead = ""
    for piece in pieces:
        if not piece.strip():
            if out:
                out[-1] += piece
            else:
                lead += piece
            continue
        out.append(lead + piece)
        lead = ""
    return out


# -- HTML -----------------------------------------------------------------------------

# Elements whose start or end ends a sentence: each of them is read on its own.
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "label",
        "legend",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
# Elements whose text is never read aloud.
_SILENT = frozenset(
    [
        "audio",
        "button",
        "iframe",
        "math",
        "noscript",
        "object",
        "script",
        "select",
        "style",
        "svg",
        "template",
        "textarea",
        "video",
    ]
)
_SILENT_CLASSES = frozenset({"meta", "visually-hidden"})  # file sizes; screen-reader-only text
_RAW_TEXT = frozenset({"script", "style"})
_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
)


MARKUP, TEXT, QUIET = "markup", "text", "quiet"  # what a piece of a run is


def _is_silent(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    if tag in _SILENT:
        return True
    values = dict(attrs)
    if "hidden" in values or "data-nospeak" in values or values.get("aria-hidden") == "true":
        return True
    return bool(_SILENT_CLASSES.intersection((values.get("class") or "").split()))


class _Speakable(HTMLParser):
    """Copies HTML through, wrapping each sentence of its text in ``<span data-s="N">``.

    Text is gathered in runs (everything between two block boundaries, inline tags
    included), so a sentence may cross ``<b>`` or ``<a>``: it then gets one span per
    text node, all with the same number. Markup is copied as written.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.run: list[tuple[str, str]] = []  # (MARKUP, TEXT or QUIET, the string)
        self.stack: list[tuple[str, bool]] = []  # open elements: (tag, silent)
        self.count = 0

    @property
    def silent(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, push=tag not in _VOID)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, push=False)

    def _start(self, tag, attrs, *, push):
        if tag in _BLOCKS:
            self.flush()
        if push:
            self.stack.append((tag, self.silent or _is_silent(tag, attrs)))
        self.run.append((MARKUP, self.get_starttag_text()))

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self.flush()
        if any(open_tag == tag for open_tag, _ in self.stack):
            while self.stack and self.stack.pop()[0] != tag:
                pass
        self.run.append((MARKUP, f"</{tag}>"))

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] in _RAW_TEXT:
            self.run.append((MARKUP, data))  # script or style content is copied as is
        else:
            self.run.append((QUIET if self.silent else TEXT, data))

    def handle_comment(self, data):
        self.run.append((MARKUP, f"<!--{data}-->"))

    def handle_decl(self, decl):
        self.run.append((MARKUP, f"<!{decl}>"))

    def handle_pi(self, data):
        self.run.append((MARKUP, f"<?{data}>"))

    def unknown_decl(self, data):
        self.run.append((MARKUP, f"<![{data}]>"))

    def close(self):
        super().close()
        self.flush()

    def flush(self):
        """Write out the pending run with its sentences wrapped."""
        run, self.run = self.run, []
        text = "".join(chunk for kind, chunk in run if kind == TEXT)
        # Each sentence's range in ``text``, without its leading and trailing spaces.
        ranges, position = [], 0
        for piece in split_sentences(text):
            start = position + len(piece) - len(piece.lstrip())
            end = position + len(piece.rstrip())
            ranges.append((start, end, self.count))
            self.count += 1
            position += len(piece)
        offset = 0
        for kind, chunk in run:
            if kind != TEXT:
                self.out.append(chunk if kind == MARKUP else html.escape(chunk, quote=False))
                continue
            self.out.append(self._wrap(chunk, offset, ranges))
            offset += len(chunk)

    @staticmethod
    def _wrap(chunk: str, offset: int, ranges) -> str:
        """``chunk`` (at ``offset`` in the run's text) with the parts inside sentences wrapped."""
        parts, at, end = [], offset, offset + len(chunk)
        for start, stop, number in ranges:
            if stop <= at or start >= end:
                continue
            lo, hi = max(start, at), min(stop, end)
            parts.append(html.escape(chunk[at - offset : lo - offset], quote=False))
            inside = chunk[lo - offset : hi - offset]
            if inside.strip():
                parts.append(f'<span data-s="{number}">{html.escape(inside, quote=False)}</span>')
            else:
                parts.append(html.escape(inside, quote=False))
            at = hi
        parts.append(html.escape(chunk[at - offset :], quote=False))
        return "".join(parts)


def _wrap_sentences(markup: str) -> str:
    parser = _Speakable()
    parser.feed(markup)
    parser.close()
    return "".join(parser.out)


def speakable_html(markup: str) -> str:
    """``markup`` with every sentence of its readable text in ``<span data-s="N">``.

    N counts from 0 in reading order. Hidden, ``aria-hidden`` and ``data-nospeak``
    elements, file sizes (``.meta``), form controls and embeds are not read. The result
    is cached by the markup's hash, so a lesson version is split once, not per visit.
    """
    key = f"readaloud:{_CACHE_VERSION}:{hashlib.sha256(markup.encode()).hexdigest()}"
    result = cache.get(key)
    if result is None:
        result = _wrap_sentences(markup)
        cache.set(key, result, CACHE_SECONDS)
    return result


# -- the recording --------------------------------------------------------------------


def _sounds_like(extension: str, head: bytes) -> bool:
    """Whether the file's first bytes are those of an ``extension`` recording."""
    if extension == "mp3":
        return head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)
    if extension == "m4a":
        return head[4:8] == b"ftyp"
    if extension == "ogg":
        return head[:4] == b"OggS"
    if extension == "wav":
        return head[:4] == b"RIFF" and head[8:12] == b"WAVE"
    return False


def audio_problem(*, name: str, size: int, head: bytes) -> str | None:
    """Why a file cannot be a lesson recording: ``"type"`` (not MP3/M4A/OGG/WAV by its
    name), ``"size"`` (over the limit), ``"content"`` (its bytes are not what its name
    says); ``None`` when it is fine. ``head`` is the file's first 12 bytes."""
    extension = Path(name).suffix.lower().lstrip(".")
    if extension not in READ_ALOUD_AUDIO_EXTENSIONS:
        return "type"
    if size > READ_ALOUD_AUDIO_MAX_BYTES:
        return "size"
    if not _sounds_like(extension, head):
        return "content"
    return None


def document_audio_problem(document) -> str | None:
    """:func:`audio_problem` for a Wagtail document (``"missing"`` if its file is gone)."""
    try:
        with document.file.open("rb") as handle:
            head = handle.read(12)
        size = document.file_size if document.file_size is not None else document.file.size
    except (FileNotFoundError, OSError):
        return "missing"
    return audio_problem(name=document.file.name, size=size, head=head)
