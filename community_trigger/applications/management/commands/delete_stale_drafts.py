"""`manage.py delete_stale_drafts`: run daily, so unsubmitted answers are not kept beyond 30 days."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from community_trigger.applications.services import DRAFT_LIFETIME, drafts_delete_stale


class Command(BaseCommand):
    help = f"Delete drafts untouched for {DRAFT_LIFETIME.days} days (run it daily, e.g. from cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = drafts_delete_stale()
        self.stdout.write(f"Deleted {deleted} stale draft{'s' if deleted != 1 else ''}")
