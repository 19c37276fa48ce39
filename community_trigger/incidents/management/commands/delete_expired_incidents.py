"""`manage.py delete_expired_incidents`: delete the incident records past their retention, from cron."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from community_trigger.incidents.services import incidents_delete_expired


class Command(BaseCommand):
    help = "Delete incident records not linked to a case whose retention period has ended."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", type=date.fromisoformat, default=None, help="As if today were this ISO date."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = incidents_delete_expired(today=options["today"] or timezone.localdate())
        self.stdout.write(f"Deleted {deleted} incident record(s) past their retention")
