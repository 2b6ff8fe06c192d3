"""Export: a published course → a course folder (blocks → Markdown and YAML).

The writer is the inverse of :mod:`courses.course_folder.markdown` on the HTML that the
importer produces, and it writes one normal form: the same course always gives the same
bytes. That is what makes export → import → export give identical files.

File names: the cover is ``cover.<ext>``; lesson images go to ``images/``, downloads to
``files/`` and lesson recordings (the optional ``audio`` key) to ``audio/``, named from
their Wagtail title (slugified), with ``-2``, ``-3`` … when two different files would get
the same name.
"""

import re
import shutil
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.models import Page

from courses.course_folder import yamlio
from courses.course_folder.markdown import TABLE_CAPTION_PREFIX
from courses.models import CoursePage, LessonPage, ModulePage

_ESCAPE = re.compile(r"([\\`*_\[\]<|])")
_AMP_ENTITY = re.compile(r"&(?=[A-Za-z0-9#])")
_LINE_START = re.compile(r"^(\s*)(?:([-+*]|#{1,6}|=+|-+)(?=\s|$)|(>|~~~))")
_ORDERED_START = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")


class ExportError(Exception):
    """The course cannot be exported (for example it has never been published)."""


# -- inline text ---------------------------------------------------------------


def escape_text(text: str) -> str:
    """Escape Markdown punctuation so ``text`` reads back as the same plain text."""
    return _AMP_ENTITY.sub(r"\\&", _ESCAPE.sub(r"\\\1", text))


def _escape_line_starts(markdown: str) -> str:
    """Escape what would start a heading, list, quote or setext underline at a line start."""
    lines = []
    for line in markdown.split("\n"):
        line = _LINE_START.sub(lambda m: m.group(1) + "\\" + (m.group(2) or m.group(3)), line, count=1)
        line = _ORDERED_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line, count=1)
        lines.append(line)
    return "\n".join(lines)


class _Inline:
    """Rich-text HTML inline content → Markdown inline text."""

    def __init__(self, link_resolver):
        self.resolve_link = link_resolver

    def node(self, child) -> str:
        if isinstance(child, NavigableString):
            return escape_text(str(child).replace("\n", " "))
        if isinstance(child, Tag):
            return self.tag(child)
        return ""

    def __call__(self, node) -> str:
        text = "".join(self.node(child) for child in node.children)
        text = re.sub(r"[ \t]*\\\n[ \t]*", "\\\n", text)
        return text

    def _wrap(self, marker, inner):
        stripped = inner.strip()
        if not stripped:
            return inner
        lead = inner[: len(inner) - len(inner.lstrip())]
        trail = inner[len(inner.rstrip()) :]
        return f"{lead}{marker}{stripped}{marker}{trail}"

    def tag(self, tag: Tag) -> str:
        name = tag.name
        if name in ("b", "strong"):
            return self._wrap("**", self(tag))
        if name in ("i", "em"):
            return self._wrap("*", self(tag))
        if name == "br":
            return "\\\n"
        if name == "a":
            href = self.resolve_link(tag)
            text = self(tag)
            if not href:
                return text
            if re.search(r"[\s()<>]", href):
                href = f"<{href}>"
            return f"[{text}]({href})"
        return self(tag)


# -- rich text blocks ----------------------------------------------------------


class _RichText:
    """Rich-text HTML (paragraphs, headings, lists, rules) → Markdown blocks."""

    def __init__(self, link_resolver):
        self.inline = _Inline(link_resolver)
        self._bullets = 0

    def __call__(self, html: str) -> str:
        soup = BeautifulSoup(html or "", "html.parser")
        chunks = []
        self._previous_list = None
        for node in soup.children:
            chunk = self.block(node)
            if chunk:
                chunks.append(chunk)
        return "\n\n".join(chunks)

    def block(self, node) -> str:
        if isinstance(node, NavigableString):
            text = str(node).strip()
            self._previous_list = None
            return _escape_line_starts(escape_text(" ".join(text.split()))) if text else ""
        if not isinstance(node, Tag):
            return ""
        name = node.name
        if name in ("ul", "ol"):
            # Two lists in a row would merge in Markdown: switch the marker to keep them apart.
            alternate = self._previous_list == name
            self._previous_list = name if not alternate else None
            return self.list(node, depth=0, alternate=alternate)
        self._previous_list = None
        if re.fullmatch(r"h[1-6]", name):
            level = min(max(int(name[1]), 2), 4)
            text = self.inline(node).replace("\\\n", " ").strip()
            text = re.sub(r"#$", r"\\#", text)
            return f"{'#' * level} {text}" if text else ""
        if name == "hr":
            return "***"
        if name in ("p", "div", "blockquote"):
            text = self.inline(node).strip()
            return _escape_line_starts(text) if text else ""
        text = self.inline(node).strip()
        return _escape_line_starts(text) if text else ""

    def list(self, node, *, depth, alternate=False) -> str:
        ordered = node.name == "ol"
        lines = []
        number = 0
        for item in node.find_all("li", recursive=False):
            number += 1
            marker = (f"{number})" if alternate else f"{number}.") if ordered else ("*" if alternate else "-")
            indent = " " * (len(marker) + 1)
            segments, nested = [""], []
            for child in item.children:
                if isinstance(child, Tag) and child.name in ("ul", "ol"):
                    nested.append(self.list(child, depth=depth + 1))
                elif isinstance(child, Tag) and child.name == "p":
                    segments += [self.inline(child), ""]
                else:
                    segments[-1] += self.inline.node(child)
            text = "\\\n".join(s.strip() for s in segments if s.strip())
            text = _escape_line_starts(text)
            text = text.replace("\n", "\n" + indent)
            lines.append(f"{marker} {text}".rstrip())
            for sub in nested:
                lines.append("\n".join(indent + line if line else line for line in sub.split("\n")))
        return "\n".join(lines)


