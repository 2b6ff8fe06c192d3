"""A small cache-based rate limit for the public verification pages.

One counter per client IP address per time window. The address is the one every limit
of the site counts by (:func:`lms.accounts.client_ip.client_ip`): behind a proxy, the
entry of ``X-Forwarded-For`` set by the trusted proxy (``ALLAUTH_TRUSTED_PROXY_COUNT``).
"""

from django.core.cache import cache

from certificates.app_settings import app_settings
from lms.accounts.client_ip import client_ip


def over_limit(request, *, scope: str = "verify") -> bool:
    """Count this request; ``True`` when the client went over the limit in this window."""
    ip = client_ip(request)
    key = f"certificates:rate:{scope}:{ip}"
    window = app_settings.VERIFY_RATE_WINDOW_SECONDS
    if cache.add(key, 1, timeout=window):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            count = 1
    return count > app_settings.VERIFY_RATE_LIMIT
