"""Writes for the outbox: queue a message with the change that causes it, and send again one that failed."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.utils import timezone

from community_trigger.notifications.messages import Content, to_values
from community_trigger.notifications.models import Message
from community_trigger.notifications.tasks import send_message


def message_queue(
    *, key: str, to: str, content: Content, case_id: int | None = None, letter_id: int | None = None
) -> bool:
    """Write the message to send, in the caller's transaction, so that it exists exactly when the change
    it tells of does; answers whether it wrote it. Writing one whose `key` was written already changes
    nothing.

    The worker is told once the transaction commits; should telling it fail, the sweep finds the row.
    """
    message, created = Message.objects.get_or_create(
        key=key,
        defaults={
            "kind": content.__struct_config__.tag,
            "to": to,
            "values": to_values(content),
            "case_id": case_id,
            "letter_id": letter_id,
        },
    )
    if created:
        transaction.on_commit(partial(send_message.enqueue, message.pk), robust=True)
    return created


@transaction.atomic
def message_send_again(*, message: Message) -> bool:
    """Put a message that has not gone back in the queue, due now, with its attempts counted afresh;
    answers whether it did (a message sent, or being sent, is left alone)."""
    again = Message.objects.filter(
        pk=message.pk, status__in=[Message.Status.QUEUED, Message.Status.FAILED]
    ).update(status=Message.Status.QUEUED, attempts=0, next_attempt_at=timezone.now())
    if again:
        transaction.on_commit(partial(send_message.enqueue, message.pk), robust=True)
    return bool(again)
