"""The worker's side of the outbox: claim a message that is due, send it, mark it; retry, then give up.

Each step is one short UPDATE that says what it expects to find, so two workers (or two runs of the same
task) never both send a message: only the one whose claim changed the row sends. No lock is held while
the mail server is talked to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F
from django.utils import timezone

from community_trigger.notifications.messages import from_values
from community_trigger.notifications.models import RECEIPT_FINAL, Message, Receipt
from community_trigger.notifications.providers import PostedLetter, Refused, letter_post
from community_trigger.notifications.text import TextMessage, text_send

# Tried at once, then after 1, 2, 4 … minutes: 8 attempts span about two hours of a mail server
# being down before the message is marked failed and shown to the coordinator.
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
# A message claimed this long ago and still "being sent" belongs to a worker that stopped mid-way.
STUCK_AFTER = timedelta(minutes=15)
STUCK_ERROR = "The worker stopped while sending it: it may or may not have gone"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one attempt did: the message's status after it, and when to try again if it will be."""

    status: str
    retry_at: datetime | None = None

    @property
    def sent(self) -> bool:
        return self.status == Message.Status.SENT


NOT_MINE = Outcome("skipped")


def message_send(*, message_id: int, now: datetime | None = None) -> Outcome:
    """Send one message if it is waiting and due; answer what became of it. A message that is not
    waiting (sent, being sent by another worker, failed) or not due yet is left alone."""
    now = now or timezone.now()
    claimed = Message.objects.filter(
        pk=message_id, status=Message.Status.QUEUED, next_attempt_at__lte=now
    ).update(status=Message.Status.SENDING, attempts=F("attempts") + 1, last_attempt_at=now)
    if not claimed:
        return NOT_MINE
    message = Message.objects.select_related("letter__application").get(pk=message_id)
    try:
        provider_id = _send(message)
    except Exception as error:  # whatever the mail server or a template says, it is noted
        return _failed(message, error, now)
    sent_at = timezone.now()
    Message.objects.filter(pk=message_id, status=Message.Status.SENDING).update(
        status=Message.Status.SENT,
        sent_at=sent_at,
        last_error="",
        # The values may hold a link that opens a draft or a status page: not kept once delivered.
        values={"kind": message.kind},
        # A provider that reports delivery (GOV.UK Notify) has it now; its receipt will say what became of it.
        provider_id=provider_id,
        delivery_status=Receipt.CREATED if provider_id else "",
        delivery_updated_at=sent_at if provider_id else None,
    )
    return Outcome(Message.Status.SENT)


def messages_due(*, now: datetime | None = None) -> list[int]:
    """The messages waiting whose time has come, oldest first. Those stuck "being sent" (their worker
    stopped) are marked failed first: whether they went is unknown, and sending twice is worse."""
    now = now or timezone.now()
    Message.objects.filter(status=Message.Status.SENDING, last_attempt_at__lt=now - STUCK_AFTER).update(
        status=Message.Status.FAILED, last_error=STUCK_ERROR
    )
    due = Message.objects.filter(status=Message.Status.QUEUED, next_attempt_at__lte=now)
    return list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True))


def _send(message: Message) -> str:
    """Send it through the backend its channel names; answers the provider's id for it ("" if none)."""
    if message.channel == Message.Channel.LETTER:
        assert message.letter is not None  # a letter to post is written with its letter
        return letter_post(PostedLetter(reference=message.key, pdf=bytes(message.letter.pdf)))
    content = from_values(message.values)
    if message.channel == Message.Channel.TEXT:
        return text_send(TextMessage(to=message.to, body=content.text(), reference=message.key))
    email = content.email(to=message.to, letter=message.letter)
    email.send()
    # A backend that reports delivery (notifications.notify) notes its id for the email on it.
    return str(getattr(email, "provider_id", ""))


def _failed(message: Message, error: Exception, now: datetime) -> Outcome:
    attempts = message.attempts
    # The SMTP layer's own words only: the exception's class and message, nothing of the message's.
    said = (str(error) if isinstance(error, Refused) else f"{type(error).__name__}: {error}")[:500]
    # Refused for good (a wrong address, a PDF the printer cannot take): no retry will change that.
    if attempts >= MAX_ATTEMPTS or isinstance(error, Refused):
        Message.objects.filter(pk=message.pk, status=Message.Status.SENDING).update(
            status=Message.Status.FAILED, last_error=said
        )
        return Outcome(Message.Status.FAILED)
    retry_at = now + FIRST_RETRY * 2 ** (attempts - 1)
    Message.objects.filter(pk=message.pk, status=Message.Status.SENDING).update(
        status=Message.Status.QUEUED, next_attempt_at=retry_at, last_error=said
    )
    return Outcome(Message.Status.QUEUED, retry_at)


# Asked again about a message sent this long ago with no final word from the provider, and no more often.
ASK_AFTER = timedelta(hours=1)
# Notify keeps a message's status for 7 days; after that it cannot say.
ASK_UNTIL = timedelta(days=7)
ASKED_AT_ONCE = 200


def receipts_awaited(*, now: datetime | None = None) -> list[Message]:
    """Messages sent to a provider that reports delivery, with no final word from it an hour on (its
    callback lost, or never set up), not asked in the last hour: the oldest word first, a batch at a time."""
    now = now or timezone.now()
    waiting = Message.objects.filter(
        status=Message.Status.SENT,
        delivery_updated_at__lt=now - ASK_AFTER,
        sent_at__gte=now - ASK_UNTIL,
    ).exclude(delivery_status__in=[*RECEIPT_FINAL, ""])
    return list(waiting.exclude(provider_id="").order_by("delivery_updated_at", "pk")[:ASKED_AT_ONCE])
