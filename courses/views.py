"""Learner views: enroll, mark a lesson done, submit a quiz, see results, my courses.

Thin: each parses the request, calls one service or selector, and renders or
redirects. Errors from the services (:mod:`courses.exceptions`) are shown to the
learner in Thai as they are; nothing is stored when one is raised.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from courses import selectors, services
from courses.exceptions import LearningError
from courses.models import CoursePage, LessonPage


def _live_lesson(lesson_id: int) -> LessonPage:
    return get_object_or_404(LessonPage.objects.live(), pk=lesson_id)


def _next_step(lesson: LessonPage) -> tuple[str, bool]:
    """Where to go after finishing ``lesson``, and whether it is a lesson: the next live
    lesson (in this module or the next), else the course page, never the lesson itself."""
    following = selectors.next_lesson_after(lesson=lesson)
    if following is None:
        following = selectors.lesson_course(lesson=lesson) or lesson
    # ``.url`` uses Wagtail's cached site root paths: no Site query on this hot path.
    return following.url or "/", isinstance(following, LessonPage) and following.pk != lesson.pk


@require_POST
@login_required
def enroll(request, course_id: int):
    """Enroll the learner, then open the course's first lesson."""
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    try:
        services.enrollment_create(user=request.user, course=course)
    except LearningError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(course.get_url(request=request) or "/")
    messages.success(request, gettext("You are enrolled. Let's start the first lesson."))
    first = selectors.course_lessons(course=course).first()
    return HttpResponseRedirect((first or course).get_url(request=request) or "/")


@require_POST
@login_required
def lesson_done(request, lesson_id: int):
    """The big "I have finished this lesson" button."""
    lesson = _live_lesson(lesson_id)
    try:
        progress = services.lesson_complete(user=request.user, lesson=lesson)
    except LearningError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(lesson.get_url(request=request) or "/")
    enrollment = progress.enrollment
    if getattr(enrollment, "completed_now", False):
        return HttpResponseRedirect(reverse("courses:course_complete", args=[enrollment.course_id]))
    next_url, is_lesson = _next_step(lesson)
    if is_lesson:
        message = gettext("Well done! “%(title)s” is finished. Here is the next lesson.")
    else:
        message = gettext("Well done! “%(title)s” is finished. Choose the lessons you have not finished yet.")
    messages.success(request, message % {"title": lesson.title})
    return HttpResponseRedirect(next_url)


def _answers_from_post(request, lesson: LessonPage) -> dict:
    """Read ``q-<block id>`` fields into the service's ``answers`` mapping.

    Values that are not whole numbers are passed on as text, so the service refuses
    them with its Thai message rather than the view guessing. ``isdecimal`` and not
    ``isdigit``: superscripts such as "²" are digits that ``int`` cannot read (Thai
    digits such as "๒" are decimals, and ``int`` reads them).
    """
    answers = {}
    for block in lesson.quiz_questions:
        values = request.POST.getlist(f"q-{block.id}")
        if values:
            answers[str(block.id)] = [int(v) if v.strip().isdecimal() else v for v in values]
    return answers


@require_POST
@login_required
def quiz_submit(request, lesson_id: int):
    """Grade the quiz on the server and show the learner the result."""
    lesson = _live_lesson(lesson_id)
    try:
        attempt = services.quiz_attempt_submit(
            user=request.user,
            lesson=lesson,
            answers=_answers_from_post(request, lesson),
            submission_key=request.POST.get("submission_key") or None,
        )
    except LearningError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(lesson.get_url(request=request) or "/")
    return HttpResponseRedirect(reverse("courses:attempt_result", args=[attempt.pk]))


@login_required
def attempt_result(request, attempt_id: int):
    """One of the learner's quiz attempts: score, right answers and explanations."""
    attempt = selectors.quiz_attempt_for_learner(user=request.user, attempt_id=attempt_id)
    if attempt is None:
        raise Http404
    lesson = attempt.lesson
    enrollment = attempt.enrollment
    next_url, next_is_lesson = _next_step(lesson)
    return render(
        request,
        "courses/quiz_result.html",
        {
            "attempt": attempt,
            "lesson": lesson,
            "lesson_url": lesson.get_url(request=request),
            "next_url": next_url if attempt.passed else None,
            "next_is_lesson": next_is_lesson,
            "course": enrollment.course,
            "course_complete": enrollment.completed_at is not None,
            "pass_mark": enrollment.course.pass_mark,
        },
    )


@login_required
def dashboard(request):
    """ "My courses": a progress bar per course and a button to continue."""
    return render(request, "courses/dashboard.html", {"rows": selectors.dashboard_rows(user=request.user)})


@login_required
def course_complete(request, course_id: int):
    """The congratulations page, for a learner whose enrollment is complete."""
    enrollment = selectors.enrollment_for_course(
        user=request.user, course=get_object_or_404(CoursePage, pk=course_id)
    )
    if enrollment is None or enrollment.completed_at is None:
        raise Http404
    return render(
        request, "courses/course_complete.html", {"enrollment": enrollment, "course": enrollment.course}
    )
