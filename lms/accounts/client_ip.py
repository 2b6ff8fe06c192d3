"""The one answer to "which address is this person's browser?".

Every limit counts by it: allauth's (through :meth:`AccountAdapter.get_client_ip`), the
certificate verify page's and our own. Behind the documented nginx → gunicorn setup
``REMOTE_ADDR`` is nginx's address, the same for everybody; the client's address is the
entry of ``X-Forwarded-For`` written by the outermost proxy we trust. With
``ALLAUTH_TRUSTED_PROXY_COUNT = n`` that is the n-th entry from the right: entries
further left were written by the client itself and are not believed.
``ALLAUTH_TRUSTED_CLIENT_IP_HEADER`` (e.g. ``CF-Connecting-IP``) wins when set.
"""

import ipaddress

from django.http import HttpRequest

from lms.accounts.app_settings import app_settings

UNKNOWN_IP = "0.0.0.0"  # noqa: S104 - a placeholder address for counting, never bound


def _clean(raw: str | None) -> str | None:
    """A valid address written in its normal form, or ``None``."""
    if not raw:
        return None
    raw = raw.strip()
    if raw.startswith("[") and "]" in raw:  # "[2001:db8::1]:443"
        raw = raw[1 : raw.index("]")]
    elif raw.count(":") == 1:  # "203.0.113.7:51000"
        raw = raw.split(":")[0]
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The client's IP address, from the trusted proxy count (see the module docstring).

    A request with fewer forwarded entries than trusted proxies did not pass through
    them all (a health check, a request straight to gunicorn): its ``REMOTE_ADDR`` is
    used. Never raises; an unreadable address counts as ``0.0.0.0``.
    """
    header = app_settings.TRUSTED_CLIENT_IP_HEADER
    if header:
        ip = _clean(request.headers.get(header))
    else:
        ip = None
        count = app_settings.TRUSTED_PROXY_COUNT
        forwarded = request.headers.get("x-forwarded-for")
        if count > 0 and forwarded:
            entries = [entry.strip() for entry in forwarded.split(",")]
            if len(entries) >= count:
                ip = _clean(entries[-count])
    return ip or _clean(request.META.get("REMOTE_ADDR")) or UNKNOWN_IP
