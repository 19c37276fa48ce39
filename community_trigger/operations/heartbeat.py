"""The task workers' heartbeat: written by each worker as it goes round its loop, read by the health check."""

from __future__ import annotations

import socket
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from community_trigger.operations.models import WorkerHeartbeat

# A worker that has not beaten for a day has stopped for good (a machine taken away): its row goes.
FORGOTTEN_AFTER = timedelta(days=1)


def beat(*, worker_id: str, now: datetime | None = None) -> None:
    """Record that the worker `worker_id` is alive now, and forget workers gone for a day."""
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"host": socket.gethostname()[:255], "beat_at": now}
    )
    WorkerHeartbeat.objects.filter(beat_at__lt=now - FORGOTTEN_AFTER).delete()


def last_beat() -> datetime | None:
    """When any worker last went round its loop; None when none ever has."""
    return WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()


def workers_alive(*, now: datetime | None = None) -> bool:
    """Whether some worker beat within WORKER_HEARTBEAT_MAX_MINUTES."""
    latest = last_beat()
    now = now or timezone.now()
    return latest is not None and latest >= now - timedelta(minutes=settings.WORKER_HEARTBEAT_MAX_MINUTES)
