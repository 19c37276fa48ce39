"""Writes for the outbox: queue a message with the change that causes it, and send again one that failed."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from community_trigger.cases.services import case_lock, step_check
from community_trigger.domain.actions import Action
from community_trigger.notifications.messages import Content, to_values
from community_trigger.notifications.models import Message
from community_trigger.notifications.routing import POST, Purpose, Route, SafeContact, route_for
from community_trigger.notifications.tasks import send_message


def message_queue(
    *,
    key: str,
    to: str,
    content: Content,
    case_id: int | None = None,
    letter_id: int | None = None,
    channel: str = Message.Channel.EMAIL,
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
            "channel": channel,
            "values": to_values(content),
            "case_id": case_id,
            "letter_id": letter_id,
        },
    )
    if created:
        transaction.on_commit(partial(send_message.enqueue, message.pk), robust=True)
    return created


def message_send_safely(
    *,
    key: str,
    contact: SafeContact,
    content: Content,
    purpose: Purpose = Purpose.NOTICE,
    case_id: int | None = None,
    letter_id: int | None = None,
) -> Route | None:
    """Queue a message to an applicant by the way `contact` says is safe (notifications.routing); answers
    that way. With no safe way the message is written held, never sent, so that the case page tells
    staff to reach the person another way; a letter for post is the caller's to keep for printing."""
    route = route_for(contact, purpose)
    if route is None:
        Message.objects.get_or_create(
            key=key,
            defaults={
                "kind": content.__struct_config__.tag,
                "to": "",
                "values": {"kind": content.__struct_config__.tag},
                "case_id": case_id,
                "letter_id": letter_id,
                "status": Message.Status.HELD,
                "last_error": NOT_SAFE,
            },
        )
    elif route.channel != POST:
        message_queue(
            key=key, to=route.to, content=content, case_id=case_id, letter_id=letter_id, channel=route.channel
        )
    return route


NOT_SAFE = "No way of contacting them that they said is safe: contact them another safe way"


class SendAgainRefused(Exception):
    """Only someone who manages a case may send its messages again: the message says why not."""


@transaction.atomic
def message_send_again(*, message: Message, actor: Any) -> bool:
    """Put a message that has not gone back in the queue, due now, with its attempts counted afresh;
    answers whether it did (a message sent, or being sent, is left alone). A case's message is sent
    again only by someone the case's rulebook lets do so."""
    if message.case is not None:  # messages not about a case are the worker's own
        case = case_lock(message.case)
        step_check(case, Action.SEND_LETTER_AGAIN, actor=actor, refused=SendAgainRefused)
    again = Message.objects.filter(
        pk=message.pk, status__in=[Message.Status.QUEUED, Message.Status.FAILED]
    ).update(status=Message.Status.QUEUED, attempts=0, next_attempt_at=timezone.now())
    if again:
        transaction.on_commit(partial(send_message.enqueue, message.pk), robust=True)
    return bool(again)
