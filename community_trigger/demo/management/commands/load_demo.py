"""`manage.py load_demo`: the demo partnership that `make run` serves, and on a development machine
its demo staff accounts, printed with how to sign in as each."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone

from community_trigger.accounts.services import DEMO_PASSWORD, DemoStaffRefused, demo_staff_load
from community_trigger.agencies.services import demo_partnership_load
from community_trigger.demo.agencies import demo_agency_contacts_load
from community_trigger.demo.cases import demo_cases_load, demo_history_load
from community_trigger.demo.incidents import demo_incidents_load
from community_trigger.demo.support import demo_support_services_load
from community_trigger.earlywarning.services import findings_detect


class Command(BaseCommand):
    help = (
        "Create or refresh the demo Test Valley Partnership and its agencies, and with DEBUG on the demo "
        "staff accounts with fresh backup codes (safe to repeat)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = demo_partnership_load()
        demo_support_services_load(partnership=partnership)
        demo_agency_contacts_load(partnership=partnership)
        agencies = ", ".join(agency.name for agency in partnership.agencies.all())
        self.stdout.write(f"Demo partnership ready: {partnership.name} ({agencies})")
        try:
            accounts = demo_staff_load()
        except DemoStaffRefused as refused:
            self.stdout.write(f"No demo staff accounts: {refused}")
            return
        self.stdout.write(
            "\nDemo staff accounts (development only). Sign in at "
            f'{settings.SITE_URL or ""}/staff/ with the password "{DEMO_PASSWORD}".\n'
            "When asked for a code, enter the account's backup code below. Each code works once: "
            "run `make run` or `manage.py load_demo` again for fresh ones.\n"
        )
        coordinator = get_user_model().objects.get(username="coordinator")
        # Demo people are invented, at .example addresses: their letters and the agencies' emails go
        # into the outbox like any others, and the worker `make run` starts prints them to the console.
        cases = demo_cases_load(partnership=partnership, coordinator=coordinator)
        history = demo_history_load(partnership=partnership)
        if cases:
            self.stdout.write(
                f"Demo cases: {', '.join(f'{case.reference} ({case.public_state})' for case in cases)}"
            )
        if history:
            self.stdout.write(
                f"Demo cases of past years, for the figures at /{partnership.slug}/statistics/: "
                f"{', '.join(case.reference for case in history)}"
            )
        linked = demo_incidents_load(
            partnership=partnership, coordinator=coordinator, today=timezone.localdate()
        )
        found = findings_detect(partnership=partnership, today=timezone.localdate())
        self.stdout.write(
            f"Demo incident records: {linked.records} from the council, the police and the housing "
            f"association, linked to {linked.reporters} new person(s) and {linked.places} new place(s); "
            f"{found} early-warning finding(s) new or grown"
        )
        width = max(len(account.username) for account in accounts)
        for account in accounts:
            self.stdout.write(
                f"  {account.username:<{width}}  backup code {account.backup_code}  {account.where}"
            )
