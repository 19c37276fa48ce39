"""`manage.py recount_figures`: rebuild the counts behind the published figures from the cases' history,
for one partnership or all, by the rules that count each event as it happens. The dispatcher keeps
them as cases move; this is for data loaded or corrected by other means (an import, a fix)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from community_trigger.agencies.models import Partnership
from community_trigger.consequences.dispatch import recount


class Command(BaseCommand):
    help = (
        "Rebuild the counts behind the yearly figures from the cases' history (all partnerships by default)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", metavar="SLUG", help="only this partnership")

    def handle(self, *args: Any, **options: Any) -> None:
        partnerships = Partnership.objects.all()
        if options["partnership"]:
            partnerships = partnerships.filter(slug=options["partnership"])
            if not partnerships.exists():
                raise CommandError(f"No partnership {options['partnership']!r}")
        counted = recount(partnerships.values_list("pk", flat=True))
        self.stdout.write(f"Counted {counted} events across {partnerships.count()} partnership(s)")
