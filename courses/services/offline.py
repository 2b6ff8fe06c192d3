"""Actions a learner made without a signal, sent later by the service worker.

The lesson page's two forms (mark-done and the quiz) are queued on the device when
there is no connection (static/js/sw.js) and sent here, one by one, when the signal
returns. Each carries the key it was given on the device; sending it twice stores it
once:

* a quiz answer reuses the quiz's own ``submission_key`` (the unique constraint
  ``courses_attempt_submission_unique``);
* mark-done is keyed by the lesson itself: a lesson is completed once per learner
  (``courses_progress_user_lesson_unique``), and a second send keeps the first time.

docs/offline.md describes the whole flow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction

from courses.exceptions import LessonChangedError, LessonNotAvailableError, OfflineActionError
from courses.models import LessonPage, LessonProgress, QuizAttempt
from courses.selectors.offline import lesson_version
from courses.services.learning import lesson_complete, quiz_attempt_submit

__all__ = ["OfflineOutcome", "offline_action_submit"]

KIND_DONE = "done"
KIND_QUIZ = "quiz"


@dataclass
class OfflineOutcome:
    """What became of one queued action: the lesson, the stored record, and whether the
    lesson had been republished since the learner read it."""

    lesson: LessonPage
    progress: LessonProgress | None = None
    attempt: QuizAttempt | None = None
    lesson_changed: bool = False

    @property
    def enrollment(self):
        record = self.attempt or self.progress
        return record.enrollment if record is not None else None


def _answers(lesson: LessonPage, fields: Mapping[str, Sequence[str]]) -> dict:
    """The quiz form's ``q-<block id>`` fields as the quiz service's ``answers`` (as the
    quiz view reads them: whole numbers become ints, anything else stays text and is
    refused by the service with its Thai message)."""
    answers = {}
    for block in lesson.quiz_questions:
        values = fields.get(f"q-{block.id}") or []
        if isinstance(values, str):
            values = [values]
        cleaned = [int(v) if str(v).strip().isdecimal() else v for v in values]
        if cleaned:
            answers[str(block.id)] = cleaned
    return answers


@transaction.atomic
def offline_action_submit(
    *,
    user,
    kind: str,
    lesson_id: int,
    key: str,
    version: str = "",
    fields: Mapping[str, Sequence[str]] | None = None,
) -> OfflineOutcome:
    """Apply one action queued on the learner's device; idempotent by ``key``.

    ``kind`` is ``"done"`` (the mark-done button) or ``"quiz"`` (the quiz form, whose
    ``fields`` are the form's fields and whose ``key`` is its ``submission_key``).
    ``version`` is :func:`lesson_version` of the page the learner acted on.

    A quiz answered on an older version of the lesson is refused
    (:class:`LessonChangedError`): its questions may have changed. Mark-done on an
    older version is accepted (progress belongs to the lesson, docs/api.md) and
    reported as ``lesson_changed``. Raises :class:`LessonNotAvailableError` when the
    lesson is gone or unpublished, :class:`OfflineActionError` for an unknown kind, and
    whatever the learning services raise; nothing is stored then.
    """
    lesson = LessonPage.objects.filter(pk=lesson_id).first()
    if lesson is None or not lesson.live:
        raise LessonNotAvailableError()
    changed = bool(version) and version != lesson_version(lesson)
    if kind == KIND_DONE:
        progress = lesson_complete(user=user, lesson=lesson)
        return OfflineOutcome(lesson=lesson, progress=progress, lesson_changed=changed)
    if kind == KIND_QUIZ:
        key = (key or "").strip()[:64]
        if not key:
            raise OfflineActionError()
        already = (
            QuizAttempt.objects.select_related("enrollment__course")
            .filter(user=user, lesson=lesson, submission_key=key)
            .first()
        )
        if already is not None:  # sent before: the first answer stands
            return OfflineOutcome(lesson=lesson, attempt=already)
        if changed:
            raise LessonChangedError()
        attempt = quiz_attempt_submit(
            user=user, lesson=lesson, answers=_answers(lesson, fields or {}), submission_key=key
        )
        return OfflineOutcome(lesson=lesson, attempt=attempt)
    raise OfflineActionError()
