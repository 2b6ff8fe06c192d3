"""Reads for the search page: which live courses and lessons match, in what order.

Ranking: the backend orders by relevance; on top of that, a lesson or course whose
*title* holds more of the query's words comes first, because a learner who types
พร้อมเพย์ wants the lesson called "รับเงินด้วยพร้อมเพย์" before one that mentions it.
"""

import re
from dataclasses import dataclass, field
from html import unescape

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from cms_content.search.segmentation import (
    MAX_QUERY_LENGTH,
    canonical_spelling,
    clean_query,
    query_terms,
    segment_for_index,
    spellings,
)
from courses.models import CoursePage, LessonPage
from courses.selectors.catalogue import course_description_html

#: How many lessons and courses the page lists (the best ones; nobody reads page 5).
LESSON_LIMIT = 30
COURSE_LIMIT = 5
# Characters of context shown before and after the first matched word.
_SNIPPET_BEFORE = 60
_SNIPPET_LENGTH = 220

__all__ = ["SearchHit", "SearchResults", "search_site", "searchable_courses"]


@dataclass(frozen=True)
class SearchHit:
    """One result: the page, the course it belongs to, and its marked-up title and snippet."""

    page: CoursePage | LessonPage
    course: CoursePage
    title_html: SafeString
    snippet_html: SafeString


@dataclass(frozen=True)
class SearchResults:
    """What the search page shows for one query."""

    query: str
    terms: list[str]
    was_cut: bool
    course: CoursePage | None
    #: Every live course, for the "in course" filter.
    available_courses: list[CoursePage] = field(default_factory=list)
    courses: list[SearchHit] = field(default_factory=list)
    lessons: list[SearchHit] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.courses or self.lessons)


def searchable_courses():
    """Live, public courses a learner may narrow the search to, by title."""
    return CoursePage.objects.live().public().order_by("title")


def search_site(*, query: str, course_id: int | None = None, backend: str = "default") -> SearchResults:
    """Search live courses and lessons for ``query``.

    ``query`` may be anything a browser sends: it is cut to ``MAX_QUERY_LENGTH`` characters,
    and a query without a single word in it returns no results (never an error).
    ``course_id`` narrows the search to one live course; an unknown id is ignored.
    ``backend`` names a ``WAGTAILSEARCH_BACKENDS`` entry (the quality benchmark compares two).
    """
    raw = str(query or "")
    cleaned = clean_query(raw)
    terms = query_terms(cleaned)
    available = list(searchable_courses())
    courses = {course.path: course for course in available}
    chosen = next((c for c in available if course_id is not None and c.pk == course_id), None)
    results = SearchResults(
        query=cleaned,
        terms=terms,
        was_cut=len(raw.strip()) > MAX_QUERY_LENGTH,
        course=chosen,
        available_courses=available,
    )
    if not terms:
        return results
    if chosen is not None:
        courses = {chosen.path: chosen}
    if not courses:
        return results

    # Already known to be live and public: no second view-restriction query.
    course_pages = CoursePage.objects.live().filter(pk__in=[c.pk for c in courses.values()])
    marked = spellings(terms)  # เฟสบุ๊ค also marks Facebook and เฟซบุ๊ก in the text
    for course in _ranked(course_pages, cleaned, terms, backend, COURSE_LIMIT):
        description = _markdown_as_text(course.description)
        results.courses.append(_hit(course, course, [course.summary, description], marked))

    lessons = LessonPage.objects.live().public()
    if chosen is not None:
        lessons = lessons.descendant_of(chosen)
    for lesson in _ranked(lessons, cleaned, terms, backend, LESSON_LIMIT):
        course = _course_of(lesson, courses)
        if course is not None:  # a live lesson left in an unpublished course stays hidden
            body = lesson._meta.get_field("body").get_searchable_content(lesson.body)
            results.lessons.append(_hit(lesson, course, body, marked))
    return results


def _ranked(queryset, query: str, terms: list[str], backend: str, limit: int) -> list:
    """The best ``limit`` matches: every word if any page has them all, else any word;
    then title matches first (stable, so relevance breaks ties)."""
    pages = list(queryset.search(query, operator="and", backend=backend)[:limit])
    if not pages and len(terms) > 1:
        pages = list(queryset.search(query, operator="or", backend=backend)[:limit])
    wanted = {canonical_spelling(term).casefold() for term in terms}

    def title_words(page) -> int:
        return len(wanted & set(segment_for_index(page.title).casefold().split()))

    return sorted(pages, key=lambda page: -title_words(page))


def _markdown_as_text(markdown_text: str) -> str:
    """A course description (Markdown) as the plain text a learner reads, so a snippet
    never shows ``**`` or ``#``."""
    return unescape(strip_tags(course_description_html(markdown_text)))


def _course_of(lesson: LessonPage, courses: dict[str, CoursePage]) -> CoursePage | None:
    """The live course above ``lesson``, found by tree path without another query."""
    for path, course in courses.items():
        if lesson.path.startswith(path):
            return course
    return None


def _hit(page, course: CoursePage, texts: list[str], terms: list[str]) -> SearchHit:
    text = " ".join(" ".join(str(t) for t in texts if t).split())
    return SearchHit(
        page=page, course=course, title_html=highlight(page.title, terms), snippet_html=snippet(text, terms)
    )


def _terms_pattern(terms: list[str]) -> re.Pattern:
    # Longest first, so ไลฟ์สด is marked whole rather than as ไลฟ์.
    alternatives = sorted((re.escape(term) for term in terms), key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def highlight(text: str, terms: list[str]) -> SafeString:
    """``text`` escaped, with every occurrence of a query word in ``<mark>``."""
    if not terms:
        return escape(text)
    pattern = _terms_pattern(terms)
    out, position = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[position : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def snippet(text: str, terms: list[str]) -> SafeString:
    """A short passage of ``text`` around the first query word, highlighted."""
    match = _terms_pattern(terms).search(text) if terms else None
    start = max(0, match.start() - _SNIPPET_BEFORE) if match else 0
    if start:
        # Start at a space where there is one near, not in the middle of a word.
        space = text.find(" ", start, match.start())
        start = space + 1 if space != -1 else start
    end = min(len(text), start + _SNIPPET_LENGTH)
    passage = text[start:end]
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{highlight(passage, terms)}{suffix}")  # noqa: S308 - highlight escapes
