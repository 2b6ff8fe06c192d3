"""Selectors for learners' progress: course_progress, the lesson page and the dashboard.

Each selector runs a fixed number of queries whatever the number of lessons or
courses, so pages stay fast on slow links and big courses.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db.models import F, Q

from courses.models import CoursePage, Enrollment, LessonPage, LessonProgress, ModulePage, QuizAttempt
from courses.selectors.catalogue import course_outline

__all__ = [
    "CourseProgress",
    "DashboardRow",
    "LessonLearning",
    "OutlineLesson",
    "OutlineModule",
    "course_lessons",
    "course_progress",
    "dashboard_rows",
    "enrollment_for_course",
    "lesson_course",
    "lesson_learning",
    "next_lesson_after",
    "course_state",
    "quiz_attempt_for_learner",
    "latest_quiz_attempts",
]


@dataclass(frozen=True)
class CourseProgress:
    """How far a learner is in a course: ``done`` of ``total`` live lessons."""

    done: int
    total: int

    @property
    def percent(self) -> int:
        """Whole percent done, 0 for an empty course."""
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class OutlineLesson:
    """A lesson line in the course outline."""

    lesson: LessonPage
    done: bool = False
    current: bool = False


@dataclass
class OutlineModule:
    """A module heading with its lessons, in tree order."""

    module: ModulePage
    lessons: list[OutlineLesson] = field(default_factory=list)


@dataclass
class LessonLearning:
    """Everything the lesson page's learning parts need (outline, actions, quiz).

    Built by :func:`lesson_learning`; templates only format it.
    """

    course: CoursePage | None
    lesson: LessonPage
    enrollment: Enrollment | None
    outline: list[OutlineModule]
    progress: CourseProgress
    lesson_done: bool
    questions: list
    next_lesson: LessonPage | None
    previous_lesson: LessonPage | None
    latest_attempt: QuizAttempt | None = None
    # A fresh key per rendered quiz form: a double-tapped submit sends it twice.
    submission_key: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def has_quiz(self) -> bool:
        return bool(self.questions)

    @property
    def course_complete(self) -> bool:
        return bool(self.enrollment and self.enrollment.completed_at)


@dataclass
class DashboardRow:
    """One course on "my courses": its progress and where to continue."""

    enrollment: Enrollment
    progress: CourseProgress
    continue_lesson: LessonPage | None

    @property
    def course(self) -> CoursePage:
        return self.enrollment.course


def _live_lessons_under(*paths_and_depths):
    """Live lessons under any of the given (path, depth) pages, in tree order."""
    condition = Q()
    for path, depth in paths_and_depths:
        condition |= Q(path__startswith=path, depth__gt=depth)
    return LessonPage.objects.live().filter(condition).defer("body").order_by("path")


def course_lessons(*, course: CoursePage):
    """The course's live lessons in reading order (module order, then lesson order)."""
    return _live_lessons_under((course.path, course.depth))


def lesson_course(*, lesson: LessonPage) -> CoursePage | None:
    """The live course a lesson belongs to, or ``None``. One query."""
    paths = [lesson.path[: lesson.steplen * depth] for depth in range(1, lesson.depth)]
    return CoursePage.objects.live().filter(path__in=paths).first()


def enrollment_for_course(*, user, course: CoursePage) -> Enrollment | None:
    """The learner's enrollment in the course, or ``None`` (also for anonymous users)."""
    if user is None or not user.is_authenticated:
        return None
    return Enrollment.objects.filter(user=user, course=course).first()


def _completed_ids(*, user, lesson_ids) -> set[int]:
    if user is None or not user.is_authenticated or not lesson_ids:
        return set()
    return set(
        LessonProgress.objects.filter(
            user=user, lesson_id__in=lesson_ids, completed_at__isnull=False
        ).values_list("lesson_id", flat=True)
    )


def course_progress(*, user, course: CoursePage) -> CourseProgress:
    """Done and total counts of the course's live lessons for the learner. Two queries."""
    ids = list(course_lessons(course=course).values_list("pk", flat=True))
    return CourseProgress(done=len(_completed_ids(user=user, lesson_ids=ids)), total=len(ids))


