"""Template tags for staff pages that show certificates of other apps' objects.

The learner page (``templates/centers/learner_detail.html``) belongs to a foundation app
that may not import ``certificates``; it loads this tag instead, which only calls a
selector, scoped to the person asking.
"""

from django import template

from certificates import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def learner_certificates(context, learner):
    """``learner``'s certificates that the person viewing the page may see."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return list(selectors.certificates_of_learner(user, learner=learner))
