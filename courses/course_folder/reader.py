"""Read and validate a course folder, without touching the database.

:func:`read_course_folder` returns a :class:`CourseData` ready for the import service, or
raises :class:`~courses.course_folder.errors.CourseFolderError` listing every problem as
``path:line: message``. Everything that can be checked before writing is checked here
(titles, slugs, quiz answers, files and images), so an import either starts with a folder
known to be good or does not start at all.
"""

import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image as PILImage

from courses.constants import DEFAULT_PASS_MARK, READ_ALOUD_AUDIO_MAX_BYTES, Category, Level
from courses.course_folder import yamlio
from courses.course_folder.errors import CourseFolderError, FolderError, error
from courses.course_folder.markdown import FileRef, inline_markdown_to_html, markdown_to_items
from courses.readaloud import audio_problem

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_COURSE_SLUG = re.compile(rf"^{SLUG}$")
_MODULE_DIR = re.compile(rf"^(\d{{2}})-({SLUG})$")
_LESSON_FILE = re.compile(rf"^(\d{{2}})-({SLUG})\.md$")

TITLE_MAX = 255
SUMMARY_MAX = 500
QUIZ_TEXT_MAX = 500
CHOICE_MAX = 300
CAPTION_MAX = 300
ALT_MAX = 300
MIN_CHOICES, MAX_CHOICES = 2, 8

# Block ids are derived from where a block sits, so importing the same folder again
# gives the same ids: learners' quiz answers refer to question block ids.
_ID_NAMESPACE = uuid.UUID("6f1c9a52-3b8e-4c1d-9a57-0e3c2b7d4f10")


def block_id(*parts) -> str:
    """A stable block id for ``parts`` (course slug, lesson slug, kind, position)."""
    return str(uuid.uuid5(_ID_NAMESPACE, "/".join(str(p) for p in parts)))


def list_items(values, *id_parts) -> list:
    """A ListBlock value in Wagtail's stored form, with stable item ids."""
    return [{"type": "item", "value": value, "id": block_id(*id_parts, n)} for n, value in enumerate(values)]


def _list_line(meta, key) -> int:
    lines = getattr(meta, "lines", None) or {}
    return lines.get(key, 1)


@dataclass
class LessonData:
    """A lesson file: ``body`` is raw StreamField data whose files are :class:`FileRef` s."""

    slug: str
    source: str
    title: str
    estimated_minutes: int | None
    body: list
    lines: list[int] = field(default_factory=list)  # the file line of each block in ``body``
    audio: FileRef | None = None  # the optional ``audio`` key: the lesson read aloud


@dataclass
class ModuleData:
    slug: str
    source: str
    title: str
    lessons: list[LessonData] = field(default_factory=list)


@dataclass
class CourseData:
    """Everything in a valid course folder."""

    slug: str
    root: Path
    title: str
    summary: str
    title_en: str  # our optional key (docs/course-folder.md); "" when absent
    description: str
    image: FileRef | None
    estimated_minutes: int | None
    pass_mark: int
    issues_certificate: bool
    language: str
    category: str
    level: str
    modules: list[ModuleData] = field(default_factory=list)

    @property
    def lessons(self):
        return [lesson for module in self.modules for lesson in module.lessons]


