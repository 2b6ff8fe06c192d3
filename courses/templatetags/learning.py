"""Template tags for the learner's parts of course pages.

They only fetch from selectors; the decisions live in :mod:`courses.selectors`.
"""

from django import template

from courses import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def course_learning_state(context, course):
    """The learner's state in ``course`` for the enroll button (``None`` if not enrolled)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return selectors.course_state(user=user, course=course)


@register.simple_tag
def learner_courses(learner):
    """A learner's courses with progress (``DashboardRow``), for staff pages."""
    return selectors.dashboard_rows(user=learner)


@register.simple_tag
def learner_quiz_results(learner):
    """A learner's latest attempt at each quiz, for staff pages."""
    return selectors.latest_quiz_attempts(user=learner)
