"""Settings of the certificates app, each with its default.

Read ``app_settings.X`` instead of ``getattr(settings, ...)`` scattered around; a
project overrides any of these by defining ``CERTIFICATES_<NAME>`` in its settings.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _


class AppSettings:
    """Defaults, overridable in Django settings with the ``CERTIFICATES_`` prefix."""

    prefix = "CERTIFICATES_"

    def _setting(self, name, default):
        return getattr(settings, self.prefix + name, default)

    @property
    def SITE_URL(self) -> str:
        """Where the QR code points: the public address of the site."""
        return self._setting("SITE_URL", getattr(settings, "SITE_URL", "")).rstrip("/")

    @property
    def VERIFY_RATE_LIMIT(self) -> int:
        """How many verification lookups one IP address may make per window."""
        return self._setting("VERIFY_RATE_LIMIT", 30)

    @property
    def VERIFY_RATE_WINDOW_SECONDS(self) -> int:
        return self._setting("VERIFY_RATE_WINDOW_SECONDS", 60)

    @property
    def BATCH_CHUNK_SIZE(self) -> int:
        """Certificates laid out per step of a batch; progress is saved after each step.

        Each step has a fixed cost (a WeasyPrint document, its fonts, joining it to the
        rest), about 30 ms on the benchmark machine: 50 a step took a batch of 100 about
        7% less time than 25, and a batch of 500 peaked a few MB higher
        (docs/certificates.md).
        """
        return self._setting("BATCH_CHUNK_SIZE", 50)

    @property
    def BATCH_MAX_SIZE(self) -> int:
        """The most certificates one batch may hold."""
        return self._setting("BATCH_MAX_SIZE", 1000)

    @property
    def BATCH_LEASE_SECONDS(self) -> int:
        """How long a running batch may show no progress before its worker counts as dead.

        A worker renews the lease after every chunk (a few seconds apart), so two
        minutes without one means the process is gone (docs/certificates.md).
        """
        return self._setting("BATCH_LEASE_SECONDS", 120)

    @property
    def BATCH_MAX_ATTEMPTS(self) -> int:
        """How many workers may start a batch before it fails for good."""
        return self._setting("BATCH_MAX_ATTEMPTS", 3)

    @property
    def BATCH_PENDING_SECONDS(self) -> int:
        """How long a batch may wait for any worker to take it before it fails."""
        return self._setting("BATCH_PENDING_SECONDS", 600)

    @property
    def PDF_VARIANT(self) -> str:
        """WeasyPrint's PDF variant: PDF/A-2b keeps the file archivable and attachment-free."""
        return self._setting("PDF_VARIANT", "pdf/a-2b")

    @property
    def OPENBADGES_ISSUER_NAME(self) -> str:
        """The national issuer's name in Open Badges credentials (the centers sit under it)."""
        return self._setting("OPENBADGES_ISSUER_NAME", _("Community Digital Centers"))


app_settings = AppSettings()
