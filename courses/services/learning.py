"""Enrollment, lesson completion, quiz attempts and course completion.

These are the only functions that write ``Enrollment``, ``LessonProgress`` and
``QuizAttempt`` (and ``InPersonAssessment``, the in-person stand-in for a passed quiz).
Views, commands, the in-person sessions code and tests all call them.

Concurrency: every service runs in one transaction. On PostgreSQL the learner's
enrollment row is locked (``SELECT … FOR UPDATE``) before anything is written, so two
requests for the same learner and course queue up instead of interleaving; on SQLite
the project's ``IMMEDIATE`` transactions take the database write lock at ``BEGIN``,
which has the same effect. Rows are created with ``get_or_create`` and a retry on
``IntegrityError``, so the unique constraints settle any race the locks miss (a first
enrollment, for instance, has no row to lock yet).

The course's completion is decided by :func:`enrollment_refresh_completion`, which is
called by every write that can complete a lesson and sends
:data:`courses.signals.course_completed` exactly once per enrollment (docs/events.md).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from courses.exceptions import (
    CourseNotAvailableError,
    LessonNotAvailableError,
    NoQuizError,
    NotEnrolledError,
    QuizAnswerError,
    QuizEmptyError,
    QuizLessonError,
)
from courses.models import CoursePage, Enrollment, InPersonAssessment, LessonPage, LessonProgress, QuizAttempt
from courses.signals import course_completed

__all__ = [
    "enrollment_create",
    "enrollment_refresh_completion",
    "lesson_complete",
    "lesson_visit",
    "lessons_complete_in_person",
    "quiz_attempt_submit",
]


def _ancestor_paths(page) -> list[str]:
    """The tree paths of every ancestor of ``page`` (Wagtail's materialised path)."""
    steplen = page.steplen
    return [page.path[: steplen * depth] for depth in range(1, page.depth)]


def _get_or_create(model, *, defaults: dict, **lookup):
    """``get_or_create`` that survives a concurrent insert of the same row.

    ``get_or_create`` already wraps its INSERT in a savepoint; if another transaction
    inserted the row between our SELECT and INSERT, the unique constraint raises and we
    read the winner's row instead.
    """
    try:
        return model.objects.get_or_create(defaults=defaults, **lookup)
    except IntegrityError:
        return model.objects.get(**lookup), False


def _locked_enrollment(*, user, lesson) -> Enrollment:
    """The learner's enrollment in the live course that holds ``lesson``, locked.

    One query in the usual case. Raises :class:`LessonNotAvailableError` when the
    lesson is not live or not in a live course, :class:`NotEnrolledError` when the
    learner has not enrolled.
    """
    if not isinstance(lesson, LessonPage) or not lesson.live:
        raise LessonNotAvailableError()
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("course")
        .filter(user=user, course__live=True, course__path__in=_ancestor_paths(lesson))
        .first()
    )
    if enrollment is not None:
        return enrollment
    # The error path may spend a query to say which of the two it is.
    if not CoursePage.objects.live().filter(path__in=_ancestor_paths(lesson)).exists():
        raise LessonNotAvailableError()
    raise NotEnrolledError()


@transaction.atomic
def enrollment_create(*, user, course: CoursePage) -> Enrollment:
    """Enroll ``user`` in ``course`` and return the enrollment; idempotent.

    Enrolling twice returns the existing enrollment unchanged. The enrollment records
    the learner's home center, which reports count it under.

    Raises :class:`CourseNotAvailableError` if the course is not published.
    """
    if not isinstance(course, CoursePage) or not course.live:
        raise CourseNotAvailableError()
    enrollment, _created = _get_or_create(
        Enrollment,
        user=user,
        course=course,
        defaults={"center_id": getattr(user, "home_center_id", None)},
    )
    return enrollment


@transaction.atomic
def lesson_visit(*, enrollment: Enrollment, lesson: LessonPage) -> None:
    """Record that the learner opened ``lesson``: one upsert of their progress row.

    Called on every lesson page view by an enrolled learner, so it is kept cheap: the
    progress row is inserted or its ``last_visited_at`` updated in one statement, and
    the enrollment's ``last_lesson`` is written only when it changes. The caller has
    checked that the lesson belongs to the enrollment's course.
    """
    now = timezone.now()
    LessonProgress.objects.bulk_create(
        [
            LessonProgress(
                user_id=enrollment.user_id,
                lesson=lesson,
                enrollment=enrollment,
                first_visited_at=now,
                last_visited_at=now,
            )
        ],
        update_conflicts=True,
        unique_fields=["user", "lesson"],
        update_fields=["last_visited_at"],
    )
    if enrollment.last_lesson_id != lesson.pk:
        Enrollment.objects.filter(pk=enrollment.pk).update(last_lesson=lesson)
        enrollment.last_lesson_id = lesson.pk


