"""What learners did: enrollments, lesson progress and quiz attempts.

These are records, not content: each has constraints that keep it whole when two
requests race, and only the services in :mod:`courses.services` write them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.constants import EnrollmentSource


class Enrollment(models.Model):
    """A learner taking a course. ``completed_at`` is set the moment every lesson is done."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    center = models.ForeignKey(
        "centers.Center",
        verbose_name=_("center"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrollments",
        help_text=_("The center the learner studied with (their home center when enrolled)."),
    )
    source = models.CharField(
        _("source"), max_length=20, choices=EnrollmentSource.choices, default=EnrollmentSource.ONLINE
    )
    created_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    last_lesson = models.ForeignKey(
        "courses.LessonPage",
        verbose_name=_("last lesson visited"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="courses_enrollment_user_course_unique")
        ]
        indexes = [
            models.Index(fields=["center", "created_at"], name="courses_enr_center_created_idx"),
            models.Index(fields=["course", "completed_at"], name="courses_enr_course_done_idx"),
        ]

    def __str__(self):
        return f"{self.user_id} → {self.course_id}"


class LessonProgress(models.Model):
    """One learner's progress in one lesson: visited, and when it was completed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="lesson_progress",
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        verbose_name=_("lesson"),
        on_delete=models.CASCADE,
        related_name="progress",
    )
    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("enrollment"),
        on_delete=models.CASCADE,
        related_name="lesson_progress",
    )
    first_visited_at = models.DateTimeField(_("first visited at"), default=timezone.now)
    last_visited_at = models.DateTimeField(_("last visited at"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="courses_progress_user_lesson_unique")
        ]
        indexes = [
            models.Index(fields=["enrollment", "completed_at"], name="courses_progress_enr_idx"),
        ]

    def __str__(self):
        return f"{self.user_id} · {self.lesson_id}"


class QuizAttempt(models.Model):
    """One submitted attempt at a lesson's quiz. Every attempt is kept.

    ``answers`` maps each question's block id to the chosen choice indexes;
    ``results`` keeps, per question, whether it was right, so a later edit of the
    lesson does not change what the learner was told. ``submission_key`` comes from
    the form, so a double-tapped submit stores one attempt.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        verbose_name=_("lesson"),
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
    )
    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("enrollment"),
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
    )
    submission_key = models.CharField(_("submission key"), max_length=64)
    answers = models.JSONField(_("answers"), default=dict)
    results = models.JSONField(_("results"), default=dict)
    score_percent = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson", "submission_key"], name="courses_attempt_submission_unique"
            )
        ]
        indexes = [
            models.Index(fields=["user", "lesson", "submitted_at"], name="courses_attempt_latest_idx"),
        ]

    def __str__(self):
        return f"{self.user_id} · {self.lesson_id} · {self.score_percent}%"
