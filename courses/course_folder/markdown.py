"""Markdown lesson bodies → lesson content blocks (the import direction).

The body is parsed with markdown-it-py (CommonMark plus tables) and mapped as the
contract says:

- a paragraph that is only an image ``![alt](images/x.png "caption")`` → an image block
  (the alt text is required; the optional link title is the caption);
- a paragraph that is only a YouTube or Vimeo address (bare, ``<url>`` or
  ``[title](url)``) → a video block;
- GitHub alerts ``> [!NOTE]`` / ``> [!TIP]`` / ``> [!WARNING]`` → callout blocks
  (``[!IMPORTANT]`` reads as a note and ``[!CAUTION]`` as a warning);
- a table → a table block; a paragraph ``Table: …`` right after it is its caption;
- ``<!-- steps -->`` and ``<!-- downloads -->`` → markers where the front matter's steps
  and downloads go;
- everything else → rich text in Wagtail's stored HTML (``h2``–``h4``, ``p``, ``b``, ``i``,
  ``ol``/``ul``, ``a``, ``hr``, ``br``), consecutive pieces joined into one text block.

The HTML produced here is the "normal form" that :mod:`courses.course_folder.writer`
turns back into Markdown, so that export → import → export is byte for byte stable.
"""

import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import unquote

from markdown_it import MarkdownIt

from cms_content.video import parse_video_url
from courses.course_folder.errors import FolderError, error

_MARKDOWN = MarkdownIt("commonmark").enable("table")

_ALERT = re.compile(r"^\[!(NOTE|TIP|WARNING|IMPORTANT|CAUTION)\][ \t]*", re.IGNORECASE)
ALERT_KINDS = {"NOTE": "note", "TIP": "tip", "WARNING": "warning", "IMPORTANT": "note", "CAUTION": "warning"}
_MARKER = re.compile(r"^<!--\s*(steps|downloads)\s*-->\s*$", re.IGNORECASE)
_COMMENT = re.compile(r"^<!--.*-->\s*$", re.DOTALL)
_SAFE_HREF = re.compile(r"^(https?://|mailto:|tel:|/|#)", re.IGNORECASE)
TABLE_CAPTION_PREFIX = "Table:"


@dataclass(frozen=True)
class FileRef:
    """A file the body or front matter points at, resolved when the course is imported.

    ``relpath`` is as written (relative to the course folder), ``line`` is where, and
    ``path`` is the checked file once the reader has found it.
    """

    relpath: str
    source: str
    line: int
    path: Path | None = None


@dataclass
class BodyItem:
    """One piece of a lesson body: a block (``kind`` = block type) or a marker."""

    kind: str
    line: int
    value: object = None
    marker: str | None = None


@dataclass
class BodyResult:
    items: list[BodyItem] = field(default_factory=list)
    errors: list[FolderError] = field(default_factory=list)


class _InlineImage(Exception):
    """An image inside a paragraph with other content (rich text here has no images)."""


def _find_close(tokens, start):
    """Index of the token that closes ``tokens[start]``."""
    level = 0
    for index in range(start, len(tokens)):
        level += tokens[index].nesting
        if level == 0:
            return index
    return len(tokens) - 1


def _children(inline):
    """Inline children without empty text tokens (markdown-it leaves some)."""
    return [c for c in (inline.children or []) if not (c.type == "text" and c.content == "")]


def plain_text(children) -> str:
    """The text of inline tokens without any formatting (for alt text and table cells)."""
    parts = []
    for child in children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(plain_text(child.children))
    return "".join(parts).strip()


def render_inline(children) -> str:
    """Inline tokens → Wagtail rich-text HTML (``b``, ``i``, ``a``, ``br``), escaped."""
    html = []
    links = []
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline", "html_inline"):
            if kind == "html_inline" and re.fullmatch(r"<br\s*/?>", child.content.strip(), re.IGNORECASE):
                html.append("<br/>")
            else:
                html.append(escape(child.content, quote=False))
        elif kind == "softbreak":
            html.append(" ")
        elif kind == "hardbreak":
            html.append("<br/>")
        elif kind == "strong_open":
            html.append("<b>")
        elif kind == "strong_close":
            html.append("</b>")
        elif kind == "em_open":
            html.append("<i>")
        elif kind == "em_close":
            html.append("</i>")
        elif kind == "link_open":
            href = child.attrs.get("href", "")
            safe = bool(_SAFE_HREF.match(href))
            links.append(safe)
            if safe:
                html.append(f'<a href="{escape(href, quote=True)}">')
        elif kind == "link_close":
            if links.pop():
                html.append("</a>")
        elif kind == "image":
            raise _InlineImage
    text = "".join(html)
    # Spaces around a line break mean nothing; dropping them keeps one normal form.
    text = re.sub(r"[ \t]*<br/>[ \t]*", "<br/>", text)
    return text.strip()


