"""Course → module → lesson pages for search tests, built with Wagtail's page APIs.

Deliberately tiny and separate from the course factories, so the search tests do not
depend on work in progress elsewhere.
"""

from django.utils.html import escape
from wagtail.rich_text import RichText

from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage


def catalogue() -> CourseIndexPage:
    """The course catalogue the migrations create at /courses/."""
    return CourseIndexPage.objects.get()


def make_course(title: str, *, summary: str = "", slug: str | None = None) -> CoursePage:
    """A live course in the catalogue."""
    course = CoursePage(title=title, summary=summary, slug=slug or _slug("course"))
    catalogue().add_child(instance=course)
    return course


def make_module(course: CoursePage, title: str = "บทที่ 1") -> ModulePage:
    """A live module in ``course``."""
    module = ModulePage(title=title, slug=_slug("module"))
    course.add_child(instance=module)
    return module


def make_lesson(module: ModulePage, title: str, text: str = "", *, live: bool = True) -> LessonPage:
    """A lesson whose body is one paragraph of ``text``; published unless ``live=False``."""
    body = [("text", RichText(f"<p>{escape(text)}</p>"))] if text else []
    lesson = LessonPage(title=title, slug=_slug("lesson"), body=body, live=live)
    module.add_child(instance=lesson)
    return lesson


_counter = iter(range(1, 10**9))


def _slug(prefix: str) -> str:
    return f"{prefix}-{next(_counter)}"
