"""The daily background task that deletes incident records past their retention (services).

Run daily by the worker's schedule (DAILY_TASKS) or, from cron, by `manage.py delete_expired_incidents`.
Arguments are plain JSON, as the queue stores them."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django_tasks import task

from community_trigger.incidents.services import incidents_delete_expired


@task()
def delete_expired_incidents(day: str = "") -> int:
    """Delete the incident records not linked to a case whose retention ended by `day` (ISO date;
    today where the worker is, by default). Answers how many it deleted."""
    today = date.fromisoformat(day) if day else timezone.localdate()
    return incidents_delete_expired(today=today)
