"""The task workers' heartbeats (one row per worker, rewritten as its loop goes round), and the daily
jobs they queued, one row per job and day."""

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


class DailyRun(models.Model):
    """One daily job (settings.DAILY_TASKS) queued for one day. Whichever worker, on whichever machine,
    inserts the row first queues the job; the unique constraint refuses every other, so each job runs
    once a day however many workers there are."""

    job = models.CharField(max_length=200, help_text="The task's dotted path.")
    day = models.DateField()
    queued_at = models.DateTimeField()
    worker_id = models.CharField(max_length=64, blank=True, help_text="The worker that queued it.")

    class Meta:
        ordering = ["-day", "job"]
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="daily_job_once_a_day")]

    def __str__(self) -> str:
        return f"{self.job} on {self.day}"
