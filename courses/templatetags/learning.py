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