def _render_flow(tokens, *, in_list=False, headings=True) -> str:
    """Block tokens (inside a list item or quote, or a run of text) → rich-text HTML."""
    out = []
    index = 0
    paragraphs = []
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == "paragraph_open":
            inner = render_inline(_children(tokens[index + 1]))
            if in_list:
                paragraphs.append(inner)
            elif inner:
                out.append(f"<p>{inner}</p>")
            index += 3
            continue
        if in_list and paragraphs and kind != "paragraph_open":
            out.append("<br/>".join(p for p in paragraphs if p))
            paragraphs = []
        if kind == "heading_open":
            inner = render_inline(_children(tokens[index + 1]))
            if headings and not in_list:
                level = min(max(int(token.tag[1]), 2), 4)
                out.append(f"<h{level}>{inner}</h{level}>")
            elif in_list:
                out.append(inner)
            else:
                out.append(f"<p><b>{inner}</b></p>")
            index += 3
        elif kind in ("bullet_list_open", "ordered_list_open"):
            close = _find_close(tokens, index)
            out.append(_render_list(tokens[index : close + 1], headings=headings))
            index = close + 1
        elif kind == "blockquote_open":
            close = _find_close(tokens, index)
            out.append(_render_flow(tokens[index + 1 : close], in_list=in_list, headings=headings))
            index = close + 1
        elif kind == "hr":
            if not in_list:
                out.append("<hr/>")
            index += 1
        elif kind in ("fence", "code_block"):
            lines = [escape(line, quote=False) for line in token.content.rstrip("\n").split("\n")]
            text = "<br/>".join(line.strip() for line in lines if line.strip())
            if text:
                out.append(text if in_list else f"<p>{text}</p>")
            index += 1
        elif kind == "html_block":
            content = token.content.strip()
            if content and not _COMMENT.match(content):
                text = escape(" ".join(content.split()), quote=False)
                out.append(text if in_list else f"<p>{text}</p>")
            index += 1
        elif kind == "table_open":
            close = _find_close(tokens, index)
            rows = [
                plain_text(_children(t))
                for t in tokens[index:close]
                if t.type == "inline"  # a table nested in a list: keep its text
            ]
            text = escape(" | ".join(rows), quote=False)
            out.append(text if in_list else f"<p>{text}</p>")
            index = close + 1
        else:
            index += 1
    if in_list and paragraphs:
        out.append("<br/>".join(p for p in paragraphs if p))
    return "".join(out)


def _render_list(tokens, *, headings=True) -> str:
    tag = tokens[0].tag
    items = []
    index = 1
    while index < len(tokens) - 1:
        if tokens[index].type == "list_item_open":
            close = _find_close(tokens, index)
            items.append(
                f"<li>{_render_flow(tokens[index + 1 : close], in_list=True, headings=headings)}</li>"
            )
            index = close + 1
        else:
            index += 1
    return f"<{tag}>{''.join(items)}</{tag}>"


def _video(children, *, default_title):
    """The video block value if the paragraph is only a YouTube/Vimeo address."""
    if len(children) == 1 and children[0].type == "text":
        url = children[0].content.strip()
        return {"url": url, "title": default_title} if parse_video_url(url) else None
    if (
        len(children) >= 2
        and children[0].type == "link_open"
        and children[-1].type == "link_close"
        and all(c.type in ("text", "softbreak") for c in children[1:-1])
    ):
        url = children[0].attrs.get("href", "")
        if not parse_video_url(url):
            return None
        text = plain_text(children[1:-1])
        title = default_title if (not text or text == url) else text
        return {"url": url, "title": title}
    return None


def _table(tokens):
    """Table tokens → ``{"caption", "header", "rows"}``; cells are plain text."""
    header, rows, row = [], [], None
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(plain_text(_children(token)))
        elif token.type == "tr_close":
            if not header and not rows and any(t.type == "thead_open" for t in tokens):
                header = row
            else:
                rows.append(row)
            row = None
    return {"caption": "", "header": header, "rows": rows}


