"""Settings of ``lms.accounts``, with their defaults, read in one place.

The limits of our own (walk-in codes, the SMS budget) live in :attr:`RATE_LIMITS`, in
the same ``"amount/period/per"`` notation as allauth's ``ACCOUNT_RATE_LIMITS`` (set in
``lms/settings/base.py``), so both are read and documented together
(docs/rate-limits.md).
"""

from django.conf import settings

#: Our limits, sized for a room of 40–60 learners behind one center router (one IP):
#: each person may do the step about three times a minute (sign-up takes several
#: posts per person). ``ip`` counts by :func:`lms.accounts.client_ip.client_ip`;
#: ``key`` by what the limit names (a phone number, or one key for the whole site).
#: allauth keeps the per-account limits (``ACCOUNT_RATE_LIMITS``). docs/rate-limits.md.
DEFAULT_RATE_LIMITS = {
    # Posts to allauth's pages, per client IP (see IP_LIMITED_VIEWS).
    "login": "180/m/ip",
    # Four sign-up steps per learner (lms.accounts.signup), a few of them repeated.
    "signup": "600/m/ip",
    "verify_phone": "120/m/ip",
    "request_login_code": "60/m/ip",
    "confirm_login_code": "120/m/ip",
    "reset_password": "60/m/ip",
    "reset_password_from_key": "60/m/ip",
    # Wrong passwords from one address, whoever's account (one learner's typos stay
    # with their own account: allauth's login_failed, 5 per 5 minutes per account).
    "login_failed": "60/m/ip",
    # The walk-in code page (/accounts/code/); guessing is stopped per login ID
    # (LOGIN_CODE_MAX_FAILURES).
    "code_login": "120/m/ip",
    # Text messages (each costs money, and free sending invites SMS pumping): per
    # phone number, per client IP (a room of 60 signing up by phone, with resends)
    # and for the whole site.
    "sms_number": "5/h/key",
    "sms_ip": "120/h/ip",
    "sms_global": "1000/h/key",
}

#: The pages whose posts count against a per-IP limit above: view name -> limit.
IP_LIMITED_VIEWS = {
    "account_login": "login",
    "account_signup": "signup",
    "accounts:signup": "signup",
    "account_verify_phone": "verify_phone",
    "account_request_login_code": "request_login_code",
    "account_confirm_login_code": "confirm_login_code",
    "account_reset_password": "reset_password",
    "account_reset_password_from_key": "reset_password_from_key",
    "centers:code_login": "code_login",
}


class AppSettings:
    """Read lazily so tests can override Django settings."""

    @property
    def LOGIN_CODE_TTL_HOURS(self) -> int:
        """How long a printed login code works (hours)."""
        return getattr(settings, "ACCOUNTS_LOGIN_CODE_TTL_HOURS", 72)

    @property
    def LOGIN_CODE_MAX_FAILURES(self) -> int:
        """Wrong codes allowed for one login ID before it is locked for a while."""
        return getattr(settings, "ACCOUNTS_LOGIN_CODE_MAX_FAILURES", 5)

    @property
    def LOGIN_CODE_LOCK_SECONDS(self) -> int:
        """How long a login ID stays locked after its last wrong code."""
        return getattr(settings, "ACCOUNTS_LOGIN_CODE_LOCK_SECONDS", 15 * 60)

    @property
    def RATE_LIMITS(self) -> dict[str, str]:
        """Our limits: :data:`DEFAULT_RATE_LIMITS` updated by ``ACCOUNTS_RATE_LIMITS``."""
        return {**DEFAULT_RATE_LIMITS, **getattr(settings, "ACCOUNTS_RATE_LIMITS", {})}

    @property
    def TRUSTED_PROXY_COUNT(self) -> int:
        """Reverse proxies in front of the app (allauth's own setting, shared)."""
        return int(getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0) or 0)

    @property
    def TRUSTED_CLIENT_IP_HEADER(self) -> str | None:
        """A header a trusted proxy sets to the client's address (allauth's setting)."""
        return getattr(settings, "ALLAUTH_TRUSTED_CLIENT_IP_HEADER", None)


app_settings = AppSettings()
