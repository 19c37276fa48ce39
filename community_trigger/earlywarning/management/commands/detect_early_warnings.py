"""`manage.py detect_early_warnings`: run early-warning detection, from cron (after the linkage)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from community_trigger.agencies.models import Partnership
from community_trigger.earlywarning.services import detect_everywhere


class Command(BaseCommand):
    help = "Find people and places in the incident records that meet the threshold, and second reports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", default="", help="As if today were this ISO date (YYYY-MM-DD).")
        parser.add_argument("--partnership", default="", help="Only this partnership's slug.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        except ValueError as bad:
            raise CommandError(
                f"--today must be a date as YYYY-MM-DD, not {options['today']!r}", returncode=2
            ) from bad
        slug = options["partnership"]
        if slug and not Partnership.objects.filter(slug=slug).exists():
            raise CommandError(f"No partnership with the slug {slug!r}", returncode=2)
        changed = detect_everywhere(today=today, slug=slug)
        self.stdout.write(f"{changed} early-warning finding(s) new or updated")
