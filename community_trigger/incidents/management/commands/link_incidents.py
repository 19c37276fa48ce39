"""`manage.py link_incidents`: link the incident records not linked yet to their person and place,
from cron or by hand (`--train` estimates the partnership's model afresh)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from community_trigger.agencies.models import Partnership
from community_trigger.incidents.linkage import incidents_link


class Command(BaseCommand):
    help = "Link new incident records to the person and the place they are of (Splink on DuckDB)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", default="", help="A partnership slug (default: all).")
        parser.add_argument("--train", action="store_true", help="Estimate the model afresh first.")

    def handle(self, *args: Any, **options: Any) -> None:
        partnerships = Partnership.objects.order_by("name")
        if options["partnership"]:
            partnerships = partnerships.filter(slug=options["partnership"])
            if not partnerships.exists():
                raise CommandError(f"No partnership {options['partnership']!r}", returncode=2)
        for partnership in partnerships:
            outcome = incidents_link(partnership=partnership, train=True if options["train"] else None)
            self.stdout.write(
                f"{partnership.name}: {outcome.new} new of {outcome.records} record(s) linked, "
                f"{outcome.reporters} new person(s), {outcome.places} new place(s)"
                + (" (model trained)" if outcome.trained else "")
            )