def markdown_to_items(text: str, *, source: str, first_line: int, video_title: str) -> BodyResult:
    """Convert a lesson body to :class:`BodyItem` s, with errors as ``path:line``.

    ``first_line`` is the file line the body starts on; ``video_title`` names a video
    given as a bare address (the lesson title).
    """
    result = BodyResult()
    tokens = _MARKDOWN.parse(text)
    run = []  # tokens of the current rich-text run

    def line_of(token):
        return first_line + (token.map[0] if token.map else 0)

    def flush():
        if run:
            try:
                html = _render_flow(run)
            except _InlineImage:
                result.errors.append(error(source, line_of(run[0]), "image_inline"))
                html = ""
            if html:
                result.items.append(BodyItem("text", line_of(run[0]), html))
            run.clear()

    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        line = line_of(token)
        if kind == "paragraph_open":
            children = _children(tokens[index + 1])
            images = [c for c in children if c.type == "image"]
            others = [
                c for c in children if c.type != "image" and not (c.type == "text" and not c.content.strip())
            ]
            if images and not others and len(images) == 1:
                flush()
                image = images[0]
                alt = plain_text(image.children)
                if not alt:
                    result.errors.append(error(source, line, "image_alt"))
                src = unquote(image.attrs.get("src", ""))
                result.items.append(
                    BodyItem(
                        "image",
                        line,
                        {
                            "image": FileRef(src, source, line),
                            "alt_text": alt,
                            "caption": (image.attrs.get("title") or "").strip(),
                        },
                    )
                )
                index += 3
                continue
            if images:
                result.errors.append(error(source, line, "image_inline"))
                index += 3
                continue
            video = _video(children, default_title=video_title)
            if video:
                flush()
                result.items.append(BodyItem("video", line, video))
                index += 3
                continue
            run.extend(tokens[index : index + 3])
            index += 3
        elif kind == "blockquote_open":
            close = _find_close(tokens, index)
            inner = tokens[index + 1 : close]
            alert = None
            if len(inner) >= 2 and inner[0].type == "paragraph_open" and inner[1].type == "inline":
                alert = _ALERT.match(inner[1].content)
            if alert is None:
                run.extend(tokens[index : close + 1])
                index = close + 1
                continue
            flush()
            callout_kind = ALERT_KINDS[alert.group(1).upper()]
            inner = _strip_alert(inner)
            try:
                html = _render_flow(inner, headings=False)
            except _InlineImage:
                result.errors.append(error(source, line, "image_inline"))
                html = ""
            if not html:
                result.errors.append(error(source, line, "callout_empty", kind=alert.group(1).upper()))
            result.items.append(BodyItem("callout", line, {"kind": callout_kind, "text": html}))
            index = close + 1
        elif kind == "table_open":
            flush()
            close = _find_close(tokens, index)
            value = _table(tokens[index : close + 1])
            if any(not cell for cell in value["header"]):
                result.errors.append(error(source, line, "table_header"))
            index = close + 1
            nxt = tokens[index : index + 3]
            if len(nxt) == 3 and nxt[0].type == "paragraph_open":
                caption_text = nxt[1].content
                if caption_text.startswith(TABLE_CAPTION_PREFIX):
                    caption_children = _children(nxt[1])
                    value["caption"] = plain_text(caption_children)[len(TABLE_CAPTION_PREFIX) :].strip()
                    index += 3
            result.items.append(BodyItem("table", line, value))
        elif kind == "html_block" and _MARKER.match(token.content.strip()):
            flush()
            marker = _MARKER.match(token.content.strip()).group(1).lower()
            result.items.append(BodyItem("marker", line, marker=marker))
            index += 1
        elif token.nesting == 1:
            close = _find_close(tokens, index)
            run.extend(tokens[index : close + 1])
            index = close + 1
        else:
            run.append(token)
            index += 1
    flush()
    return result


def _strip_alert(inner):
    """Remove the ``[!KIND]`` marker (and the line break after it) from a quote's tokens."""
    paragraph_open, inline = inner[0], inner[1]
    children = list(_children(inline))
    if children and children[0].type == "text":
        head = children.pop(0)
        rest = _ALERT.sub("", head.content, count=1)
        if rest.strip():
            children.insert(0, head.copy(content=rest))
        while children and children[0].type in ("softbreak", "hardbreak"):
            children.pop(0)
    new_inline = inline.copy(children=children, content=_ALERT.sub("", inline.content, count=1))
    if not children:
        return inner[3:]  # the marker was the whole first paragraph
    return [paragraph_open, new_inline, *inner[2:]]


def inline_markdown_to_html(text: str) -> str:
    """A short Markdown text (a step) → ``<p>…</p>`` with inline formatting only."""
    tokens = _MARKDOWN.parseInline(text.strip())
    inner = render_inline(_children(tokens[0])) if tokens else ""
    return f"<p>{inner}</p>" if inner else ""