def _mark_progress_complete(*, enrollment: Enrollment, lesson: LessonPage) -> LessonProgress:
    """Set the lesson complete for the enrollment's learner; a second call changes nothing."""
    now = timezone.now()
    progress, created = _get_or_create(
        LessonProgress,
        user_id=enrollment.user_id,
        lesson=lesson,
        defaults={"enrollment": enrollment, "completed_at": now, "last_visited_at": now},
    )
    if not created and progress.completed_at is None:
        # Conditional UPDATE: of two racing requests only one changes the row.
        LessonProgress.objects.filter(pk=progress.pk, completed_at__isnull=True).update(completed_at=now)
        progress.completed_at = now
    return progress


@transaction.atomic
def lesson_complete(*, user, lesson: LessonPage) -> LessonProgress:
    """Mark a lesson without quiz questions complete, and complete the course if it
    was the last one. Idempotent: completing twice keeps the first completion time.

    Raises :class:`LessonNotAvailableError`, :class:`NotEnrolledError`, or
    :class:`QuizLessonError` when the lesson has quiz questions (those complete by
    passing the quiz, :func:`quiz_attempt_submit`).
    """
    enrollment = _locked_enrollment(user=user, lesson=lesson)
    if lesson.quiz_questions:
        raise QuizLessonError()
    progress = _mark_progress_complete(enrollment=enrollment, lesson=lesson)
    _refresh_completion(enrollment=enrollment)
    progress.enrollment = enrollment
    return progress


@transaction.atomic
def lessons_complete_in_person(*, user, course: CoursePage, lessons, session=None, assessed_by=None) -> bool:
    """Mark ``lessons`` of ``course`` done for a learner taught them in person, then
    complete the course if nothing else is left. Returns whether the course is complete.

    Lessons without a quiz complete as with :func:`lesson_complete`. A lesson with a quiz
    the learner has not passed yet counts as assessed in person: one
    :class:`courses.models.InPersonAssessment` row records ``assessed_by``, the time and
    ``session``, and the lesson is complete. No quiz attempt is invented. A lesson done
    before (online, or by an earlier call) is left as it is, so calling again, or two
    requests at once, changes nothing: the enrollment row is locked first and the unique
    constraints settle the rest. ``course_completed`` is sent at most once
    (:func:`enrollment_refresh_completion`).

    ``lessons`` must be live lessons of ``course`` (the caller chose them from it).
    Raises :class:`CourseNotAvailableError` when the course is not live and
    :class:`NotEnrolledError` when the learner has not enrolled; nothing is stored then.
    """
    if not isinstance(course, CoursePage) or not course.live:
        raise CourseNotAvailableError()
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("course")
        .filter(user=user, course=course)
        .first()
    )
    if enrollment is None:
        raise NotEnrolledError()
    lessons = list(lessons)
    done = set(
        LessonProgress.objects.filter(
            user_id=enrollment.user_id, lesson__in=lessons, completed_at__isnull=False
        ).values_list("lesson_id", flat=True)
    )
    for lesson in lessons:
        if lesson.pk in done:
            continue
        if lesson.quiz_questions:
            _get_or_create(
                InPersonAssessment,
                user_id=enrollment.user_id,
                lesson=lesson,
                defaults={"enrollment": enrollment, "session": session, "assessed_by": assessed_by},
            )
        _mark_progress_complete(enrollment=enrollment, lesson=lesson)
    return _refresh_completion(enrollment=enrollment)


def _quiz_key(block) -> str:
    return str(block.id)


def _validate_answers(questions, answers) -> dict[str, list[int]]:
    """Check ``answers`` against the questions; return them cleaned (sorted, unique).

    Raises :class:`QuizAnswerError` for anything that is not a mapping of known
    question ids to lists of existing choice indexes.
    """
    if not isinstance(answers, Mapping):
        raise QuizAnswerError()
    by_id = {_quiz_key(block): block for block in questions}
    cleaned: dict[str, list[int]] = {}
    for key, chosen in answers.items():
        block = by_id.get(str(key))
        if block is None:
            raise QuizAnswerError()
        if isinstance(chosen, int | str) or not isinstance(chosen, Sequence):
            raise QuizAnswerError()
        indexes = set()
        for index in chosen:
            if isinstance(index, bool) or not isinstance(index, int):
                raise QuizAnswerError()
            if not 0 <= index < len(block.value["choices"]):
                raise QuizAnswerError()
            indexes.add(index)
        if len(indexes) > 1 and not block.value.get("allow_multiple"):
            raise QuizAnswerError()
        cleaned[str(key)] = sorted(indexes)
    return cleaned


