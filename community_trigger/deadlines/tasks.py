"""The daily background task behind reminder emails: it records the day's reminders and queues their
emails in the outbox, which the worker sends (community_trigger.notifications.tasks).

The database backend keeps tasks in a table until `manage.py db_worker` runs them; `manage.py
send_reminders` (from cron) queues the daily one. Arguments are plain JSON, as the queue stores them.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django_tasks import task

from community_trigger.deadlines.services import reminders_record


@task()
def queue_reminders(day: str = "") -> int:
    """Record the reminders of `day` (ISO date; today where the worker is, by default) and queue their
    emails. Answers how many it queued."""
    today = date.fromisoformat(day) if day else timezone.localdate()
    return len(reminders_record(today=today))
