"""The parts of a lesson page that are the same for every learner, from the shared cache.

A logged-in lesson page cannot be cached whole: the done marks, the progress bar, the
quiz state and the "I have finished" button are the learner's own. What is the same for
everyone is cached (``cms_content.page_cache.shared_fragment``): the rendered lesson body
and the course's navigation (breadcrumb, previous/next, outline). Keys hold the page id,
its latest revision and the page-cache generation, so a publish, move or delete anywhere
retires them on the next request. The learner's state is then read per request
(:func:`courses.selectors.progress.lesson_learning`, a fixed handful of queries) and
drawn around them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from cms_content.page_cache import shared_fragment
from courses.models.pages import LessonPage
from courses.selectors.catalogue import LessonNavigation, lesson_navigation

__all__ = ["LessonBody", "lesson_body", "lesson_navigation_shared"]


@dataclass(frozen=True)
class LessonBody:
    """A lesson's rendered body, for visitors (quiz questions shown read-only) and for
    enrolled learners (quiz questions left out: they answer them in the quiz form)."""

    html_for_visitors: str
    html_for_learners: str
    has_video: bool
    has_quiz: bool

    def html(self, *, enrolled: bool) -> SafeString:
        return mark_safe(self.html_for_learners if enrolled else self.html_for_visitors)  # noqa: S308


def _lesson_version(lesson: LessonPage) -> str:
    return f"{lesson.pk}:{lesson.latest_revision_id or 0}:{lesson.last_published_at and lesson.last_published_at.timestamp()}"


def _render_body(lesson: LessonPage) -> LessonBody:
    blocks = list(lesson.body)
    html = {
        enrolled: render_to_string(
            "courses/includes/lesson_body.html", {"page": lesson, "blocks": blocks, "enrolled": enrolled}
        )
        for enrolled in (False, True)
    }
    return LessonBody(
        html_for_visitors=html[False],
        html_for_learners=html[True],
        has_video=any(block.block_type == "video" for block in blocks),
        has_quiz=any(block.block_type == "quiz_question" for block in blocks),
    )


def lesson_body(*, lesson: LessonPage, request=None) -> LessonBody:
    """The lesson's rendered body and what it contains (video, quiz). Rendered without
    the request, so nothing of one visitor can be in it; built afresh in previews."""
    return shared_fragment(
        name="lesson-body",
        parts=(_lesson_version(lesson),),
        build=lambda: _render_body(lesson),
        request=request,
    )


def lesson_navigation_shared(*, lesson: LessonPage, request=None) -> LessonNavigation:
    """:func:`courses.selectors.catalogue.lesson_navigation` (breadcrumb, previous/next,
    outline) from the shared cache: no tree query on a warm page."""
    return shared_fragment(
        name="lesson-navigation",
        parts=(_lesson_version(lesson),),
        build=lambda: lesson_navigation(lesson),
        request=request,
    )
