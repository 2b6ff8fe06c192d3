"""The ``DATABASES["default"]`` entry, the same however the database is named.

The embedded database can be given as a path (``SQLITE_PATH``) or as a URL
(``DATABASE_URL=sqlite:///…``); both get the SQLite options below, so a deployment that
switches from one spelling to the other keeps its behaviour under load. A PostgreSQL
URL is parsed by dj-database-url and left as it is.
"""

from pathlib import Path

import dj_database_url

SQLITE_ENGINE = "django.db.backends.sqlite3"


def sqlite_options(busy_timeout_seconds: int) -> dict:
    """The connection options every SQLite database of ours runs with.

    WAL lets readers go on while one learner writes; ``synchronous=NORMAL`` is safe in
    WAL mode and saves a disk flush per commit; the busy timeout makes a writer wait for
    the lock instead of failing; IMMEDIATE transactions take the write lock at BEGIN, so
    two transactions that both read and then write cannot deadlock into "database is
    locked"; and foreign keys are enforced on every connection.
    """
    return {
        "timeout": busy_timeout_seconds,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            f"PRAGMA busy_timeout={busy_timeout_seconds * 1000};"
            "PRAGMA foreign_keys=ON;"
        ),
    }


def database_config(url: str, *, sqlite_path: Path, busy_timeout_seconds: int, conn_max_age: int) -> dict:
    """The default database: ``url`` when given, else the SQLite file at ``sqlite_path``.

    A ``sqlite://`` URL (``sqlite:////abs/path``, ``sqlite:///relative/path`` or
    ``sqlite://`` for memory) gets :func:`sqlite_options` on top of what dj-database-url
    parses; an option the URL sets itself (``?timeout=…``) wins over ours. Other URLs are returned as dj-database-url parses them.
    """
    if not url:
        return {"ENGINE": SQLITE_ENGINE, "NAME": sqlite_path, "OPTIONS": sqlite_options(busy_timeout_seconds)}
    config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    if config["ENGINE"] == SQLITE_ENGINE:
        config["OPTIONS"] = {**sqlite_options(busy_timeout_seconds), **config.get("OPTIONS", {})}
    return config
