"""Writes for deadlines: record the reminders a day brings, and queue their emails in the outbox."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from community_trigger.agencies.models import Membership
from community_trigger.agencies.selectors import memberships_granting
from community_trigger.common.calendar import bank_holidays_between
from community_trigger.deadlines.models import Reminder
from community_trigger.deadlines.selectors import due_items_everywhere
from community_trigger.deadlines.sources import DueItem
from community_trigger.domain.access import Role, roles_with
from community_trigger.domain.deadlines import reminder_due
from community_trigger.notifications.messages import DeadlineApproaching, DeadlineToday
from community_trigger.notifications.services import message_queue


def _answerable(item: DueItem, membership: Membership) -> bool:
    """Whether this membership is one the item's responsible party is made of."""
    responsible = item.responsible
    return (
        Role(membership.role) in roles_with(responsible.capability)
        and membership.agency.partnership_id == responsible.partnership_id
        and responsible.agency_id in (None, membership.agency_id)
    )


def _recipients(items: Sequence[DueItem]) -> dict[str, list[Any]]:
    """For each item's key, the staff with an email address who may do it (only its named person, when
    there is one who still may); one query for them all."""
    memberships = list(
        memberships_granting(
            {item.responsible.capability for item in items},
            partnerships={item.responsible.partnership_id for item in items},
        )
    )
    found: dict[str, list[Any]] = {}
    for item in items:
        users = {m.user_id: m.user for m in memberships if m.user.email and _answerable(item, m)}
        named = item.responsible.person_id
        found[item.key] = [users[named]] if named in users else [users[pk] for pk in sorted(users)]
    return found


@transaction.atomic
def reminders_record(*, today: date) -> list[int]:
    """Record the reminders `today` brings and queue an email for each in the outbox; answer the ids of
    the reminders queued now.

    Safe to run again, the same day or the next: a reminder is recorded once per item, recipient,
    moment and due date, and its email queued once (the outbox retries an email that fails).
    """
    if not settings.SITE_URL:
        raise ImproperlyConfigured("Set SITE_URL so that reminder emails can link to the case")
    days_before = settings.REMINDER_WORKING_DAYS_BEFORE
    due = [
        (item, moment)
        for item in due_items_everywhere(today=today)
        if (
            moment := reminder_due(item.due_on, today, days_before, bank_holidays_between(today, item.due_on))
        )
        is not None
    ]
    if not due:
        return []
    recipients = _recipients([item for item, _ in due])
    cases = {item.key: item.case.pk for item, _ in due}
    wanted = [
        Reminder(
            item_key=item.key,
            kind=item.kind,
            recipient=user,
            moment=moment,
            due_on=item.due_on,
            reference=item.reference,
            what=item.what,
            path=item.path,
        )
        for item, moment in due
        for user in recipients[item.key]
    ]
    Reminder.objects.bulk_create(wanted, ignore_conflicts=True)
    keys = {(row.item_key, row.recipient_id, row.moment, row.due_on) for row in wanted}
    recorded = Reminder.objects.filter(due_on__gte=today).select_related("recipient").order_by("pk")
    queued = []
    for reminder in recorded:
        if (reminder.item_key, reminder.recipient_id, reminder.moment, reminder.due_on) not in keys:
            continue
        content = (DeadlineToday if reminder.moment == Reminder.Moment.ON_THE_DAY else DeadlineApproaching)(
            reference=reminder.reference,
            what=reminder.what,
            due_on=reminder.due_on,
            link=f"{settings.SITE_URL}{reminder.path}",
        )
        if message_queue(
            key=f"reminder:{reminder.pk}",
            to=reminder.recipient.email,
            content=content,
            case_id=cases[reminder.item_key],
        ):
            queued.append(reminder.pk)
    return queued
