"""The page every limit answers with: 429, in Thai, with a way back.

allauth's limits find it as ``handler429`` in the root URLconf (``lms/urls.py``); ours
reach it through :func:`lms.accounts.ratelimits.respond_429`, and a limit hit deep in a
flow (an SMS that may not be sent) through
:class:`lms.accounts.middleware.RateLimitMiddleware`.
"""

from django.shortcuts import render

RETRY_AFTER_SECONDS = 60


def too_many_requests(request, exception=None):
    """Render ``templates/429.html`` with status 429 and a ``Retry-After`` of a minute."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
