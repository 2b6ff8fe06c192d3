"""``/healthz``: may a load balancer send this app server traffic?

It checks what every request relies on, with the real backends the settings name:

* ``database``: one trivial query (``SELECT 1``) on the default connection;
* ``cache``: a key of its own set, read back and deleted (Redis when ``REDIS_URL`` is set);
* ``storage`` and ``private_storage``: a tiny object written, read back and deleted in
  the ``default`` (images, documents) and ``private`` (certificate and batch PDFs)
  storages: the local folders or the S3 buckets.

Writing is checked, not only that the storage answers: the failures that lose work are
a folder turned read-only, a full disk, or S3 keys allowed to read but not to write;
an existence check sees none of them. It costs three small requests to each storage per
probe (on S3, a PUT, a GET and a DELETE, about 1 ms each on a local network and a few
cents a month at one probe every ten seconds). Each probe uses a name of its own, so
probes of several balancers never delete each other's objects.

The answer is 200 ``{"status": "ok", ...}`` or 503 ``{"status": "error", "failed": [...]}``
naming what failed and only the class of the error: exception messages can carry
addresses and credentials (a Redis URL with its password), so they go to the log only.
It is answered by :class:`HealthzMiddleware`, first in ``MIDDLEWARE``, so nothing else
runs for a probe: no session, no CSRF token, no rate limit, no page cache (which reads
Redis for every anonymous request and would turn a Redis outage into a 500 instead of
this 503), no HTTPS redirect (a balancer probes app servers over plain HTTP) and no
``ALLOWED_HOSTS`` check (balancers send the server's address as ``Host``). Never cached
by browsers or proxies either (``Cache-Control: no-cache, no-store``).
"""

import logging
import secrets
import time

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

PROBE_CONTENT = b"ok"
PROBE_FOLDER = "healthz"


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not answer 1")


def _check_cache() -> None:
    key = f"healthz:{secrets.token_hex(8)}"
    cache.set(key, PROBE_CONTENT, timeout=30)
    try:
        if cache.get(key) != PROBE_CONTENT:
            raise RuntimeError("the cache did not keep a value")
    finally:
        cache.delete(key)


def _check_storage(alias: str) -> None:
    storage = storages[alias]
    name = storage.save(f"{PROBE_FOLDER}/{secrets.token_hex(8)}.txt", ContentFile(PROBE_CONTENT))
    try:
        with storage.open(name, "rb") as stored:
            if stored.read() != PROBE_CONTENT:
                raise RuntimeError("the storage did not keep what was written")
    finally:
        storage.delete(name)


CHECKS = {
    "database": _check_database,
    "cache": _check_cache,
    "storage": lambda: _check_storage("default"),
    "private_storage": lambda: _check_storage("private"),
}


HEALTHZ_PATH = "/healthz"


@csrf_exempt
@require_safe
@never_cache
def healthz(request):
    """Run every check, each on its own (one failure does not hide another); 200 when
    all pass, else 503 with the names of those that failed."""
    started = time.monotonic()
    results, failed = {}, []
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:
            logger.warning("Health check %s failed", name, exc_info=True)
            results[name] = f"error: {type(error).__name__}"
            failed.append(name)
        else:
            results[name] = "ok"
    body = {"status": "error" if failed else "ok", "checks": results}
    if failed:
        body["failed"] = failed
    body["seconds"] = round(time.monotonic() - started, 4)
    return JsonResponse(body, status=503 if failed else 200)


class HealthzMiddleware:
    """Answer ``/healthz`` before any other middleware runs (see the module docstring).
    Must come first in ``MIDDLEWARE``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTHZ_PATH:
            return healthz(request)
        return self.get_response(request)
