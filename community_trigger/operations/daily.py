"""Daily jobs without cron: each worker, as its loop goes round, queues each job in settings.DAILY_TASKS
for today unless some worker already did. Which one did is decided by the database: a row per (job,
day) with a unique constraint, inserted by whichever worker gets there first, on whichever machine."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from community_trigger.operations.models import DailyRun


def daily_jobs_queue(*, worker_id: str = "", now: datetime | None = None) -> list[str]:
    """Queue today's run of each daily job no worker has queued yet; answers the jobs this call queued.
    A job is queued in the same transaction as its row, so a job that cannot be queued is tried again
    on the next turn rather than lost for the day."""
    now = now or timezone.now()
    today: date = timezone.localdate(now)
    done = set(DailyRun.objects.filter(day=today).values_list("job", flat=True))
    queued = []
    for job in settings.DAILY_TASKS:
        if job in done:
            continue
        try:
            with transaction.atomic():
                DailyRun.objects.create(job=job, day=today, queued_at=now, worker_id=worker_id[:64])
                import_string(job).enqueue()
        except IntegrityError:
            continue  # another worker queued it first
        queued.append(job)
    return queued
