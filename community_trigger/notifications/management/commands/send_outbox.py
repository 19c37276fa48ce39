"""`manage.py send_outbox`: run every few minutes from cron; queues the sweep that sends what is due."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from community_trigger.notifications.notify import ask_for_receipts
from community_trigger.notifications.tasks import send_outbox


class Command(BaseCommand):
    help = (
        "Queue the task that sends every email that is due: any whose task was lost, and retries. Run it "
        "every few minutes, e.g. from cron; `manage.py db_worker` runs the tasks. With GOV.UK Notify it also "
        "queues the task that asks Notify about messages whose delivery receipt has not come."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_outbox.enqueue()
        self.stdout.write(f"Queued the sending of the outbox (task {result.id})")
        if settings.NOTIFY_API_KEY:
            asked = ask_for_receipts.enqueue()
            self.stdout.write(f"Queued the asking after GOV.UK Notify's missing receipts (task {asked.id})")