# -- the course ----------------------------------------------------------------


class _Names:
    """Gives each exported file a stable, unique name inside the folder."""

    def __init__(self):
        self.by_key: dict[tuple, str] = {}
        self.used: set[str] = set()
        self.files: dict[str, object] = {}

    def name(self, key, folder, title, suffix, source) -> str:
        if key in self.by_key:
            return self.by_key[key]
        stem = slugify(title) or ("image" if folder == "images" else "file")
        candidate, n = f"{folder}/{stem}{suffix}", 1
        while candidate in self.used:
            n += 1
            candidate = f"{folder}/{stem}-{n}{suffix}"
        self.used.add(candidate)
        self.by_key[key] = candidate
        self.files[candidate] = source
        return candidate


class _CourseWriter:
    def __init__(self, course: CoursePage):
        self.course = course
        self.names = _Names()
        self.text = _RichText(self.link)

    # links inside rich text: external as is; internal pages and documents as their URLs
    def link(self, tag) -> str:
        linktype = tag.get("linktype")
        if linktype == "page":
            page = Page.objects.filter(pk=tag.get("id")).first()
            return page.specific.url if page else ""
        if linktype == "document":
            document = get_document_model().objects.filter(pk=tag.get("id")).first()
            return document.url if document else ""
        return tag.get("href", "")

    def image_name(self, image, *, cover=False) -> str:
        suffix = Path(image.file.name).suffix.lower()
        if cover:
            name = f"cover{suffix}"
            self.names.used.add(name)
            self.names.files[name] = image.file
            return name
        return self.names.name(("image", image.pk), "images", image.title, suffix, image.file)

    def document_name(self, document) -> str:
        suffix = Path(document.file.name).suffix.lower()
        return self.names.name(("document", document.pk), "files", document.title, suffix, document.file)

    def audio_name(self, document) -> str:
        """A lesson recording goes to ``audio/`` (one name per document, as downloads)."""
        suffix = Path(document.file.name).suffix.lower()
        return self.names.name(("document", document.pk), "audio", document.title, suffix, document.file)

    def course_yaml(self) -> str:
        course = self.course
        data = {"title": course.title}
        if course.title_en:
            data["title_en"] = course.title_en
        if course.summary:
            data["summary"] = course.summary
        if course.description:
            data["description"] = course.description
        if course.cover_image:
            data["image"] = self.image_name(course.cover_image, cover=True)
        if course.estimated_minutes is not None:
            data["estimated_minutes"] = course.estimated_minutes
        data["pass_mark"] = course.pass_mark
        data["issues_certificate"] = course.issues_certificate
        data["language"] = course.language
        data["category"] = course.category
        data["level"] = course.level
        return yamlio.dump(data)

    def lesson_file(self, lesson: LessonPage) -> str:
        meta = {"title": lesson.title}
        if lesson.estimated_minutes is not None:
            meta["estimated_minutes"] = lesson.estimated_minutes
        if lesson.read_aloud_audio is not None:
            meta["audio"] = self.audio_name(lesson.read_aloud_audio)
        steps, downloads, quiz, chunks = [], [], [], []
        for block in lesson.body:
            kind, value = block.block_type, block.value
            if kind == "text":
                chunk = self.text(value.source)
            elif kind == "table":
                chunk = self.table(value)
            elif kind == "image":
                chunk = self.image(value)
            elif kind == "video":
                chunk = self.video(value, lesson)
            elif kind == "callout":
                chunk = self.callout(value)
            elif kind == "steps":
                steps.append(self.steps(value))
                chunk = "<!-- steps -->"
            elif kind == "document":
                if value["document"] is None:
                    continue
                downloads.append({"file": self.document_name(value["document"]), "title": value["title"]})
                chunk = "<!-- downloads -->"
            elif kind == "quiz_question":
                quiz.append(self.quiz(value))
                continue
            else:
                continue
            if chunk:
                chunks.append(chunk)
        if steps:
            meta["steps"] = steps
        if downloads:
            meta["downloads"] = downloads
        if quiz:
            meta["quiz"] = quiz
        head = f"---\n{yamlio.dump(meta)}---\n"
        body = "\n\n".join(chunks)
        return f"{head}\n{body}\n" if body else head

    def table(self, value) -> str:
        header = [escape_text(str(cell or "")).strip() for cell in value["header"]]
        width = len(header)
        lines = [
            "| " + " | ".join(header) + " |",
            "| " + " | ".join(["---"] * width) + " |",
        ]
        for row in value["rows"]:
            cells = [escape_text(str(cell or "")).strip() for cell in row][:width]
            cells += [""] * (width - len(cells))
            lines.append("| " + " | ".join(cells) + " |")
        table = "\n".join(lines)
        if value.get("caption"):
            table += f"\n\n{TABLE_CAPTION_PREFIX} {escape_text(value['caption'])}"
        return table

    def image(self, value) -> str:
        image = value["image"]
        if image is None:
            return ""
        alt = escape_text(value["alt_text"] or "")
        title = ""
        if value.get("caption"):
            caption = value["caption"].replace("\\", "\\\\").replace('"', '\\"')
            title = f' "{caption}"'
        return f"![{alt}]({self.image_name(image)}{title})"

    def video(self, value, lesson) -> str:
        url = value["url"]
        if not value.get("title") or value["title"] == lesson.title:
            return url
        return f"[{escape_text(value['title'])}]({url})"

    def callout(self, value) -> str:
        text = self.text(value["text"].source)
        kind = {"note": "NOTE", "tip": "TIP", "warning": "WARNING"}.get(value["kind"], "NOTE")
        lines = [f"> [!{kind}]"] + [f"> {line}" if line else ">" for line in text.split("\n")]
        return "\n".join(lines)

    def inline_html(self, html) -> str:
        soup = BeautifulSoup(html or "", "html.parser")
        paragraphs = [self.text.inline(p).strip() for p in soup.find_all("p")] or [
            self.text.inline(soup).strip()
        ]
        return "\\\n".join(p for p in paragraphs if p)

    def steps(self, value) -> dict:
        data = {}
        if value.get("title"):
            data["title"] = value["title"]
        items = []
        for step in value["steps"]:
            item = {"text": yamlio.Quoted(self.inline_html(step["text"].source))}
            if step.get("image") is not None:
                item["image"] = self.image_name(step["image"])
                item["alt"] = step["alt_text"]
            items.append(item)
        data["items"] = items
        return data

    def quiz(self, value) -> dict:
        choices = list(value["choices"])
        correct = [n for n, choice in enumerate(choices) if choice["correct"]]
        data = {
            "question": value["question"],
            "choices": yamlio.FlowList(yamlio.Quoted(choice["text"]) for choice in choices),
            "answer": yamlio.FlowList(correct) if value["allow_multiple"] else (correct[0] if correct else 0),
        }
        if value.get("explanation"):
            data["explanation"] = yamlio.Quoted(value["explanation"])
        return data

    def files(self) -> dict[str, str | bytes]:
        """Every file of the folder, by relative path."""
        out: dict[str, str | bytes] = {"course.yaml": self.course_yaml()}
        modules = ModulePage.objects.child_of(self.course).live().specific().order_by("path")
        for m_index, module in enumerate(modules, start=1):
            folder = f"{m_index:02d}-{module.slug}"
            out[f"{folder}/module.yaml"] = yamlio.dump({"title": module.title})
            lessons = LessonPage.objects.child_of(module).live().order_by("path")
            for l_index, lesson in enumerate(lessons, start=1):
                out[f"{folder}/{l_index:02d}-{lesson.slug}.md"] = self.lesson_file(lesson)
        for name, stored in self.names.files.items():
            with stored.open("rb") as handle:
                out[name] = handle.read()
        return out


def export_target(slug: str, path) -> Path:
    """Where ``export_course SLUG PATH`` writes: PATH itself if it is named SLUG, else PATH/SLUG."""
    path = Path(path)
    return path if path.name == slug else path / slug


def course_folder_export(*, course: CoursePage, path, replace: bool = False) -> Path:
    """Write the published version of ``course`` as a course folder; return the folder.

    The folder is ``path`` if it is named after the course slug, otherwise
    ``path/<slug>``. Raises :class:`ExportError` if the course is not published, or if
    the folder exists and is not empty (unless ``replace``, which empties it first).
    """
    if not course.live:
        raise ExportError(f"Course {course.slug} has no published version to export.")
    target = export_target(course.slug, path)
    if target.exists() and any(target.iterdir()):
        if not replace:
            raise ExportError(f"{target} is not empty (use --replace to overwrite it).")
        shutil.rmtree(target)
    files = _CourseWriter(course).files()
    for name, content in sorted(files.items()):
        file_path = target / name
        file_path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            file_path.write_bytes(content)
        else:
            file_path.write_text(content, encoding="utf-8", newline="\n")
    return target
