"""`manage.py check_access`: run daily from cron; queues the check for unusual access to cases."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from community_trigger.deadlines.management.commands.send_reminders import day
from community_trigger.oversight.tasks import check_unusual_access


class Command(BaseCommand):
    help = (
        "Queue the task that looks for unusual access to cases on a day (yesterday by default) and emails "
        "the data protection officers about each alert. Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=day, default=None, help="The day to check (default: yesterday).")

    def handle(self, *args: Any, date: str | None, **options: Any) -> None:
        result = check_unusual_access.enqueue(date or "")
        self.stdout.write(f"Queued the access check of {date or 'yesterday'} (task {result.id})")
