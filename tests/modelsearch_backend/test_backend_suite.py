"""modelsearch's own backend test suite, run against our Thai-aware backend.

Wagtail 8 searches through django-modelsearch, whose ``BackendTests`` define what a
search backend must do (plain text, phrases, AND/OR/NOT, filters, ordering, facets,
autocomplete, boosting …). The upstream classes for SQLite and PostgreSQL are subclassed
here with ``cms_content.search.backend`` in place of modelsearch's database backend, so
every upstream test runs on ours, on whichever database the suite runs on (the other
database's classes are skipped, saying so). Their models come from the installed
``modelsearch.test.testapp``; their fixture (``fixtures/search.json``) is copied from
the django-modelsearch repository, see ``README.md`` here.

Where our backend answers differently on purpose, the test is listed in
``EXPECTED_FAILURES`` with the reason and marked ``expectedFailure``: it must keep
failing (an unexpected pass fails the run, so the list cannot go stale).
"""

import sys
import unittest

import wagtail.search.models
from django.test.utils import override_settings

# The upstream tests import the index models from ``modelsearch.models``, which exists
# only with ``modelsearch`` in INSTALLED_APPS. Wagtail installs the same models as
# ``wagtail.search`` (the app modelsearch then uses), so that module stands in for it.
sys.modules.setdefault("modelsearch.models", wagtail.search.models)

import modelsearch.tests.test_postgres_backend as upstream_postgres  # noqa: E402
import modelsearch.tests.test_sqlite_backend as upstream_sqlite  # noqa: E402

OUR_BACKEND = "cms_content.search.backend"


def our_backend_settings(**params) -> override_settings:
    """Settings naming our backend: Wagtail reads ``WAGTAILSEARCH_BACKENDS``, the upstream
    tests look their backend up in ``MODELSEARCH_BACKENDS``."""
    backends = {"default": {"BACKEND": OUR_BACKEND, **params}}
    return override_settings(WAGTAILSEARCH_BACKENDS=backends, MODELSEARCH_BACKENDS=backends)


def expect_failures(cls, reasons: dict[str, str]):
    """Mark each test named in ``reasons`` as an expected failure of ``cls``."""
    for name, reason in reasons.items():
        test = getattr(cls, name)

        def expected(self, _test=test):
            return _test(self)

        expected.__doc__ = f"Expected to fail on our backend: {reason}"
        setattr(cls, name, unittest.expectedFailure(expected))
    return cls


#: Upstream tests our backend fails on purpose, with why (see docs/search.md).
EXPECTED_FAILURES_SQLITE: dict[str, str] = {}
EXPECTED_FAILURES_POSTGRES: dict[str, str] = {}


@our_backend_settings()
class TestOurBackendOnSQLite(upstream_sqlite.TestSQLiteSearchBackend):
    """Upstream's SQLite FTS5 suite (with its own skips for what FTS5 cannot do)."""

    backend_path = OUR_BACKEND


@our_backend_settings()
class TestOurBackendOnPostgres(upstream_postgres.TestPostgresSearchBackend):
    """Upstream's PostgreSQL suite."""

    backend_path = OUR_BACKEND


@our_backend_settings(SEARCH_CONFIG="dutch")
class TestOurBackendOnPostgresWithALanguage(upstream_postgres.TestPostgresLanguageTextSearch):
    """Upstream's search with a language's configuration (Dutch stemming and stop words):
    ``"Nu is beter dan nooit"`` holds stop words, which our per-word conditions lost."""

    backend_path = OUR_BACKEND


expect_failures(TestOurBackendOnSQLite, EXPECTED_FAILURES_SQLITE)
expect_failures(TestOurBackendOnPostgres, EXPECTED_FAILURES_POSTGRES)
