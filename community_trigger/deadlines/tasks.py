"""The background tasks behind reminder emails: a daily one that finds them, one per email that sends it.

The database backend keeps them in a table until `manage.py db_worker` runs them; `manage.py
send_reminders` (from cron) queues the daily one. Arguments are plain JSON, as the queue stores them.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from community_trigger.deadlines.services import reminder_send, reminders_record


@task()
def queue_reminders(day: str = "") -> int:
    """Record the reminders of `day` (ISO date; today where the worker is, by default) and queue an
    email task for each one not sent yet. Answers how many it queued."""
    today = date.fromisoformat(day) if day else timezone.localdate()
    with transaction.atomic():
        to_send = reminders_record(today=today)
        for reminder_id in to_send:
            # Queued once the reminders are saved, so the email task always finds its row. Should the
            # process stop in between, the next run queues what is still unsent.
            transaction.on_commit(partial(send_reminder.enqueue, reminder_id))
    return len(to_send)


@task()
def send_reminder(reminder_id: int) -> bool:
    """Send one reminder email, unless it has been sent already."""
    return reminder_send(reminder_id=reminder_id)
