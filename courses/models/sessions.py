"""In-person training sessions at a center: dates, enrolled learners, attendance, and
the quizzes staff assessed in person (docs/centers.md, "How a session counts")."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TrainingSession(models.Model):
    """A class held in a center's room for one course, over one or more dates.

    ``modules`` are the modules the class teaches; none chosen means the whole course.
    A learner present on every date has the lessons of those modules done, their
    quizzes assessed in person (:class:`InPersonAssessment`).
    """

    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="training_sessions",
    )
    center = models.ForeignKey(
        "centers.Center",
        verbose_name=_("center"),
        on_delete=models.PROTECT,
        related_name="training_sessions",
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions_trained",
    )
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=20)
    modules = models.ManyToManyField(
        "courses.ModulePage",
        verbose_name=_("modules covered"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty when the session teaches the whole course."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="courses_session_capacity_positive"
            )
        ]

    def __str__(self):
        return self.title or f"{self.course_id} @ {self.center_id}"


class SessionDate(models.Model):
    """One day of a training session."""

    session = models.ForeignKey(
        TrainingSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="dates"
    )
    date = models.DateField(_("date"))

    class Meta:
        ordering = ["date"]
        verbose_name = _("session date")
        verbose_name_plural = _("session dates")
        constraints = [models.UniqueConstraint(fields=["session", "date"], name="courses_sessiondate_unique")]

    def __str__(self):
        return f"{self.session_id} {self.date}"


class SessionEnrollment(models.Model):
    """A learner registered for a training session."""

    session = models.ForeignKey(
        TrainingSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="session_registrations",
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)

    class Meta:
        verbose_name = _("session registration")
        verbose_name_plural = _("session registrations")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="courses_sessionenrollment_unique")
        ]

    def __str__(self):
        return f"{self.user_id} @ {self.session_id}"


class Attendance(models.Model):
    """That a learner was present on one date of a session."""

    session_date = models.ForeignKey(
        SessionDate, verbose_name=_("date"), on_delete=models.CASCADE, related_name="attendance"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    present = models.BooleanField(_("present"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session_date", "user"], name="courses_attendance_unique")
        ]

    def __str__(self):
        return f"{self.user_id} @ {self.session_date_id}"


class InPersonAssessment(models.Model):
    """A quiz lesson that counts as passed because staff assessed the learner in person.

    Written by :func:`courses.services.lessons_complete_in_person` when a learner who
    attended every date of ``session`` had not yet passed the lesson's quiz online. It
    is the proof behind the lesson's completion: who assessed, when, in which session.
    No quiz attempt with a made-up score is stored; progress only needs the lesson done.
    One row per learner and lesson.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="in_person_assessments",
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        verbose_name=_("lesson"),
        on_delete=models.CASCADE,
        related_name="in_person_assessments",
    )
    enrollment = models.ForeignKey(
        "courses.Enrollment",
        verbose_name=_("enrollment"),
        on_delete=models.CASCADE,
        related_name="in_person_assessments",
    )
    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("session"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("assessed at"), default=timezone.now)

    class Meta:
        verbose_name = _("in-person assessment")
        verbose_name_plural = _("in-person assessments")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="courses_inpersonassessment_unique")
        ]

    def __str__(self):
        return f"{self.user_id} · {self.lesson_id} @ {self.session_id}"
