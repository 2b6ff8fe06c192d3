"""Errors the learning services raise when they are misused.

Each carries a message a learner can read (English msgid, Thai translation), so a view
can show ``str(error)`` as it is. Every service checks before it writes: when one of
these is raised, nothing was stored.
"""

from django.utils.translation import gettext_lazy as _


class LearningError(Exception):
    """Base class: a request the learning services refuse. ``str()`` is the Thai message."""

    default_message = _("This cannot be done.")

    def __init__(self, message=None):
        self.message = message if message is not None else self.default_message
        super().__init__(self.message)

    def __str__(self) -> str:
        return str(self.message)


class CourseNotAvailableError(LearningError):
    """The course is not published (draft, unpublished or deleted)."""

    default_message = _("This course is not open for learning.")


class LessonNotAvailableError(LearningError):
    """The lesson is not published, or does not belong to a published course."""

    default_message = _("This lesson is not part of a course open for learning.")


class NotEnrolledError(LearningError):
    """The learner has not enrolled in the lesson's course."""

    default_message = _("Enroll in this course first.")


class QuizLessonError(LearningError):
    """``lesson_complete`` was called on a lesson that has quiz questions."""

    default_message = _("This lesson has a quiz: it is complete when you pass the quiz.")


class NoQuizError(LearningError):
    """``quiz_attempt_submit`` was called on a lesson without quiz questions."""

    default_message = _("This lesson has no quiz.")


class QuizAnswerError(LearningError):
    """The answers do not fit the quiz: an unknown question, a choice that does not
    exist, or several choices where only one is allowed."""

    default_message = _("The answers do not match the questions. Please answer again.")


class QuizEmptyError(LearningError):
    """A quiz was sent with no answer at all: nothing is graded, so no right answer is
    shown (an empty form would otherwise score 0 % and reveal every answer)."""

    default_message = _("You have not chosen any answer yet. Choose an answer for each question, then send.")


class LessonChangedError(LearningError):
    """A quiz answered offline on a version of the lesson that has since been replaced:
    the questions may no longer be the ones the learner answered."""

    default_message = _(
        "This lesson was updated while you were offline, so your answers were not sent. "
        "Please open the lesson and answer the quiz again."
    )


class OfflineActionError(LearningError):
    """An action queued on the device that the server cannot read (unknown kind)."""

    default_message = _("This saved action could not be read. Please do it again on the lesson page.")
