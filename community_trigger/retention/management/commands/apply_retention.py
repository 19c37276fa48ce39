"""`manage.py apply_retention`: apply every partnership's retention schedule now (from cron, where the
worker's own daily queueing is not wanted): expired cases anonymised, held ones kept, old audit
entries deleted, and stale drafts deleted."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from community_trigger.applications.services import drafts_delete_stale
from community_trigger.retention.services import retention_sweep_run


class Command(BaseCommand):
    help = (
        "Apply each partnership's retention schedule: anonymise the cases whose period has ended (not "
        "those on a legal hold), delete unsent drafts and audit entries past theirs. Run it daily, e.g. "
        "from cron, unless `manage.py db_worker` runs it (settings.DAILY_TASKS)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--day", default="", help="The day to apply it as of, as 2032-11-20 (default: today)."
        )

    def handle(self, *args: Any, day: str, **options: Any) -> None:
        try:
            today = datetime.date.fromisoformat(day) if day else None
        except ValueError:
            raise CommandError(
                f"--day must be a date such as 2032-11-20, not {day!r}", returncode=2
            ) from None
        swept = retention_sweep_run(today=today)
        drafts = drafts_delete_stale()
        self.stdout.write(
            f"Anonymised {swept.cases} case(s); {swept.held_back} kept by a hold placed meanwhile; "
            f"emptied {swept.data_requests} answered data request(s) of who asked; "
            f"deleted {swept.audit_entries} audit entr(ies) and {drafts} draft(s)"
        )
