"""Concurrent requests for the same learner: one row, no error, one completion.

Real threads on real connections (SQLite file or PostgreSQL), so the locks and
constraints are what is tested; each thread closes its connection when done.
"""

import threading

import pytest
from django.db import connection

from courses import services
from courses.models import Enrollment, LessonProgress, QuizAttempt
from courses.signals import course_completed
from tests.factories import UserFactory
from tests.factories.learning import learning_course

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREADS = 20


def run_in_threads(target, count=THREADS):
    """Start ``count`` threads together on ``target``; return the errors they raised."""
    errors = []
    barrier = threading.Barrier(count)

    def worker():
        try:
            barrier.wait()
            target()
        except Exception as exc:  # noqa: BLE001 - the test reports every error
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_twenty_threads_completing_one_lesson_leave_one_row_and_one_completion():
    built = learning_course(modules=1, lessons_per_module=1)
    user = UserFactory()
    services.enrollment_create(user=user, course=built.course)
    received = []
    course_completed.connect(
        lambda sender, enrollment, **kw: received.append(enrollment.pk), weak=False, dispatch_uid="race"
    )
    try:
        errors = run_in_threads(lambda: services.lesson_complete(user=user, lesson=built.lessons[0]))
    finally:
        course_completed.disconnect(dispatch_uid="race")
    assert errors == []
    assert LessonProgress.objects.filter(user=user).count() == 1
    assert Enrollment.objects.get(user=user).completed_at is not None
    assert len(received) == 1


def test_twenty_threads_enrolling_leave_one_enrollment():
    built = learning_course(modules=1, lessons_per_module=1)
    user = UserFactory()
    errors = run_in_threads(lambda: services.enrollment_create(user=user, course=built.course))
    assert errors == []
    assert Enrollment.objects.filter(user=user).count() == 1


def test_double_tapped_quiz_submit_stores_one_attempt():
    built = learning_course(modules=1, lessons_per_module=1, quiz_lessons=(0,))
    user = UserFactory()
    services.enrollment_create(user=user, course=built.course)
    lesson = built.lessons[0]
    answers = {str(block.id): [1] for block in lesson.quiz_questions}
    errors = run_in_threads(
        lambda: services.quiz_attempt_submit(user=user, lesson=lesson, answers=answers, submission_key="tap"),
        count=8,
    )
    assert errors == []
    assert QuizAttempt.objects.filter(user=user).count() == 1
    assert LessonProgress.objects.filter(user=user, completed_at__isnull=False).count() == 1
