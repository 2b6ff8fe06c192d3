"""Session safety for shared PCs at a center.

:class:`IdleTimeoutMiddleware` ends a session nobody has used for
``settings.SESSION_IDLE_TIMEOUT_SECONDS`` (30 minutes unless configured). To keep
database writes down it stamps the last activity at most once a minute, so a learner
clicking through lessons does not rewrite the session row on every request.

:class:`MustSetPasswordMiddleware` sends a person whose account was made by staff
(``User.must_set_password``) to the set-password page before anything else.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

LAST_ACTIVITY_KEY = "lms_last_activity"
STAMP_EVERY_SECONDS = 60


class IdleTimeoutMiddleware:
    """Log out sessions idle longer than ``SESSION_IDLE_TIMEOUT_SECONDS``.

    Must come after the session and authentication middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = getattr(settings, "SESSION_IDLE_TIMEOUT_SECONDS", 30 * 60)
        user = getattr(request, "user", None)
        if timeout and user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY_KEY)
            if isinstance(last, int) and now - last > timeout:
                # logout() flushes the session row on the server, not only the cookie.
                logout(request)
            elif not isinstance(last, int) or now - last >= STAMP_EVERY_SECONDS:
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)


class MustSetPasswordMiddleware:
    """Until they choose a password, staff-made accounts see only the set-password page
    (and can log out). Must come after the authentication middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_set_password:
            allowed = {reverse("accounts:set_password"), reverse("account_logout")}
            if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                return redirect("accounts:set_password")
        return self.get_response(request)
