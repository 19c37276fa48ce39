"""The task workers' heartbeats: one row per worker, rewritten as its loop goes round."""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """The last time a task worker went round its loop. It names the worker by its random id and the
    machine it runs on (a host name, never a person), so the health check can tell that some worker,
    somewhere, is still sending the outbox and the reminders."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.host}"
