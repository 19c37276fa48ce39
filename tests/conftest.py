"""Test-wide setup kept to seven things: an empty cache for each test, static files without a
collected manifest, a fast password hasher (the tests make hundreds of staff accounts; a deployment's
hasher is slow on purpose), background tasks that run as soon as they are queued, text messages kept
in memory, uploaded documents kept in a temporary folder, and a flush between transactional tests
that may empty the append-only history and audit tables."""

from __future__ import annotations

import tempfile
from typing import Any

import pytest
from django.db import transaction
from django.db.backends.base.operations import BaseDatabaseOperations


def pytest_configure(config: pytest.Config) -> None:
    # Deployments serve hashed names from a collected manifest; tests render pages without one.
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Background tasks (letters, reminders) run as they are queued; tests/deadlines/test_tasks.py runs
    # the database backend's worker itself.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # A worker queues no daily jobs in a test that does not ask for them (tests/operations does).
    settings.DAILY_TASKS = []
    # Text messages are kept in memory (notifications.text.outbox), as Django keeps emails.
    settings.TEXT_BACKEND = "community_trigger.notifications.text.LocmemBackend"
    # Documents the tests upload never land in the project folder; no scanner unless a test starts one.
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="community-trigger-media-")
    settings.CLAMD_ADDRESS = ""
    flush = BaseDatabaseOperations.execute_sql_flush
    BaseDatabaseOperations.execute_sql_flush = _flush_history_too(flush)  # type: ignore[method-assign]


# The fixtures that open the test database, in the order to ask for one when a test uses several.
_DATABASE_FIXTURES = ("live_server", "transactional_db", "db")


@pytest.fixture(autouse=True)
def _empty_cache(request: pytest.FixtureRequest) -> None:
    """Public pages are kept in the cache by partnership and version, which a later test would reuse.
    The cache is a table of the database, so only a test that uses the database can reach it (and
    needs it emptied); the database is opened first, whichever fixture of the test asks for it."""
    from django.core.cache import caches

    caches["local"].clear()
    wanted = next((name for name in _DATABASE_FIXTURES if name in request.fixturenames), None)
    if wanted is None and request.node.get_closest_marker("django_db") is None:
        return
    if wanted is not None:
        request.getfixturevalue(wanted)
    caches["default"].clear()


@pytest.fixture(autouse=True)
def _empty_text_outbox() -> None:
    from community_trigger.notifications import text

    text.outbox.clear()


def _flush_history_too(flush: Any) -> Any:
    """Django empties the database after each transactional test (live-server browser tests among
    them); the triggers on history and audit tables refuse that (community_trigger/common/db.py)
    unless the maintenance table holds a row. The row is written and removed inside the flush's
    own transaction, so nothing else ever sees it, and only here, in the tests."""

    def flush_history_too(self: BaseDatabaseOperations, sql_list: list[str]) -> None:
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            cursor.execute("INSERT INTO append_only_maintenance (reason) VALUES ('flush between tests')")
            flush(self, sql_list)
            cursor.execute("DELETE FROM append_only_maintenance")

    return flush_history_too


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `postgresql` run several processes or connections on one database at once: they
    run in `make test` on PostgreSQL, and are deselected (said in the summary) on SQLite."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    left_out = [item for item in items if item.get_closest_marker("postgresql")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


def pytest_report_header(config: pytest.Config) -> str:
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"
