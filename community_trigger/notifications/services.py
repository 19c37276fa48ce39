"""Writes for the outbox: queue a message with the change that causes it, and send again one that failed."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from community_trigger.cases.services import case_lock, step_check
from community_trigger.domain.actions import Action
from community_trigger.notifications.messages import Content, to_values
from community_trigger.notifications.models import RECEIPT_FAILED, RECEIPT_FINAL, Message, Receipt
from community_trigger.notifications.providers import letters_posted_for_us
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
    staff to reach the person another way. A letter for post goes into the outbox too when the letter
    backend posts letters (GOV.UK Notify), on the letter channel; otherwise it is the caller's to keep
    for the coordinator to print and post."""
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
    elif letter_id is not None and letters_posted_for_us():
        # The address travels printed in the letter's PDF; the row keeps it on one line, for the case page.
        to = ", ".join(line.strip() for line in route.to.splitlines() if line.strip())[:254]
        message_queue(
            key=key,
            to=to,
            content=content,
            case_id=case_id,
            letter_id=letter_id,
            channel=Message.Channel.LETTER,
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


@transaction.atomic
def receipt_record(
    *, provider_id: str, status: str, reference: str = "", now: datetime | None = None
) -> Message | None:
    """Note what the provider says became of a message it took: its delivery receipt, a returned letter,
    or its answer when asked. Answers the message, or None when no sent message is known by that id (or
    by `reference`, our key, which a text or letter carries): a receipt can come before the worker has
    noted the message sent, and the provider sends it again later.

    The same word twice changes nothing but the time; a late "still sending" never undoes a final word;
    a letter once returned stays returned. A message that did not reach its person says why in
    `last_error`, for the coordinator. Nothing of the person is read or kept from the receipt."""
    now = now or timezone.now()
    sent = Message.objects.select_for_update().filter(status=Message.Status.SENT)
    message = sent.filter(provider_id=provider_id).first() if provider_id else None
    if message is None and reference:
        message = sent.filter(key=reference, provider_id__in=["", provider_id]).first()
    if message is None:
        return None
    if message.delivery_status == Receipt.RETURNED or (
        message.delivery_status in RECEIPT_FINAL and status not in RECEIPT_FINAL
    ):
        status = message.delivery_status
    message.provider_id = provider_id or message.provider_id
    message.delivery_status = status
    message.delivery_updated_at = now
    if status in RECEIPT_FAILED:
        message.last_error = message.delivery_words[:500]
    message.save(update_fields=["provider_id", "delivery_status", "delivery_updated_at", "last_error"])
    return message
