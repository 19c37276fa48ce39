"""`manage.py load_demo`: the demo partnership that `make run` serves."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from community_trigger.agencies.services import demo_partnership_load


class Command(BaseCommand):
    help = "Create or refresh the demo Test Valley Partnership and its agencies (safe to repeat)."

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = demo_partnership_load()
        agencies = ", ".join(agency.name for agency in partnership.agencies.all())
        self.stdout.write(f"Demo partnership ready: {partnership.name} ({agencies})")
