"""Course content (pages) and what learners did with it (records with constraints)."""

from courses.models.learning import Enrollment, LessonProgress, QuizAttempt
from courses.models.pages import CourseIndexPage, CoursePage, LessonPage, ModulePage
from courses.models.sessions import (
    Attendance,
    InPersonAssessment,
    SessionDate,
    SessionEnrollment,
    TrainingSession,
)

__all__ = [
    "Attendance",
    "CourseIndexPage",
    "CoursePage",
    "InPersonAssessment",
    "Enrollment",
    "LessonPage",
    "LessonProgress",
    "ModulePage",
    "QuizAttempt",
    "SessionDate",
    "SessionEnrollment",
    "TrainingSession",
]
