"""Shared set-up for the search benchmarks: a throw-away database and the demo lessons.

Not a test helper and not the course importer: the demo curriculum is loaded here with a
tiny loader of its own (text into one rich-text block per lesson), so the benchmarks do not
wait for the real ``import_course`` command. Benchmarks only; nothing imports this module.
"""

import os
import re
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "courses" / "demo"
#: Wagtail's own database backend, registered beside ours so one run can compare them.
WAGTAIL_DEFAULT = "wagtail_default"


def setup_django(database_name: str):
    """Configure Django for a benchmark and create an empty, migrated database.

    SQLite runs in a temporary folder; PostgreSQL (``DATABASE_URL`` set) in a database
    named ``database_name``. Both backends are registered with automatic index updates
    off, so the benchmark decides when, and with which backend, the index is built.
    Returns a function that drops the database again.
    """
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    os.environ.setdefault("LMS_VAR_DIR", tempfile.mkdtemp(prefix="lms-bench-"))
    from django.conf import settings

    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "cms_content.search.backend", "AUTO_UPDATE": False},
        WAGTAIL_DEFAULT: {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False},
    }
    settings.LOGGING = {"version": 1, "disable_existing_loggers": True}
    if settings.IS_POSTGRES:
        settings.DATABASES["default"]["TEST"] = {"NAME": database_name}

    import django

    django.setup()
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)

    def teardown():
        teardown_databases(old_config, verbosity=0)

    return teardown


def vendor() -> str:
    from django.db import connection

    return connection.vendor


def rebuild_index(backend_name: str) -> None:
    """Rebuild the whole index with one backend (the command an operator runs)."""
    from django.core.management import call_command

    with open(os.devnull, "w") as devnull:
        call_command("wagtail_update_index", backend_name=backend_name, stdout=devnull)


# --- The demo curriculum, loaded crudely ---------------------------------------------

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.DOTALL)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_MARKUP = re.compile(r"(\*\*|__|^#+\s*|^>\s*(\[![A-Z]+\])?\s*|^\s*[-*]\s+|^\s*\d+\.\s+)", re.MULTILINE)


def read_lesson(path: Path) -> tuple[dict, list[str]]:
    """A lesson file's front matter and its text as paragraphs (no images, no markup).

    Numbered steps and quiz questions from the front matter become paragraphs too: the
    real importer puts them in blocks whose text is indexed as well.
    """
    match = _FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    meta, body = (yaml.safe_load(match.group(1)) or {}, match.group(2)) if match else ({}, "")
    body = _MARKUP.sub("", _COMMENT.sub("", _IMAGE.sub("", body)))
    paragraphs = [" ".join(chunk.split()) for chunk in body.split("\n\n") if chunk.strip()]
    for steps in meta.get("steps") or []:
        paragraphs += [steps.get("title") or ""] + [item["text"].replace("**", "") for item in steps["items"]]
    for question in meta.get("quiz") or []:
        paragraphs.append(
            " ".join([question["question"], *question["choices"], question.get("explanation", "")])
        )
    return meta, [p for p in paragraphs if p]


def lesson_body(paragraphs: list[str]):
    """One rich-text block holding the paragraphs, escaped."""
    from django.utils.html import escape
    from wagtail.rich_text import RichText

    return [("text", RichText("".join(f"<p>{escape(p)}</p>" for p in paragraphs)))]


def load_demo_curriculum() -> dict[str, int]:
    """Create the three demo courses as live pages; return ``{"course/module/lesson": pk}``."""
    from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage

    catalogue = CourseIndexPage.objects.get()
    keys: dict[str, int] = {}
    for course_dir in sorted(p for p in DEMO.iterdir() if (p / "course.yaml").exists()):
        meta = yaml.safe_load((course_dir / "course.yaml").read_text(encoding="utf-8"))
        course = catalogue.add_child(
            instance=CoursePage(
                title=meta["title"],
                slug=course_dir.name,
                summary=meta.get("summary", ""),
                description=meta.get("description", ""),
            )
        )
        for module_dir in sorted(p for p in course_dir.iterdir() if (p / "module.yaml").exists()):
            module_meta = yaml.safe_load((module_dir / "module.yaml").read_text(encoding="utf-8"))
            module = course.add_child(instance=ModulePage(title=module_meta["title"], slug=module_dir.name))
            for lesson_file in sorted(module_dir.glob("*.md")):
                lesson_meta, paragraphs = read_lesson(lesson_file)
                lesson = module.add_child(
                    instance=LessonPage(
                        title=lesson_meta["title"], slug=lesson_file.stem, body=lesson_body(paragraphs)
                    )
                )
                keys[f"{course_dir.name}/{module_dir.name}/{lesson_file.stem}"] = lesson.pk
    return keys


def demo_paragraphs() -> list[tuple[str, list[str]]]:
    """Every demo lesson as ``(title, paragraphs)``, without touching the database."""
    return [
        (meta["title"], paragraphs)
        for meta, paragraphs in (read_lesson(path) for path in sorted(DEMO.glob("*/*/*.md")))
    ]
