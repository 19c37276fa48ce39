"""`manage.py recount_figures`: rebuild the counted events behind the published figures from the cases'
own records, for one partnership or all. The services keep them as cases move; this is for data
loaded or corrected by other means (an import, a fix in the database)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from community_trigger.agencies.models import Partnership
from community_trigger.statistics.counting import LIVE, recount


class Command(BaseCommand):
    help = (
        "Rebuild the counts behind the yearly figures from the cases' records (all partnerships by default)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", metavar="SLUG", help="only this partnership")

    def handle(self, *args: Any, **options: Any) -> None:
        partnerships = Partnership.objects.all()
        if options["partnership"]:
            partnerships = partnerships.filter(slug=options["partnership"])
            if not partnerships.exists():
                raise CommandError(f"No partnership {options['partnership']!r}")
        counted = recount(LIVE, partnerships.values_list("pk", flat=True))
        self.stdout.write(f"Counted {counted} events across {partnerships.count()} partnership(s)")
