"""Writes for deadlines: record the reminders a day brings (and the chasers of late answers), and queue
their emails in the outbox."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from community_trigger.agencies.models import Agency, Membership
from community_trigger.agencies.selectors import memberships_granting
from community_trigger.common.calendar import bank_holidays_between, working_days_after
from community_trigger.deadlines.models import Reminder
from community_trigger.deadlines.selectors import due_items_everywhere
from community_trigger.deadlines.sources import SOURCES, DueItem
from community_trigger.domain.access import Role, roles_with
from community_trigger.domain.deadlines import CHASERS, LONG_OVERDUE, chaser_due, reminder_due
from community_trigger.notifications.messages import DeadlineApproaching, DeadlineToday, InformationOverdue
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
    # What is due further off than the reminders look ahead brings none yet: every day up to the
    # working day after that (a deadline on the weekend before it is as near as the Friday).
    items = due_items_everywhere(today=today, due_before=working_days_after(today, days_before + 1))
    due = [
        (item, moment)
        for item in items
        if (
            moment := reminder_due(item.due_on, today, days_before, bank_holidays_between(today, item.due_on))
        )
        is not None
    ]
    if not due:
        return _chasers_record(today=today, items=items)
    recipients = _recipients([item for item, _ in due])
    # Only kinds with a case are reminded of (Source.reminded), so every item here has one.
    cases = {item.key: item.case.pk for item, _ in due if item.case is not None}
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
    return _queued(wanted, cases, today=today) + _chasers_record(today=today, items=items)


def _queued(wanted: list[Reminder], cases: dict[str, int], *, today: date) -> list[int]:
    """Record the reminders to staff before or on the due date, and queue the email of each recorded now."""
    Reminder.objects.bulk_create(wanted, ignore_conflicts=True)
    keys = {(row.item_key, row.recipient_id, row.moment, row.due_on) for row in wanted}
    recorded = Reminder.objects.filter(due_on__gte=today).select_related("recipient").order_by("pk")
    queued = []
    for reminder in recorded:
        if (reminder.item_key, reminder.recipient_id, reminder.moment, reminder.due_on) not in keys:
            continue
        assert reminder.recipient is not None  # these reminders are to staff
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


def _chasers_record(*, today: date, items: Sequence[DueItem]) -> list[int]:
    """Record the chasers `today` brings for late items of the sources that chase (an agency's answer),
    and queue their emails: to the agency's officers, or to its contact address when it has none,
    and, once long overdue, to its lead contact as well. Each is sent once per item, recipient,
    moment and due date, as the reminders are."""
    chased = {source.kind for source in SOURCES if source.chased}
    late = [
        (item, moment)
        for item in items
        if item.kind in chased
        and (moment := chaser_due(item.due_on, today, bank_holidays_between(item.due_on, today))) is not None
    ]
    if not late:
        return []
    recipients = _recipients([item for item, _ in late])
    agencies = Agency.objects.in_bulk({item.responsible.agency_id for item, _ in late})
    wanted = []
    for item, moment in late:
        agency = agencies[item.responsible.agency_id]
        row = {
            "item_key": item.key,
            "kind": item.kind,
            "moment": moment,
            "due_on": item.due_on,
            "reference": item.reference,
            "what": item.what,
            "path": item.path,
        }
        users = recipients[item.key]
        wanted += [Reminder(recipient=user, **row) for user in users]
        # With nobody who may answer in the service, the chaser goes where the request went.
        if not users and agency.contact_email:
            wanted.append(Reminder(to_address=agency.contact_email, **row))
        if moment == LONG_OVERDUE and agency.lead_contact_email:
            wanted.append(Reminder(to_address=agency.lead_contact_email, to_lead=True, **row))
    Reminder.objects.bulk_create(wanted, ignore_conflicts=True)
    keys = {(row.item_key, row.recipient_id, row.to_address, row.moment, row.due_on) for row in wanted}
    by_key = {item.key: item for item, _ in late}
    recorded = Reminder.objects.filter(
        item_key__in=list(by_key), moment__in=[moment for _, moment in CHASERS]
    ).select_related("recipient")
    queued = []
    for reminder in recorded.order_by("pk"):
        if (
            reminder.item_key,
            reminder.recipient_id,
            reminder.to_address,
            reminder.moment,
            reminder.due_on,
        ) not in keys:
            continue
        item = by_key[reminder.item_key]
        assert item.case is not None  # chased kinds are on a case
        agency = agencies[item.responsible.agency_id]
        content = InformationOverdue(
            reference=reminder.reference,
            partnership_name=item.case.partnership.name,
            agency_name=agency.name,
            due_by=reminder.due_on,
            days_late=item.working_days_overdue,
            link=f"{settings.SITE_URL}{reminder.path}" if reminder.recipient_id else "",
            to_lead=reminder.to_lead,
        )
        to = reminder.recipient.email if reminder.recipient is not None else reminder.to_address
        if message_queue(key=f"reminder:{reminder.pk}", to=to, content=content, case_id=item.case.pk):
            queued.append(reminder.pk)
    return queued
