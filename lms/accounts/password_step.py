"""Who may choose a new password without typing the current one, in this session.

On a shared PC at a center, a session left open must not let the next person change the
password (that would take the account over). So :func:`lms.accounts.views.set_password`
asks for the current password, unless one of these holds:

* **The forced step.** The person has just proved who they are with a one-time code: a
  walk-in learner's printed code (``/accounts/code/``) or a code sent by SMS when they
  forgot their password. :func:`allow` leaves a marker in the session; it works for
  ``ACCOUNTS_PASSWORD_STEP_SECONDS`` (15 minutes unless configured) and only once —
  saving the password removes it (:func:`clear`).
* **A fresh re-authentication** through allauth's flow (``/accounts/reauthenticate/``:
  the password again, or a code by SMS/email), no older than
  ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` (5 minutes).
"""

import time
from dataclasses import dataclass

from allauth.account import app_settings as allauth_account_settings
from allauth.account.authentication import get_authentication_records
from django.conf import settings

SESSION_KEY = "accounts_password_step"
WALK_IN_CODE = "walk_in_code"
SMS_CODE = "sms_code"


@dataclass(frozen=True)
class PasswordStep:
    """A valid marker: why the step is allowed, and when the walk-in code was checked
    (its epoch seconds; ``None`` for an SMS code, which allauth has used up already)."""

    reason: str
    code_checked_at: float | None = None


def _lifetime() -> int:
    return getattr(settings, "ACCOUNTS_PASSWORD_STEP_SECONDS", 15 * 60)


def allow(request, user, *, reason: str, code_checked_at: float | None = None) -> None:
    """Let ``user`` choose a new password once, soon, without the current one."""
    request.session[SESSION_KEY] = {
        "user_id": user.pk,
        "reason": reason,
        "at": time.time(),
        "code_checked_at": code_checked_at,
    }


def current(request, user) -> PasswordStep | None:
    """The session's marker when it belongs to ``user`` and has not expired."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict) or data.get("user_id") != user.pk:
        return None
    if time.time() - float(data.get("at") or 0) > _lifetime():
        return None
    return PasswordStep(reason=data.get("reason", ""), code_checked_at=data.get("code_checked_at"))


def clear(request) -> None:
    """The step is used (or abandoned): the next change asks for the password again."""
    request.session.pop(SESSION_KEY, None)


def recently_reauthenticated(request, user) -> bool:
    """Whether ``user`` went through allauth's re-authentication in the last
    ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` seconds in this session (a plain login does
    not count: the person at the keyboard may no longer be the one who logged in)."""
    timeout = allauth_account_settings.REAUTHENTICATION_TIMEOUT
    now = time.time()
    return any(
        record.get("reauthenticated") and now - float(record.get("at") or 0) < timeout
        for record in get_authentication_records(request, user)
    )


def logged_in_by_code(request, user) -> bool:
    """Whether the login that just finished was by a one-time code (SMS or email)
    rather than a password: the last record before any two-factor step says so."""
    records = [r for r in get_authentication_records(request, user) if r.get("method") != "mfa"]
    return bool(records) and records[-1].get("method") == "code" and not records[-1].get("reauthenticated")
