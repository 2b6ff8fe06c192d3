"""Session safety for shared PCs at a center.

:class:`IdleTimeoutMiddleware` ends a session nobody has used for
``settings.SESSION_IDLE_TIMEOUT_SECONDS`` (30 minutes unless configured). To keep
database writes down it stamps the last activity at most once a minute, so a learner
clicking through lessons does not rewrite the session row on every request.

:class:`MustSetPasswordMiddleware` sends a person whose account was made by staff
(``User.must_set_password``) to the set-password page before anything else.

:class:`RateLimitMiddleware` counts the per-IP limits of the account pages and
answers every limit with the Thai 429 page, never a server error.

:class:`DeviceUserMiddleware` tells the service worker whose pages it is caching
(``X-LMS-User``) and clears the browser's HTTP cache when a session ends (logout or
the idle timeout), so the next person at a shared PC finds nothing personal.

:class:`TwoFactorRequiredMiddleware` keeps staff and admins without an authenticator app
out of ``/staff/`` and ``/admin/`` until they set one up.
"""

import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.crypto import salted_hmac

from lms.centers.selectors import requires_two_factor

LAST_ACTIVITY_KEY = "lms_last_activity"
TWO_FACTOR_NEXT_KEY = "accounts_two_factor_next"
STAMP_EVERY_SECONDS = 60
#: The response header naming the learner a page was made for (see device_user_key).
DEVICE_USER_HEADER = "X-LMS-User"
ANONYMOUS_DEVICE_KEY = "-"


def device_user_key(user) -> str:
    """An opaque, stable name for ``user`` on their device: the service worker keeps a
    signed-in learner's pages in a cache of that name and deletes it when someone else
    (or nobody) is signed in. ``"-"`` for a visitor who is not signed in. A keyed hash,
    so the database id is not exposed."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS_DEVICE_KEY
    return salted_hmac("lms.accounts.device-user", str(user.pk)).hexdigest()[:20]


class DeviceUserMiddleware:
    """Name the signed-in learner on every response (``X-LMS-User``) for the service
    worker (static/js/sw.js), and send ``Clear-Site-Data: "cache"`` on the response of a
    request that ended the session (logout, or the idle timeout of
    :class:`IdleTimeoutMiddleware`, which must come after this one), so no personal page
    stays in the browser's HTTP cache. Costs no query: the user is loaded by then.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        before = device_user_key(getattr(request, "user", None))
        response = self.get_response(request)
        after = device_user_key(getattr(request, "user", None))
        response.headers.setdefault(DEVICE_USER_HEADER, after)
        if before != ANONYMOUS_DEVICE_KEY and after != before:
            response.headers["Clear-Site-Data"] = '"cache"'
        return response


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
