"""The rate-limit counters live in a cache every process shares: the database by default, counting
atomically, so two processes counting one client at once never lose an attempt."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.db import connections

from community_trigger.common.cache import SharedDatabaseCache

pytestmark = pytest.mark.django_db


def test_by_default_the_cache_is_the_shared_database_one() -> None:
    assert isinstance(caches["default"], SharedDatabaseCache)


def test_a_counter_counts_up_and_down_and_keeps_its_expiry() -> None:
    cache = caches["default"]
    assert cache.add("tries", 1, timeout=60)

    assert cache.incr("tries") == 2
    assert cache.incr("tries", 5) == 7
    assert cache.decr("tries", 2) == 5
    assert cache.get("tries") == 5
    with time_machine.travel(timedelta(seconds=61)):
        assert cache.get("tries") is None


def test_a_counter_that_is_not_there_or_has_expired_is_a_value_error_as_in_every_django_cache() -> None:
    cache = caches["default"]
    with pytest.raises(ValueError, match="not found"):
        cache.incr("never-set")
    cache.set("old", 1, timeout=1)
    with time_machine.travel(timedelta(seconds=2)), pytest.raises(ValueError, match="not found"):
        cache.incr("old")


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_four_processes_counting_one_client_at_once_lose_no_attempt() -> None:
    cache = caches["default"]
    cache.add("submissions:127.0.0.1", 0, timeout=3600)
    start = threading.Barrier(4)

    def count() -> None:
        # Each thread has its own database connection, as each web process has.
        try:
            start.wait()
            for _ in range(25):
                cache.incr("submissions:127.0.0.1")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=count) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert cache.get("submissions:127.0.0.1") == 100
