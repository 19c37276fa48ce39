"""`manage.py send_outbox`: run every few minutes from cron; queues the sweep that sends what is due."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from community_trigger.notifications.tasks import send_outbox


class Command(BaseCommand):
    help = (
        "Queue the task that sends every email that is due: any whose task was lost, and retries. Run it "
        "every few minutes, e.g. from cron; `manage.py db_worker` runs the tasks."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_outbox.enqueue()
        self.stdout.write(f"Queued the sending of the outbox (task {result.id})")
