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


app_settings = AppSettings()
