"""Session safety for shared PCs at a center.

:class:`IdleTimeoutMiddleware` ends a session nobody has used for
``settings.SESSION_IDLE_TIMEOUT_SECONDS`` (30 minutes unless configured). To keep
database writes down it stamps the last activity at most once a minute, so a learner
clicking through lessons does not rewrite the session row on every request.

:class:`MustSetPasswordMiddleware` sends a person whose account was made by staff
(``User.must_set_password``) to the set-password page before anything else.

:class:`RateLimitMiddleware` counts the per-IP limits of the account pages and
answers every limit with the Thai 429 page, never a server error.

:class:`TwoFactorRequiredMiddleware` keeps staff and admins without an authenticator app
out of ``/staff/`` and ``/admin/`` until they set one up.
"""

import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from lms.centers.selectors import requires_two_factor

LAST_ACTIVITY_KEY = "lms_last_activity"
TWO_FACTOR_NEXT_KEY = "accounts_two_factor_next"
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


class RateLimitMiddleware:
    """The per-IP limits of a room (:data:`lms.accounts.app_settings.IP_LIMITED_VIEWS`),
    and the Thai 429 page for a limit reached deep inside a flow (allauth's
    ``RateLimited`` escaping a view, e.g. an SMS over its budget during sign-up),
    never a server error. Must come after the session and authentication middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from lms.accounts.app_settings import IP_LIMITED_VIEWS
        from lms.accounts.ratelimits import limit_consume, respond_429

        if request.method != "POST" or request.resolver_match is None:
            return None
        action = IP_LIMITED_VIEWS.get(request.resolver_match.view_name)
        if action and not limit_consume(request, action=action):
            return respond_429(request)
        return None

    def process_exception(self, request, exception):
        from lms.accounts.ratelimits import RateLimited, respond_429

        if isinstance(exception, RateLimited):
            return respond_429(request)
        return None


class TwoFactorRequiredMiddleware:
    """Staff, trainers who publish, provincial and national admins
    (:func:`lms.centers.selectors.requires_two_factor`) reach no page under
    ``ACCOUNTS_TWO_FACTOR_PATHS`` (``/staff/``, ``/admin/``) before they have an active
    authenticator app (allauth.mfa TOTP): they are sent to
    ``accounts:two_factor_required``, which explains why in Thai and comes back to the
    page they asked for. allauth then asks for a code at every login.

    Costs one query per staff or admin request (whether the user has a TOTP
    authenticator); must come after the authentication middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefixes = tuple(getattr(settings, "ACCOUNTS_TWO_FACTOR_PATHS", ("/staff/", "/admin/")))
        user = getattr(request, "user", None)
        if (
            request.path.startswith(prefixes)
            and user is not None
            and user.is_authenticated
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
            and requires_two_factor(user)
        ):
            if request.method == "GET":
                request.session[TWO_FACTOR_NEXT_KEY] = request.get_full_path()
            return redirect("accounts:two_factor_required")
        return self.get_response(request)
