"""A small cache-based rate limit for the public verification pages.

One counter per client IP address per time window. Behind a proxy, REMOTE_ADDR must be
set from the trusted forwarding header by the proxy configuration (see docs/certificates.md).
"""

from django.core.cache import cache

from certificates.app_settings import app_settings


def over_limit(request, *, scope: str = "verify") -> bool:
    """Count this request; ``True`` when the client went over the limit in this window."""
    ip = request.META.get("REMOTE_ADDR", "unknown")
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
