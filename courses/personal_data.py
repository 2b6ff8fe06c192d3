"""What the courses app tells the personal-data export and erasure (lms.accounts.personal_data).

Export: each enrollment, lesson progress and quiz attempt carries the course or lesson
title beside its id, so the learner can read their own file. Erasure: lesson progress and
quiz answers are deleted (the default); enrollments, session registrations, attendance and
in-person assessments stay attached to the anonymous account, because the reports count them.
"""

from lms.accounts.personal_data import KEEP, register


def _course_titles(queryset):
    return {row.pk: {"course": row.course.title} for row in queryset.select_related("course")}


def _lesson_titles(queryset):
    return {row.pk: {"lesson": row.lesson.title} for row in queryset.select_related("lesson")}


def _session_titles(queryset):
    return {
        row.pk: {"session": str(row.session), "course": row.session.course.title}
        for row in queryset.select_related("session__course")
    }


def _attendance_dates(queryset):
    return {
        row.pk: {"date": row.session_date.date.isoformat(), "course": row.session_date.session.course.title}
        for row in queryset.select_related("session_date__session__course")
    }


def enrollments_erase(user) -> None:
    """Keep the enrollments (counted by course, center and month); forget where the
    learner last was."""
    from courses.models import Enrollment

    Enrollment.objects.filter(user=user).update(last_lesson=None)


def register_personal_data() -> None:
    """Called from :meth:`courses.apps.CoursesConfig.ready`."""
    register("courses.enrollment", readable=_course_titles, erase=enrollments_erase)
    register("courses.lessonprogress", readable=_lesson_titles)
    register("courses.quizattempt", readable=_lesson_titles)
    register("courses.sessionenrollment", readable=_session_titles, erase=KEEP)
    register("courses.attendance", readable=_attendance_dates, erase=KEEP)
    register("courses.inpersonassessment", readable=_lesson_titles, erase=KEEP)