class _Reader:
    def __init__(self, root: Path):
        self.root = root
        self.errors: list[FolderError] = []
        self._image_checks: dict[Path, bool] = {}

    # -- values ----------------------------------------------------------------
    def _line(self, data, key):
        lines = getattr(data, "lines", None) or {}
        return lines.get(key, getattr(data, "line", 1))

    def text(self, data, key, source, *, required=False, limit=None, default=""):
        value = data.get(key)
        line = self._line(data, key)
        if value is None or value == "":
            if required:
                self.errors.append(error(source, line, "missing_title"))
            return default
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.errors.append(error(source, line, "not_text", key=key))
            return default
        value = str(value).strip() if not isinstance(value, str) else value
        if limit and len(value) > limit:
            self.errors.append(error(source, line, "too_long", key=key, limit=limit))
        return value

    def whole(self, data, key, source):
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.errors.append(error(source, self._line(data, key), "not_whole_number", key=key))
            return None
        return value

    def boolean(self, data, key, source, default):
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.errors.append(error(source, self._line(data, key), "not_bool", key=key))
            return default
        return value

    def choice(self, data, key, source, choices, default):
        value = data.get(key, default)
        if value not in choices:
            allowed = ", ".join(choices)
            self.errors.append(error(source, self._line(data, key), "bad_choice", key=key, allowed=allowed))
            return default
        return value

    def listing(self, data, key, source):
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.errors.append(error(source, self._line(data, key), "not_list", key=key))
            return []
        return value

    def mapping(self, value, source, line):
        if not isinstance(value, dict):
            self.errors.append(error(source, line, "yaml_not_mapping"))
            return None
        return value

    # -- files -----------------------------------------------------------------
    def file(self, relpath, source, line, *, base: Path | None = None, image=False) -> FileRef | None:
        """Resolve ``relpath`` from the course folder (or, failing that, from ``base``)."""
        if not isinstance(relpath, str) or not relpath.strip():
            self.errors.append(error(source, line, "file_missing", file=relpath))
            return None
        relpath = relpath.strip()
        root = self.root.resolve()
        candidates = [root / relpath] + ([base / relpath] if base is not None else [])
        for candidate in candidates:
            path = candidate.resolve()
            if not path.is_relative_to(root):
                self.errors.append(error(source, line, "file_outside", file=relpath))
                return None
            if path.is_file():
                if image and not self._is_image(path):
                    self.errors.append(error(source, line, "not_an_image", file=relpath))
                    return None
                return FileRef(relpath, source, line, path)
        self.errors.append(error(source, line, "file_missing", file=relpath))
        return None

    def _is_image(self, path: Path) -> bool:
        if path not in self._image_checks:
            try:
                with PILImage.open(path) as picture:
                    picture.verify()
                self._image_checks[path] = True
            except Exception:  # noqa: BLE001 - any decoding failure means "not an image"
                self._image_checks[path] = False
        return self._image_checks[path]

    def load_yaml(self, path: Path, source: str, text: str | None = None, first_line=1):
        if text is None:
            text = self.read_text(path, source)
            if text is None:
                return None
        try:
            data = yamlio.load(text, first_line=first_line)
        except yamlio.YamlProblem as problem:
            self.errors.append(error(source, problem.line, "yaml_invalid", problem=problem.problem))
            return None
        if data is None:
            data = yamlio.LineDict()
            data.line, data.lines = first_line, {}
        return self.mapping(data, source, first_line)

    def read_text(self, path: Path, source: str):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            self.errors.append(error(source, 1, "yaml_invalid", problem="not UTF-8 text"))
            return None
        return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")

    # -- the folder ------------------------------------------------------------
    def read(self) -> CourseData:
        root = self.root
        if not root.is_dir():
            raise CourseFolderError([error(str(root), 1, "not_a_folder")])
        slug = root.resolve().name
        if not _COURSE_SLUG.match(slug):
            self.errors.append(error(".", 1, "bad_course_slug"))
        course_file = root / "course.yaml"
        if not course_file.is_file():
            self.errors.append(error("course.yaml", 1, "missing_course_yaml"))
            meta = None
        else:
            meta = self.load_yaml(course_file, "course.yaml")
        course = self.course(slug, meta or {}) if meta is not None else None
        modules = self.modules(slug)
        if self.errors or course is None:
            raise CourseFolderError(self.errors or [error("course.yaml", 1, "missing_course_yaml")])
        course.modules = modules
        return course

    def course(self, slug, meta) -> CourseData:
        src = "course.yaml"
        image_path = meta.get("image")
        image = None
        if image_path not in (None, ""):
            image = self.file(image_path, src, self._line(meta, "image"), image=True)
        pass_mark = meta.get("pass_mark", DEFAULT_PASS_MARK)
        if isinstance(pass_mark, bool) or not isinstance(pass_mark, int) or not 0 <= pass_mark <= 100:
            self.errors.append(error(src, self._line(meta, "pass_mark"), "pass_mark_range"))
            pass_mark = DEFAULT_PASS_MARK
        return CourseData(
            slug=slug,
            root=self.root,
            title=self.text(meta, "title", src, required=True, limit=TITLE_MAX),
            title_en=self.text(meta, "title_en", src, limit=TITLE_MAX).strip(),
            summary=self.text(meta, "summary", src, limit=SUMMARY_MAX),
            description=self.text(meta, "description", src),
            image=image,
            estimated_minutes=self.whole(meta, "estimated_minutes", src),
            pass_mark=pass_mark,
            issues_certificate=self.boolean(meta, "issues_certificate", src, True),
            language=self.text(meta, "language", src, limit=20, default="th") or "th",
            category=self.choice(meta, "category", src, Category.values, Category.OTHER.value),
            level=self.choice(meta, "level", src, Level.values, Level.BEGINNER.value),
        )

    def modules(self, course_slug) -> list[ModuleData]:
        modules = []
        seen_modules: dict[str, str] = {}
        seen_lessons: dict[str, str] = {}
        entries = sorted(p for p in self.root.iterdir() if p.is_dir() and not p.name.startswith("."))
        for directory in entries:
            match = _MODULE_DIR.match(directory.name)
            if not match:
                if directory.name[:1].isdigit():
                    self.errors.append(error(f"{directory.name}/", 1, "bad_module_name"))
                continue
            slug = match.group(2)
            source_dir = directory.name
            if slug in seen_modules:
                self.errors.append(
                    error(f"{source_dir}/", 1, "duplicate_module", slug=slug, other=seen_modules[slug])
                )
                continue
            seen_modules[slug] = f"{source_dir}/"
            title = slug
            module_file = directory / "module.yaml"
            if module_file.is_file():
                meta = self.load_yaml(module_file, f"{source_dir}/module.yaml")
                if meta:
                    title = self.text(meta, "title", f"{source_dir}/module.yaml", limit=TITLE_MAX) or slug
            module = ModuleData(slug=slug, source=f"{source_dir}/", title=title)
            for lesson_file in sorted(p for p in directory.iterdir() if p.is_file() and p.suffix == ".md"):
                source = f"{source_dir}/{lesson_file.name}"
                lesson_match = _LESSON_FILE.match(lesson_file.name)
                if not lesson_match:
                    if lesson_file.name[:1].isdigit():
                        self.errors.append(error(source, 1, "bad_lesson_name"))
                    continue
                lesson_slug = lesson_match.group(2)
                if lesson_slug in seen_lessons:
                    self.errors.append(
                        error(
                            source, 1, "duplicate_lesson", slug=lesson_slug, other=seen_lessons[lesson_slug]
                        )
                    )
                    continue
                seen_lessons[lesson_slug] = source
                lesson = self.lesson(course_slug, lesson_slug, lesson_file, source)
                if lesson is not None:
                    module.lessons.append(lesson)
            modules.append(module)
        if not modules and not self.errors:
            self.errors.append(error("course.yaml", 1, "no_modules"))
        return modules

    def lesson(self, course_slug, slug, path: Path, source: str) -> LessonData | None:
        text = self.read_text(path, source)
        if text is None:
            return None
        lines = text.split("\n")
        if not lines or lines[0].strip() != "---":
            self.errors.append(error(source, 1, "no_front_matter"))
            return None
        close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
        if close is None:
            self.errors.append(error(source, 1, "front_matter_unclosed"))
            return None
        meta = self.load_yaml(path, source, text="\n".join(lines[1:close]) + "\n", first_line=2)
        if meta is None:
            return None
        title = self.text(meta, "title", source, required=True, limit=TITLE_MAX)
        minutes = self.whole(meta, "estimated_minutes", source)
        audio = None
        if meta.get("audio") not in (None, ""):
            audio = self.audio(meta["audio"], source, self._line(meta, "audio"), base=path.parent)
        body = "\n".join(lines[close + 1 :])
        converted = markdown_to_items(body, source=source, first_line=close + 2, video_title=title)
        self.errors.extend(converted.errors)
        steps = [
            self.steps_block(
                item,
                source,
                meta["steps"].lines[i] if isinstance(meta.get("steps"), list) else 1,
                (course_slug, slug, "steps-item", i),
            )
            for i, item in enumerate(self.listing(meta, "steps", source))
        ]
        downloads = [
            self.download(item, source, meta["downloads"].lines[i])
            for i, item in enumerate(self.listing(meta, "downloads", source))
        ]
        quiz = self.listing(meta, "quiz", source)

        blocks = []
        counters: dict[str, int] = {}

        lines = []

        def add(kind, value, line):
            lines.append(line)
            n = counters.get(kind, 0)
            counters[kind] = n + 1
            if kind == "table":
                parts = (course_slug, slug, kind, n)
                value["header"] = list_items(value["header"], *parts, "header")
                value["rows"] = list_items(
                    [list_items(row, *parts, "row", r) for r, row in enumerate(value["rows"])], *parts, "rows"
                )
            blocks.append({"type": kind, "value": value, "id": block_id(course_slug, slug, kind, n)})

        base = path.parent
        pending = {"steps": list(steps), "downloads": list(downloads)}
        for item in converted.items:
            if item.kind == "marker":
                queue = pending[item.marker]
                if not queue:
                    self.errors.append(error(source, item.line, "marker_unused", kind=item.marker))
                    continue
                value = queue.pop(0)
                if value is not None:
                    add("steps" if item.marker == "steps" else "document", value, item.line)
                continue
            if item.kind == "image":
                ref = item.value["image"]
                item.value["image"] = self.file(ref.relpath, source, ref.line, base=base, image=True)
                if len(item.value["caption"]) > CAPTION_MAX:
                    self.errors.append(error(source, item.line, "too_long", key="caption", limit=CAPTION_MAX))
                if len(item.value["alt_text"]) > ALT_MAX:
                    self.errors.append(error(source, item.line, "too_long", key="alt text", limit=ALT_MAX))
            add(item.kind, item.value, item.line)
        for value in pending["steps"]:
            if value is not None:
                add("steps", value, _list_line(meta, "steps"))
        for value in pending["downloads"]:
            if value is not None:
                add("document", value, _list_line(meta, "downloads"))
        for index, question in enumerate(quiz):
            line = quiz.lines[index] if hasattr(quiz, "lines") else 1
            value = self.quiz_question(question, source, line, (course_slug, slug, "quiz", index))
            if value is not None:
                lines.append(line)
                # The id depends on the question's position only, so answers stay attached
                # across re-imports of the same folder.
                blocks.append(
                    {
                        "type": "quiz_question",
                        "value": value,
                        "id": block_id(course_slug, slug, "quiz", index),
                    }
                )
        return LessonData(
            slug=slug,
            source=source,
            title=title,
            estimated_minutes=minutes,
            body=blocks,
            lines=lines,
            audio=audio,
        )

    def audio(self, relpath, source, line, *, base) -> FileRef | None:
        """The lesson's recording: a file in the folder that is an MP3, M4A, OGG or WAV
        recording within the size limit (the same check as the admin's)."""
        ref = self.file(relpath, source, line, base=base)
        if ref is None:
            return None
        with ref.path.open("rb") as handle:
            head = handle.read(12)
        problem = audio_problem(name=ref.path.name, size=ref.path.stat().st_size, head=head)
        if problem is not None:
            limit = READ_ALOUD_AUDIO_MAX_BYTES // (1024 * 1024)
            self.errors.append(error(source, line, f"audio_{problem}", file=ref.relpath, limit=limit))
            return None
        return ref

    def steps_block(self, data, source, line, id_parts):
        data = self.mapping(data, source, line)
        if data is None:
            return None
        title = self.text(data, "title", source, limit=200)
        items = self.listing(data, "items", source)
        if not items:
            self.errors.append(error(source, line, "steps_items"))
            return None
        steps = []
        for index, item in enumerate(items):
            item_line = items.lines[index] if hasattr(items, "lines") else line
            item = self.mapping(item, source, item_line)
            if item is None:
                continue
            text = self.text(item, "text", source)
            if not text.strip():
                self.errors.append(error(source, item_line, "step_text"))
            image = None
            alt = self.text(item, "alt", source, limit=300)
            if item.get("image"):
                image = self.file(item["image"], source, self._line(item, "image"), image=True)
                if not alt.strip():
                    self.errors.append(error(source, self._line(item, "image"), "step_alt"))
            steps.append(
                {
                    "text": inline_markdown_to_html(text),
                    "image": image,
                    "alt_text": alt.strip() if image else "",
                }
            )
        return {"title": title, "steps": list_items(steps, *id_parts)}

    def download(self, data, source, line):
        data = self.mapping(data, source, line)
        if data is None:
            return None
        if not data.get("file"):
            self.errors.append(error(source, line, "download_file"))
            return None
        ref = self.file(data["file"], source, self._line(data, "file"))
        title = self.text(data, "title", source, limit=200)
        if ref is None:
            return None
        return {"document": ref, "title": title or Path(ref.relpath).stem}

    def quiz_question(self, data, source, line, id_parts):
        data = self.mapping(data, source, line)
        if data is None:
            return None
        question = self.text(data, "question", source, limit=QUIZ_TEXT_MAX)
        if not question.strip():
            self.errors.append(error(source, line, "quiz_question"))
        choices = data.get("choices")
        choices_line = self._line(data, "choices")
        if not isinstance(choices, list) or not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
            self.errors.append(error(source, choices_line, "quiz_choices"))
            return None
        texts = []
        for choice in choices:
            if (
                isinstance(choice, bool)
                or not isinstance(choice, str | int | float)
                or str(choice).strip() == ""
            ):
                self.errors.append(error(source, choices_line, "not_text", key="choices"))
                return None
            if len(str(choice)) > CHOICE_MAX:
                self.errors.append(error(source, choices_line, "too_long", key="choices", limit=CHOICE_MAX))
            texts.append(str(choice))
        answer = data.get("answer")
        answer_line = self._line(data, "answer")
        if answer is None:
            self.errors.append(error(source, line, "quiz_answer_missing"))
            return None
        multiple = isinstance(answer, list)
        indexes = answer if multiple else [answer]
        if not indexes or any(isinstance(i, bool) or not isinstance(i, int) for i in indexes):
            self.errors.append(error(source, answer_line, "quiz_answer_type"))
            return None
        for index in indexes:
            if not 0 <= index < len(texts):
                self.errors.append(
                    error(source, answer_line, "quiz_answer_range", index=index, count=len(texts))
                )
                return None
        explanation = self.text(data, "explanation", source)
        return {
            "question": question,
            "allow_multiple": multiple,
            "choices": list_items(
                [{"text": text, "correct": n in indexes} for n, text in enumerate(texts)], *id_parts, "choice"
            ),
            "explanation": explanation,
        }


def read_course_folder(path) -> CourseData:
    """Read the course folder at ``path``; raise ``CourseFolderError`` if anything is wrong."""
    return _Reader(Path(path)).read()
