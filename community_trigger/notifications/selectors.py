"""Reads for the outbox: the messages of a case that could not be sent, or were held as unsafe to send."""

from __future__ import annotations

from django.db.models import QuerySet

from community_trigger.notifications.models import Message


def messages_failed_of(case_id: int) -> QuerySet[Message]:
    """The case's messages that the worker gave up on, oldest first, for the coordinator to send again.
    A letter's own row on the case page says so for its email, so letters are not listed twice."""
    return Message.objects.filter(case_id=case_id, status=Message.Status.FAILED, letter__isnull=True)


def messages_held_of(case_id: int) -> QuerySet[Message]:
    """The case's messages to the applicant that were never sent, as they gave no way it was safe to
    send them by: letters among them, as the letter's row does not say why."""
    return Message.objects.filter(case_id=case_id, status=Message.Status.HELD)
