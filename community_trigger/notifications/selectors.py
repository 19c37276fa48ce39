"""Reads for the outbox: the messages of a case that could not be sent or did not arrive, or were held as
unsafe to send."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from community_trigger.notifications.models import RECEIPT_FAILED, Message

# Did not reach its person: the worker gave up on it, or the provider says it was not delivered (or a
# posted letter came back).
_UNDELIVERED = Q(status=Message.Status.FAILED) | Q(
    status=Message.Status.SENT, delivery_status__in=RECEIPT_FAILED
)


def messages_failed() -> QuerySet[Message]:
    """Every message that did not reach its person, for the worklist and "Due and overdue" to narrow to
    the cases their reader may see. `last_error` says why, in words; `can_send_again` whether it can be."""
    return Message.objects.filter(_UNDELIVERED)


def messages_failed_of(case_id: int) -> QuerySet[Message]:
    """The case's messages that did not reach their person, oldest first, for the coordinator to send
    again or to reach the person another way. A letter's own row on the case page says when its email
    could not be sent, so that one is not listed twice; what the provider said of a letter is listed."""
    shown_on_letter = Q(status=Message.Status.FAILED, channel=Message.Channel.EMAIL, letter__isnull=False)
    return messages_failed().filter(case_id=case_id).exclude(shown_on_letter)


def messages_held_of(case_id: int) -> QuerySet[Message]:
    """The case's messages to the applicant that were never sent, as they gave no way it was safe to
    send them by: letters among them, as the letter's row does not say why."""
    return Message.objects.filter(case_id=case_id, status=Message.Status.HELD)
