"""Helpers for tests that speak HTTP to a live server from real threads.

Each :class:`Browser` is one person's browser: its own cookies, and the CSRF token of
its own cookie sent with every form. :func:`run_together` starts threads at one barrier,
so their requests reach the server at the same moment.
"""

import threading

import pytest
import requests
from django.db import connection

TIMEOUT_SECONDS = 60


class Browser:
    """A requests session that behaves like one browser posting Django forms."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.session = requests.Session()

    def clone(self) -> "Browser":
        """Another connection of the same browser (same cookies), for another thread."""
        other = Browser(self.base_url)
        other.session.cookies.update(self.session.cookies)
        return other

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.session.get(
            self.base_url + path, allow_redirects=False, timeout=TIMEOUT_SECONDS, **kwargs
        )

    def post(self, path: str, data: dict, **kwargs) -> requests.Response:
        """Post a form; the first visit to ``path`` gets the CSRF cookie, as a browser would."""
        if "csrftoken" not in self.session.cookies:
            self.get(path)
        data = {**data, "csrfmiddlewaretoken": self.session.cookies["csrftoken"]}
        return self.session.post(
            self.base_url + path, data=data, allow_redirects=False, timeout=TIMEOUT_SECONDS, **kwargs
        )


def run_together(targets: list) -> list:
    """Run each callable in its own thread, all released at once; return their results
    in order (an exception raised by a callable is returned in its place)."""
    results: list = [None] * len(targets)
    barrier = threading.Barrier(len(targets))

    def worker(index, target):
        try:
            barrier.wait()
            results[index] = target()
        except Exception as exc:  # noqa: BLE001 - the test reports every error
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture(params=["file", "redis"])
def production_cache(request, settings, tmp_path):
    """The caches production uses (file cache or Redis DB 4), not the in-memory one:
    limits must hold across processes, where in-memory counts would not."""
    if request.param == "file":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(tmp_path / "cache"),
            }
        }
    else:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:6379/4",
                "KEY_PREFIX": "lms-test-ip-limits",
            }
        }
    from django.core.cache import cache

    cache.clear()
    yield request.param
    cache.clear()
