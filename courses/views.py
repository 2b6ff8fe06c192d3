"""Learner views: enroll, mark a lesson done, submit a quiz, see results, my courses.

Thin: each parses the request, calls one service or selector, and renders or
redirects. Errors from the services (:mod:`courses.exceptions`) are shown to the
learner in Thai as they are; nothing is stored when one is raised.
"""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from courses import selectors, services
from courses.exceptions import LearningError
from courses.models import CoursePage, LessonPage
from lms.accounts.middleware import device_user_key


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


# --- Offline reading and actions (docs/offline.md) ---------------------------------


@require_GET
def web_app_manifest(request):
    """The web app manifest: lets a learner add the site to the phone's home screen."""
    data = {
        "name": gettext("Community Digital Center lessons"),
        "short_name": gettext("CDC lessons"),
        "description": gettext("Lessons from your Community Digital Center, also without a signal."),
        "lang": "th",
        "start_url": reverse("courses:dashboard"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#08457f",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def service_worker(request):
    """The service worker, served from the site root so it may control every page.

    A template, so its Thai strings, the idle timeout and the static file names
    (hashed in production) come from the server. Revalidated on every visit.
    """
    response = render(
        request,
        "courses/offline/sw.js",
        {
            "idle_seconds": getattr(settings, "SESSION_IDLE_TIMEOUT_SECONDS", 30 * 60),
            "precache_json": json.dumps([static(name) for name in selectors.OFFLINE_STATIC]),
        },
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline_page(request):
    """The page shown without a signal when the page asked for was not saved: lists
    what is saved. Rendered as for a visitor: the service worker keeps one copy for all."""
    response = render(request, "courses/offline/offline.html", {"user": AnonymousUser()})
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def course_offline_manifest(request, course_id: int):
    """What saving a course for offline reading downloads, with sizes (JSON).

    Only for a live course the visitor may see (Wagtail's view restrictions apply).
    """
    course = CoursePage.objects.live().filter(pk=course_id).first()
    if course is None or any(not r.accept_request(request) for r in course.get_view_restrictions()):
        raise Http404
    response = JsonResponse(selectors.course_offline_manifest(course=course, request=request))
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_GET
def offline_token(request):
    """A fresh CSRF token and whose it is, fetched by the service worker just before it
    sends the actions queued on the device (the token in the saved page may be stale)."""
    return JsonResponse({"token": get_token(request), "user": device_user_key(request.user)})


def _notice(text: str, url: str = "") -> dict:
    return {"text": text, "url": url}


def _offline_notices(outcome) -> list[dict]:
    """What the learner is told about one action sent from the device."""
    lesson = outcome.lesson
    notices = []
    if outcome.attempt is not None:
        attempt = outcome.attempt
        if attempt.passed:
            text = gettext("Your answers to “%(title)s” were sent: %(score)s%%, passed.")
        else:
            text = gettext("Your answers to “%(title)s” were sent: %(score)s%%, not passed yet.")
        notices.append(
            _notice(
                text % {"title": lesson.title, "score": attempt.score_percent},
                reverse("courses:attempt_result", args=[attempt.pk]),
            )
        )
    else:
        text = gettext("“%(title)s” is marked as finished.") % {"title": lesson.title}
        if outcome.lesson_changed:
            text += " " + gettext("The lesson was updated after you read it: have a look at it again.")
        notices.append(_notice(text, lesson.url or ""))
    enrollment = outcome.enrollment
    if enrollment is not None and enrollment.completed_at is not None:
        notices.append(
            _notice(
                gettext("You finished the course “%(course)s”: see your congratulations.")
                % {"course": enrollment.course.title},
                reverse("courses:course_complete", args=[enrollment.course_id]),
            )
        )
    return notices


@never_cache
@require_POST
def offline_action(request):
    """Apply one action queued on the device (JSON), once: see
    :func:`courses.services.offline_action_submit`. Answers ``ok`` with what to tell the
    learner, ``refused`` (422) with a Thai reason, or 401/409/400 when it must not be
    applied now (not signed in, another learner signed in, unreadable)."""
    if not request.user.is_authenticated:
        return JsonResponse({"status": "login"}, status=401)
    try:
        action = json.loads(request.body)
        lesson_id = int(action["lesson"])
        kind, key = str(action["kind"]), str(action.get("key") or "")
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"status": "invalid"}, status=400)
    if action.get("user") != device_user_key(request.user):
        return JsonResponse({"status": "wrong_user"}, status=409)
    fields = action.get("fields") if isinstance(action.get("fields"), dict) else {}
    try:
        outcome = services.offline_action_submit(
            user=request.user,
            kind=kind,
            lesson_id=lesson_id,
            key=key,
            version=str(action.get("version") or ""),
            fields=fields,
        )
    except LearningError as error:
        lesson = LessonPage.objects.live().filter(pk=lesson_id).first()
        return JsonResponse(
            {"status": "refused", "key": key, "notices": [_notice(str(error), lesson.url if lesson else "")]},
            status=422,
        )
    return JsonResponse({"status": "ok", "key": key, "notices": _offline_notices(outcome)})