def lesson_learning(
    *, user, lesson: LessonPage, course: CoursePage | None = None, outline=None, questions=None
) -> LessonLearning:
    """The learner's state on a lesson page: outline with ticks, progress, neighbours,
    whether this lesson is done, its quiz questions and the latest attempt.

    A fixed handful of queries (course, modules, lessons, enrollment, progress,
    latest attempt) whatever the size of the course. A page that has already read the
    course's outline (:func:`courses.selectors.catalogue.course_outline`, which is also
    what is read here otherwise) passes it as ``outline`` and ``course``, and the tree is
    not read twice; one that knows the lesson has no quiz passes ``questions=[]``, and the
    body is not read at all.
    """
    course = course or lesson_course(lesson=lesson)
    if questions is None:
        questions = lesson.quiz_questions
    if course is None:
        return LessonLearning(
            course=None,
            lesson=lesson,
            enrollment=None,
            outline=[],
            progress=CourseProgress(0, 0),
            lesson_done=False,
            questions=questions,
            next_lesson=None,
            previous_lesson=None,
        )
    if outline is None:
        outline = course_outline(course)
    modules = [item.module for item in outline.modules]
    lessons = list(outline.lessons)
    enrollment = enrollment_for_course(user=user, course=course)
    done_ids = _completed_ids(user=user, lesson_ids=[item.pk for item in lessons]) if enrollment else set()
    by_module = {module.path: OutlineModule(module=module) for module in modules}
    for item in lessons:
        parent = by_module.get(item.path[: item.steplen * (item.depth - 1)])
        if parent is not None:
            parent.lessons.append(
                OutlineLesson(lesson=item, done=item.pk in done_ids, current=item.pk == lesson.pk)
            )
    # Only lessons shown in the outline count and give the reading order.
    ordered = [entry.lesson for module in by_module.values() for entry in module.lessons]
    position = next((i for i, item in enumerate(ordered) if item.pk == lesson.pk), None)
    latest_attempt = None
    if enrollment and questions:
        latest_attempt = (
            QuizAttempt.objects.filter(user=user, lesson=lesson).order_by("-submitted_at").first()
        )
    return LessonLearning(
        course=course,
        lesson=lesson,
        enrollment=enrollment,
        outline=[module for module in by_module.values() if module.lessons],
        progress=CourseProgress(done=len(done_ids & {item.pk for item in ordered}), total=len(ordered)),
        lesson_done=lesson.pk in done_ids,
        questions=questions,
        next_lesson=ordered[position + 1] if position is not None and position + 1 < len(ordered) else None,
        previous_lesson=ordered[position - 1] if position else None,
        latest_attempt=latest_attempt,
    )


def dashboard_rows(*, user) -> list[DashboardRow]:
    """The learner's courses, newest first, each with progress and the lesson to
    continue with: the first unfinished lesson in reading order (the last visited
    lesson when every lesson is done). Three queries for any number of courses.
    """
    enrollments = list(
        Enrollment.objects.filter(user=user, course__live=True)
        .select_related("course", "last_lesson")
        .order_by(F("completed_at").asc(nulls_first=True), "-created_at")
    )
    if not enrollments:
        return []
    lessons = list(_live_lessons_under(*[(e.course.path, e.course.depth) for e in enrollments]))
    done_ids = _completed_ids(user=user, lesson_ids=[item.pk for item in lessons])
    rows = []
    for enrollment in enrollments:
        course = enrollment.course
        own = [item for item in lessons if item.path.startswith(course.path)]
        unfinished = next((item for item in own if item.pk not in done_ids), None)
        rows.append(
            DashboardRow(
                enrollment=enrollment,
                progress=CourseProgress(done=sum(item.pk in done_ids for item in own), total=len(own)),
                continue_lesson=unfinished or (own[0] if own else None),
            )
        )
    return rows


def next_lesson_after(*, lesson: LessonPage) -> LessonPage | None:
    """The live lesson after ``lesson`` in its course's reading order, or ``None``.

    One query: lessons are ordered by tree path, and the course is the lesson's
    grandparent (course → module → lesson).
    """
    course_path = lesson.path[: lesson.steplen * (lesson.depth - 2)]
    return (
        LessonPage.objects.live()
        .filter(path__startswith=course_path, depth=lesson.depth, path__gt=lesson.path)
        .defer("body")
        .order_by("path")
        .first()
    )


def course_state(*, user, course: CoursePage) -> DashboardRow | None:
    """The learner's enrollment, progress and next lesson in one course (the enroll
    button on the course page), or ``None`` when not enrolled."""
    enrollment = enrollment_for_course(user=user, course=course)
    if enrollment is None:
        return None
    lessons = list(course_lessons(course=course))
    done_ids = _completed_ids(user=user, lesson_ids=[item.pk for item in lessons])
    unfinished = next((item for item in lessons if item.pk not in done_ids), None)
    return DashboardRow(
        enrollment=enrollment,
        progress=CourseProgress(done=len(done_ids), total=len(lessons)),
        continue_lesson=unfinished or (lessons[0] if lessons else None),
    )


def quiz_attempt_for_learner(*, user, attempt_id: int) -> QuizAttempt | None:
    """One of the learner's own attempts (never someone else's), with its lesson."""
    return (
        QuizAttempt.objects.filter(user=user, pk=attempt_id)
        .select_related("lesson", "enrollment", "enrollment__course")
        .first()
    )


def latest_quiz_attempts(*, user, limit: int = 200) -> list[QuizAttempt]:
    """The learner's latest attempt at each quiz, newest first, with its lesson (title
    only) and course: what staff see on a learner's page. One query, whatever the number
    of attempts (at most ``limit`` are read)."""
    attempts = (
        QuizAttempt.objects.filter(user=user)
        .select_related("lesson", "enrollment__course")
        .only(
            "pk",
            "score_percent",
            "passed",
            "submitted_at",
            "lesson__id",
            "lesson__title",
            "enrollment__id",
            "enrollment__course__id",
            "enrollment__course__title",
            "enrollment__course__pass_mark",
        )
        .order_by("-submitted_at")[:limit]
    )
    latest: dict[int, QuizAttempt] = {}
    for attempt in attempts:
        latest.setdefault(attempt.lesson_id, attempt)
    return list(latest.values())
