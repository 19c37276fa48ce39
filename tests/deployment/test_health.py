"""The load balancer's health check: database, cache, storage and a task worker's heartbeat, answered
to anyone without signing in, never cached, and naming no one."""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from community_trigger.operations.heartbeat import beat, workers_alive
from community_trigger.operations.models import WorkerHeartbeat

# The checks run in threads beside the request, which see only what is committed.
pytestmark = pytest.mark.django_db(transaction=True)


def test_with_a_worker_beating_every_check_passes_and_the_answer_is_never_cached(client: Client) -> None:
    beat(worker_id="worker-one")

    response = client.get("/health/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    results = json.loads(response.content)
    assert set(results.values()) == {"OK"}
    assert [name.split("(")[0] for name in results] == [
        "Database",
        "Cache",
        "Storage",
        "WorkerHeartbeatCheck",
    ]
    assert "no-store" in response["Cache-Control"]


def test_with_no_worker_ever_the_check_fails_so_the_balancer_knows(client: Client) -> None:
    response = client.get("/health/")

    assert response.status_code == 503
    assert json.loads(response.content)["WorkerHeartbeatCheck()"] == (
        "Unavailable: No task worker has reported in time"
    )


def test_a_worker_silent_longer_than_the_setting_fails_the_check(client: Client, settings: Settings) -> None:
    settings.WORKER_HEARTBEAT_MAX_MINUTES = 5
    beat(worker_id="worker-one", now=timezone.now() - timedelta(minutes=6))
    assert client.get("/health/").status_code == 503
    assert not workers_alive()

    settings.WORKER_HEARTBEAT_MAX_MINUTES = 10

    assert client.get("/health/").status_code == 200


def test_the_answer_is_json_whatever_the_client_asks_for(client: Client) -> None:
    beat(worker_id="worker-one")

    for accept in ("text/html", "application/atom+xml", "text/plain"):
        response = client.get("/health/", HTTP_ACCEPT=accept)
        assert response["Content-Type"] == "application/json"
    assert client.get("/health/?format=rss")["Content-Type"] == "application/json"


def test_a_worker_forgotten_for_a_day_is_removed_when_another_beats() -> None:
    beat(worker_id="gone", now=timezone.now() - timedelta(days=2))

    beat(worker_id="here")

    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["here"]


@pytest.fixture
def _signals_restored() -> Iterator[None]:
    # The worker takes over Ctrl-C and SIGTERM to stop cleanly; give them back to pytest afterwards.
    kept = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for number, handler in kept.items():
        signal.signal(number, handler)


@pytest.mark.usefixtures("_signals_restored")
def test_the_worker_writes_its_heartbeat_as_its_loop_goes_round(settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    call_command(
        "db_worker", "--batch", "--no-reload", "--no-startup-delay", "--worker-id", "w-1", verbosity=0
    )

    heartbeat = WorkerHeartbeat.objects.get()
    assert heartbeat.worker_id == "w-1"
    assert timezone.now() - heartbeat.beat_at < timedelta(minutes=1)
