"""`manage.py send_reminders`: run daily from cron; queues the day's reminder emails for the worker."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from community_trigger.deadlines.tasks import queue_reminders


def day(value: str) -> str:
    """A day as 2026-11-20, checked here so that a typing slip fails now rather than in the worker."""
    return datetime.date.fromisoformat(value).isoformat()


class Command(BaseCommand):
    help = (
        "Queue the task that finds today's reminders (before and on each due date) and emails them. "
        "Run it daily, e.g. from cron; `manage.py db_worker` runs the tasks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=day, default=None, help="The day to remind for (default: the day the task runs)."
        )

    def handle(self, *args: Any, date: str | None, **options: Any) -> None:
        result = queue_reminders.enqueue(date or "")
        self.stdout.write(f"Queued the reminders of {date or 'today'} (task {result.id})")
