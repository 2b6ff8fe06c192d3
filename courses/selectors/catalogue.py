"""Selectors for the catalogue, course, module and lesson pages.

Every function here runs a fixed number of queries whatever the size of the course:
the tree is read with one query per level (by materialised path), never one per page,
and the outline is assembled in Python. Pages then only format what they are given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from wagtail.images import get_image_model
from wagtail.models import Page

from courses.constants import Category
from courses.models.pages import CourseIndexPage, CoursePage, LessonPage, ModulePage

__all__ = [
    "CARD_IMAGE_SPECS",
    "CourseCard",
    "CourseOutline",
    "LessonNavigation",
    "ModuleOutline",
    "catalogue_courses",
    "catalogue_categories",
    "course_description_html",
    "course_outline",
    "lesson_has_video",
    "lesson_navigation",
    "module_outline",
]

#: The renditions a course card shows; prefetched together so a card costs no query.
CARD_IMAGE_SPECS = ("fill-400x225|format-webp", "fill-800x450|format-webp")

_LESSON_FIELDS = ("id", "title", "slug", "path", "depth", "url_path", "estimated_minutes", "live")

# Raw HTML in a trainer's Markdown is escaped, not rendered: only Markdown's own markup
# reaches the page, so a pasted <script> or <iframe> stays text.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def course_description_html(markdown_text: str) -> SafeString:
    """Render a course description written in Markdown to safe HTML (raw HTML disabled)."""
    return mark_safe(_markdown.render(markdown_text or ""))  # noqa: S308 - html disabled above


def _path_prefix(page: Page, depth: int) -> str:
    """The materialised path of ``page``'s ancestor at ``depth``."""
    return page.path[: Page.steplen * depth]


def _lesson_minutes(lessons) -> int:
    return sum(lesson.estimated_minutes or 0 for lesson in lessons)


@dataclass
class CourseCard:
    """A course as the catalogue lists it: the page, how many lessons, how long."""

    course: CoursePage
    lesson_count: int
    minutes: int


def catalogue_categories() -> list[tuple[str, str]]:
    """The categories learners can filter the catalogue by, as (value, label)."""
    return list(Category.choices)


def catalogue_courses(*, catalogue: CourseIndexPage, category: str | None = None) -> list[CourseCard]:
    """The live courses of ``catalogue`` (optionally of one category) as cards.

    An unknown category shows every course rather than an empty page. Three queries:
    courses, their cover images with card renditions, and all live lessons under them.
    """
    courses = (
        CoursePage.objects.live()
        .public()
        .child_of(catalogue)
        .order_by("path")
        .prefetch_related(
            Prefetch("cover_image", queryset=get_image_model().objects.prefetch_renditions(*CARD_IMAGE_SPECS))
        )
    )
    if category in Category.values:
        courses = courses.filter(category=category)
    courses = list(courses)
    if not courses:
        return []

    lessons_by_course: dict[str, list[LessonPage]] = {c.path: [] for c in courses}
    course_depth = catalogue.depth + 1
    lessons = LessonPage.objects.live().descendant_of(catalogue).only(*_LESSON_FIELDS)
    for lesson in lessons:
        bucket = lessons_by_course.get(_path_prefix(lesson, course_depth))
        if bucket is not None:
            bucket.append(lesson)
    return [
        CourseCard(
            course=course,
            lesson_count=len(lessons_by_course[course.path]),
            minutes=course.estimated_minutes or _lesson_minutes(lessons_by_course[course.path]),
        )
        for course in courses
    ]


@dataclass
class ModuleOutline:
    """A module and its live lessons, in order, with the time they take."""

    module: ModulePage
    lessons: list[LessonPage] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return _lesson_minutes(self.lessons)


@dataclass
class CourseOutline:
    """A course's modules → lessons, and the course's time estimate.

    ``minutes`` is the trainer's ``estimated_minutes`` when set, else the lessons' sum.
    """

    course: CoursePage
    modules: list[ModuleOutline]

    @property
    def lessons(self) -> list[LessonPage]:
        return [lesson for module in self.modules for lesson in module.lessons]

    @property
    def lesson_count(self) -> int:
        return len(self.lessons)

    @property
    def minutes(self) -> int:
        return self.course.estimated_minutes or _lesson_minutes(self.lessons)


def course_outline(course: CoursePage) -> CourseOutline:
    """The live modules and lessons of ``course`` in course order (two queries)."""
    modules = [ModuleOutline(module=m) for m in ModulePage.objects.live().child_of(course).order_by("path")]
    by_path = {outline.module.path: outline for outline in modules}
    lessons = LessonPage.objects.live().descendant_of(course).order_by("path").only(*_LESSON_FIELDS)
    for lesson in lessons:
        outline = by_path.get(_path_prefix(lesson, course.depth + 1))
        if outline is not None:
            outline.lessons.append(lesson)
    return CourseOutline(course=course, modules=modules)


def module_outline(module: ModulePage) -> tuple[CoursePage, ModuleOutline]:
    """A module's course and its live lessons in order (two queries)."""
    course = CoursePage.objects.get(path=_path_prefix(module, module.depth - 1))
    lessons = list(LessonPage.objects.live().child_of(module).order_by("path").only(*_LESSON_FIELDS))
    return course, ModuleOutline(module=module, lessons=lessons)


@dataclass
class LessonNavigation:
    """Where a lesson sits: its course and module (breadcrumb), the lessons either side
    of it in course order (crossing module boundaries) and the whole outline."""

    course: CoursePage
    module: ModulePage
    outline: CourseOutline
    previous: LessonPage | None
    next: LessonPage | None
    position: int
    total: int


def lesson_navigation(lesson: LessonPage) -> LessonNavigation:
    """Breadcrumb, previous/next and outline for ``lesson`` (three queries).

    A draft lesson seen in preview is not in the live outline; it then gets no
    neighbours rather than an error.
    """
    course = CoursePage.objects.get(path=_path_prefix(lesson, lesson.depth - 2))
    outline = course_outline(course)
    module = next(
        (m.module for m in outline.modules if lesson.path.startswith(m.module.path)),
        None,
    )
    if module is None:  # the module itself is not live (a preview of a draft)
        module = ModulePage.objects.get(path=_path_prefix(lesson, lesson.depth - 1))
    ordered = outline.lessons
    index = next((i for i, other in enumerate(ordered) if other.pk == lesson.pk), None)
    if index is None:
        return LessonNavigation(course, module, outline, None, None, 0, len(ordered))
    return LessonNavigation(
        course=course,
        module=module,
        outline=outline,
        previous=ordered[index - 1] if index > 0 else None,
        next=ordered[index + 1] if index + 1 < len(ordered) else None,
        position=index + 1,
        total=len(ordered),
    )


def lesson_has_video(lesson: LessonPage) -> bool:
    """Whether the lesson shows a video, so the page loads the small player script."""
    return any(block.block_type == "video" for block in lesson.body)