def _grade(questions, answers: dict[str, list[int]]) -> tuple[list[dict], int]:
    """Grade every question; return the frozen per-question results and the score.

    A question scores when the learner chose exactly its right choices. The results
    keep the question, the choices and the explanation as they were, so what the
    learner was told does not change when the trainer edits the lesson later.
    """
    results = []
    right = 0
    for block in questions:
        value = block.value
        choices = list(value["choices"])
        correct = [i for i, choice in enumerate(choices) if choice.get("correct")]
        chosen = answers.get(_quiz_key(block), [])
        is_correct = chosen == correct
        right += is_correct
        results.append(
            {
                "id": _quiz_key(block),
                "question": value["question"],
                "choices": [choice["text"] for choice in choices],
                "correct": correct,
                "chosen": chosen,
                "is_correct": is_correct,
                "explanation": value.get("explanation") or "",
            }
        )
    score = round(100 * right / len(questions)) if questions else 0
    return results, score


@transaction.atomic
def quiz_attempt_submit(
    *,
    user,
    lesson: LessonPage,
    answers: Mapping[str, Sequence[int]],
    submission_key: str | None = None,
) -> QuizAttempt:
    """Grade and store one attempt at the lesson's quiz; return it.

    ``answers`` maps each question's block id to the list of chosen choice indexes
    (0-based); an unanswered question counts as wrong. The attempt passes when its
    score reaches the course's pass mark, and then the lesson is complete (and the
    course, if it was the last lesson). Every attempt is kept and retries are allowed;
    a failed retry after a pass does not take the completion away.

    ``submission_key`` comes from the quiz form: submitting the same key twice (a
    double tap) returns the first attempt and stores nothing new.

    Raises :class:`LessonNotAvailableError`, :class:`NotEnrolledError`,
    :class:`NoQuizError`, :class:`QuizAnswerError`, or :class:`QuizEmptyError` when not one
    question is answered (nothing is stored, and no right answer is shown).
    """
    enrollment = _locked_enrollment(user=user, lesson=lesson)
    questions = lesson.quiz_questions
    if not questions:
        raise NoQuizError()
    cleaned = _validate_answers(questions, answers)
    if not any(cleaned.values()):
        raise QuizEmptyError()
    key = (submission_key or "").strip()[:64] or uuid.uuid4().hex
    existing = QuizAttempt.objects.filter(user=user, lesson=lesson, submission_key=key).first()
    if existing is not None:
        return existing
    results, score = _grade(questions, cleaned)
    passed = score >= enrollment.course.pass_mark
    attempt, created = _get_or_create(
        QuizAttempt,
        user=user,
        lesson=lesson,
        submission_key=key,
        defaults={
            "enrollment": enrollment,
            "answers": cleaned,
            "results": {"questions": results},
            "score_percent": score,
            "passed": passed,
        },
    )
    if created and passed:
        _mark_progress_complete(enrollment=enrollment, lesson=lesson)
        _refresh_completion(enrollment=enrollment)
    attempt.enrollment = enrollment
    return attempt


@transaction.atomic
def enrollment_refresh_completion(*, enrollment: Enrollment) -> bool:
    """Complete the enrollment if every live lesson of its course is complete.

    Returns ``True`` when the enrollment is complete (now or before). The moment it
    becomes complete, ``completed_at`` is set and
    :data:`courses.signals.course_completed` is sent, in this transaction, exactly
    once: the conditional UPDATE lets only one caller win.

    Rules (docs/api.md): only live lessons count, so a lesson a trainer deleted or
    unpublished no longer counts; a learner already complete stays complete when a
    lesson is added; progress belongs to the lesson, so reordering and new revisions
    keep it. Attendance of an in-person session reaches it through
    :func:`lessons_complete_in_person`.

    When this call completed the enrollment, ``enrollment.completed_now`` is ``True``.
    """
    return _refresh_completion(enrollment=enrollment)


def _refresh_completion(*, enrollment: Enrollment) -> bool:
    """:func:`enrollment_refresh_completion` for callers already in its transaction."""
    if enrollment.completed_at is not None:
        return True
    done_lesson = LessonProgress.objects.filter(
        user_id=enrollment.user_id, lesson=OuterRef("pk"), completed_at__isnull=False
    )
    counts = (
        LessonPage.objects.live()
        .filter(path__startswith=enrollment.course.path, depth__gt=enrollment.course.depth)
        .aggregate(total=Count("pk"), done=Count("pk", filter=Q(Exists(done_lesson))))
    )
    if counts["total"] == 0 or counts["done"] < counts["total"]:
        return False
    now = timezone.now()
    won = Enrollment.objects.filter(pk=enrollment.pk, completed_at__isnull=True).update(completed_at=now)
    if won:
        enrollment.completed_at = now
        # Tells the caller (the mark-done view) to show the congratulations page.
        enrollment.completed_now = True
        course_completed.send(sender=Enrollment, enrollment=enrollment)
    else:
        enrollment.refresh_from_db(fields=["completed_at"])
    return True
