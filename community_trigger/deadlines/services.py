"""Writes for deadlines: record the reminders a day brings, and send one of them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from community_trigger.agencies.models import Membership
from community_trigger.agencies.selectors import memberships_granting
from community_trigger.common.calendar import bank_holidays_between
from community_trigger.deadlines.models import Reminder
from community_trigger.deadlines.selectors import due_items_everywhere
from community_trigger.deadlines.sources import DueItem
from community_trigger.domain.access import Role, roles_with
from community_trigger.domain.deadlines import reminder_due
from community_trigger.notifications import messages


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
    """Record the reminders `today` brings, and answer the ids of those not sent yet.

    Safe to run again, the same day or the next: a reminder is recorded once per item, recipient,
    moment and due date, and one already sent is never answered again. One not sent yet (a failed
    email) is answered again for as long as it is still timely.
    """
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
    unsent = Reminder.objects.filter(sent_at__isnull=True, due_on__gte=today).order_by("pk")
    return [row.pk for row in unsent if (row.item_key, row.recipient_id, row.moment, row.due_on) in keys]


@transaction.atomic
def reminder_send(*, reminder_id: int) -> bool:
    """Send one recorded reminder by email unless it was sent already; answer whether this call sent it.

    The email goes out inside the transaction that marks it sent, with its row locked: two workers
    cannot both send it, and an email that fails leaves it unsent, for the next day's run to queue
    again.
    """
    if not settings.SITE_URL:
        raise ImproperlyConfigured("Set SITE_URL so that reminder emails can link to the case")
    reminder = (
        Reminder.objects.select_for_update(of=("self",))
        .select_related("recipient")
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None or reminder.sent_at is not None:
        return False
    send = (
        messages.deadline_today
        if reminder.moment == Reminder.Moment.ON_THE_DAY
        else messages.deadline_approaching
    )
    send(reminder=reminder, to=reminder.recipient.email, link=f"{settings.SITE_URL}{reminder.path}")
    reminder.sent_at = timezone.now()
    reminder.save(update_fields=["sent_at"])
    return True
