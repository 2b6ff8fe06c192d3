"""Our limits: per client IP for a whole room, plus the SMS budget.

Why not allauth's limiter for these: it keeps a history per limit under a cache lock
and refuses the request when it cannot get the lock within a second. A center's
40–60 learners share one IP address, so every one of their logins queues for the same
lock; under load some wait past a second and get 429 without being over any limit.
Here each limit is a counter per time window, raised with the cache's atomic ``incr``
(Redis in production; the file cache of one machine can miss a count under heavy
concurrency, which only makes it more lenient). No lock, nothing to wait for.

allauth keeps the limits that name one account, one phone number or one email
address (``ACCOUNT_RATE_LIMITS`` in ``lms/settings/base.py``): those carry the weight
against guessing, and only one person's requests meet there.

The table of limits is :attr:`lms.accounts.app_settings.AppSettings.RATE_LIMITS`, in
allauth's ``"amount/period/per"`` notation. Over a limit a view answers with
:func:`respond_429` (the Thai ``templates/429.html``); code deep in a flow raises
allauth's ``RateLimited``, which :class:`lms.accounts.middleware.RateLimitMiddleware`
turns into the same page.
"""

import hashlib
import time

from allauth.core.exceptions import RateLimited
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from lms.accounts.app_settings import app_settings
from lms.accounts.client_ip import client_ip

__all__ = ["RateLimited", "limit_consume", "limit_reached", "respond_429", "sms_budget_consume"]

#: The one key of the site-wide SMS budget.
SITE_KEY = "site"


def _counter_keys(request: HttpRequest, action: str, key: str | None) -> list[tuple[str, int, int]]:
    """``(cache key, allowed amount, seconds)`` for each rate of ``action`` right now."""
    counters = []
    now = time.time()
    for rate in allauth_ratelimit.parse_rates(app_settings.RATE_LIMITS.get(action)):
        if rate.per == "ip":
            source = allauth_ratelimit.truncate_ip(client_ip(request))
        elif rate.per == "key":
            source = key or ""
        else:
            raise ValueError(f"{action}: our limits count per ip or per key, not {rate.per!r}")
        digest = hashlib.sha256(f"{action}:{rate}:{source}".encode()).hexdigest()[:32]
        window = int(now // rate.duration)
        counters.append((f"lms:rl:{digest}:{window}", rate.amount, int(rate.duration) + 1))
    return counters


def _increment(cache_key: str, seconds: int) -> int:
    cache.add(cache_key, 0, timeout=seconds)
    try:
        return cache.incr(cache_key)
    except ValueError:  # the window ended between add and incr
        cache.set(cache_key, 1, timeout=seconds)
        return 1


def _decrement(cache_keys: list[str]) -> None:
    for cache_key in cache_keys:
        try:
            cache.decr(cache_key)
        except ValueError:  # its window ended meanwhile: nothing left to give back
            pass


def limit_consume(request: HttpRequest, *, action: str, key: str | None = None) -> bool:
    """Count one use of ``action``; ``False`` when this use is over a limit (it is
    then not counted at all)."""
    counted = []
    for cache_key, amount, seconds in _counter_keys(request, action, key):
        counted.append(cache_key)
        if _increment(cache_key, seconds) > amount:
            _decrement(counted)
            return False
    return True


def limit_reached(request: HttpRequest, *, action: str, key: str | None = None) -> bool:
    """``True`` when ``action`` has no use left (counts nothing)."""
    return any(
        cache.get(cache_key, 0) >= amount
        for cache_key, amount, _seconds in _counter_keys(request, action, key)
    )


def sms_budget_consume(request: HttpRequest, *, phone: str) -> None:
    """Count one text message to ``phone`` against the per-number, per-IP and site-wide
    hourly budgets; raise ``RateLimited`` (and count nothing) when any is spent."""
    taken: list[str] = []
    for action, key in (("sms_number", phone), ("sms_ip", None), ("sms_global", SITE_KEY)):
        if not limit_consume(request, action=action, key=key):
            _decrement(taken)
            raise RateLimited
        taken += [cache_key for cache_key, _amount, _seconds in _counter_keys(request, action, key)]


def respond_429(request: HttpRequest) -> HttpResponse:
    """The Thai "too many requests" page, the same one allauth's limits answer with."""
    return allauth_ratelimit.respond_429(request)
