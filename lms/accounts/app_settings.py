"""Settings of ``lms.accounts``, with their defaults, read in one place."""

from django.conf import settings


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
        return getattr(settings, "ACCOUNTS_LOGIN_CODE_LOCK_SECONDS", 15 * 60)

    @property
    def SIGNUP_STEP_RATE_LIMIT(self) -> str:
        """allauth-style rates for the sign-up steps before the last one (they tell
        whether a number or email already has an account): a room of 40-60 learners
        taking a few tries each passes; a script trying thousands of numbers does not.
        The last step counts against allauth's own ``signup`` limit."""
        return getattr(settings, "ACCOUNTS_SIGNUP_STEP_RATE_LIMIT", "300/m/ip,3000/h/ip")


app_settings = AppSettings()
