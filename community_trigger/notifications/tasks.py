"""The background tasks that send the outbox: one per message, queued when its change is saved, and a
sweep (`manage.py send_outbox`, from cron) that sends whatever is due and was not sent by then. (With
GOV.UK Notify the same command queues notify.ask_for_receipts.)"""

from __future__ import annotations

from django_tasks import task

from community_trigger.notifications.delivery import message_send, messages_due


@task()
def send_message(message_id: int) -> str:
    """Send one message if it is waiting and due, and queue its retry if it failed; answers its status."""
    outcome = message_send(message_id=message_id)
    if outcome.retry_at is not None and send_message.get_backend().supports_defer:
        send_message.using(run_after=outcome.retry_at).enqueue(message_id)
    # Without a backend that can wait (tests run tasks at once), the sweep retries it.
    return outcome.status


@task()
def send_outbox() -> int:
    """Send every message that is due (queued, or waiting for its retry); answers how many went."""
    return sum(message_send(message_id=message_id).sent for message_id in messages_due())
