"""Writes for data protection oversight: the daily check for unusual access and the alerts it raises
(emailed to the partnership's data protection officers once), their review, the access report's own
audit, and a member of staff leaving the service."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from community_trigger.agencies.models import Membership, Partnership
from community_trigger.agencies.selectors import StaffAccess, memberships_granting
from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record, audit_record_many
from community_trigger.cases.models import Application
from community_trigger.cases.owners import is_coordinator_of
from community_trigger.cases.services.owners import OwnerRefused, case_owner_change, owner_by_rule
from community_trigger.domain.access import Capability, roles_with
from community_trigger.notifications.links import site_url
from community_trigger.notifications.messages import AccessAlertRaised
from community_trigger.notifications.services import message_queue
from community_trigger.oversight.models import AccessAlert
from community_trigger.reviews.models import Recommendation
from community_trigger.sharing.models import InformationRequest

Purpose = AuditEntry.Purpose
# A case "opened": shown whole or in part for itself (its page, a step's page, a meeting pack, a letter,
# a document). Seeing it in a list, or in the list's download, opens nothing.
OPENED = (Purpose.CASE_PAGE, Purpose.FORM, Purpose.MEETING_PACK, Purpose.LETTER, Purpose.DOCUMENT)


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _opened_between(start: datetime.date, end: datetime.date) -> QuerySet[AuditEntry]:
    """Cases opened by signed-in staff from the start of `start` to the start of `end` (read from the
    audit table's index on when, who and which case: audit migration 0008)."""
    return AuditEntry.objects.filter(
        at__gte=_day_start(start),
        at__lt=_day_start(end),
        subject="application",
        actor__isnull=False,
        purpose__in=OPENED,
    ).order_by()


def _cases_a_day(entries: QuerySet[AuditEntry]) -> QuerySet[Any]:
    """Per member of staff and day, how many different cases they opened: counted by the database."""
    return (
        entries.annotate(on=TruncDate("at"))
        .values("actor_id", "on")
        .annotate(cases=Count("subject_id", distinct=True))
        .order_by()
    )


def _alert(*, key: str, **fields: Any) -> AccessAlert | None:
    alert, created = AccessAlert.objects.get_or_create(
        key=key, defaults={**fields, "created_at": timezone.now()}
    )
    return alert if created else None


def _many_cases(day: datetime.date) -> list[AccessAlert]:
    """Staff who opened more than ACCESS_ALERT_CASES_PER_DAY cases on `day`, and more than
    ACCESS_ALERT_TIMES_USUAL times their average a day over the ACCESS_ALERT_BASELINE_DAYS before."""
    next_day = day + datetime.timedelta(days=1)
    busy = {
        row["actor_id"]: row["cases"]
        for row in _cases_a_day(_opened_between(day, next_day))
        if row["cases"] > settings.ACCESS_ALERT_CASES_PER_DAY
    }
    if not busy:
        return []
    days = settings.ACCESS_ALERT_BASELINE_DAYS
    before = _opened_between(day - datetime.timedelta(days=days), day).filter(actor_id__in=list(busy))
    usual: dict[int, float] = defaultdict(float)
    for row in _cases_a_day(before):
        usual[row["actor_id"]] += row["cases"] / days
    raised = []
    for actor_id, count in busy.items():
        if count <= settings.ACCESS_ALERT_TIMES_USUAL * usual[actor_id]:
            continue
        opened = _opened_between(day, next_day).filter(actor_id=actor_id).values_list("subject_id", flat=True)
        partnerships = (
            Application.objects.filter(pk__in=[int(pk) for pk in set(opened)])
            .values_list("partnership_id", flat=True)
            .distinct()
        )
        for partnership_id in partnerships:
            alert = _alert(
                key=f"many:{partnership_id}:{actor_id}:{day.isoformat()}",
                partnership_id=partnership_id,
                kind=AccessAlert.Kind.MANY_CASES,
                day=day,
                user_id=actor_id,
                cases_opened=count,
                usual_per_day=round(usual[actor_id], 1),
            )
            if alert:
                raised.append(alert)
    return raised


def _unrequested(day: datetime.date) -> list[AccessAlert]:
    """Agency officers who opened a case on `day` that none of their agencies was asked about (an
    information request or a recommendation), or is no longer: the only cases an officer should see."""
    officers = Membership.objects.filter(role__in=list(roles_with(Capability.SEE_REQUESTED_CASES))).values(
        "user_id"
    )
    pairs = set(
        _opened_between(day, day + datetime.timedelta(days=1))
        .filter(actor_id__in=officers)
        .values_list("actor_id", "subject_id")
        .distinct()
    )
    cases = Application.objects.in_bulk([int(case_id) for _, case_id in pairs])
    access: dict[int, StaffAccess] = {}
    users = get_user_model().objects.in_bulk([actor_id for actor_id, _ in pairs])
    raised = []
    for actor_id, case_id in sorted(pairs):
        case = cases.get(int(case_id))
        if case is None:
            continue
        staff = access.setdefault(actor_id, StaffAccess(users[actor_id]))
        if staff.can(Capability.SEE_ALL_PARTNERSHIP_CASES, case.partnership_id):
            continue
        agencies = staff.agencies_where(Capability.SEE_REQUESTED_CASES)
        asked = (
            InformationRequest.objects.filter(application=case, agency_id__in=agencies).exists()
            or Recommendation.objects.filter(meeting__application=case, agency_id__in=agencies).exists()
        )
        if asked:
            continue
        alert = _alert(
            key=f"unrequested:{actor_id}:{case.pk}:{day.isoformat()}",
            partnership_id=case.partnership_id,
            kind=AccessAlert.Kind.UNREQUESTED_CASE,
            day=day,
            user_id=actor_id,
            application=case,
            cases_opened=1,
        )
        if alert:
            raised.append(alert)
    return raised


@transaction.atomic
def unusual_access_find(*, day: datetime.date) -> list[AccessAlert]:
    """Raise the alerts `day`'s access calls for; answers the new ones. Safe to run again: an alert is
    raised once per member of staff, day and reason (and case), and its officers told once."""
    raised = [*_many_cases(day), *_unrequested(day)]
    for alert in raised:
        alert_tell(alert)
    return raised


def alert_tell(alert: AccessAlert) -> int:
    """Queue, in the alert's own transaction, an email to each of its partnership's data protection
    officers (the outbox sends it once, retrying a failure; no names in it: they read it signed in).
    Answers how many were queued."""
    officers = memberships_granting([Capability.SEE_ACCESS_REPORTS], partnerships=[alert.partnership_id])
    told = 0
    for user in sorted({membership.user for membership in officers if membership.user.email}, key=_pk):
        told += message_queue(
            key=f"access_alert:{alert.pk}:{user.pk}",
            to=user.email,
            content=AccessAlertRaised(
                partnership_name=alert.partnership.name,
                day=alert.day,
                why=str(alert.get_kind_display()).lower(),
                link=site_url(reverse("oversight:alerts")),
            ),
        )
    return told


def _pk(user: Any) -> int:
    return int(user.pk)


@transaction.atomic
def alert_review(*, alert: AccessAlert, actor: Any, note: str) -> AccessAlert:
    """Mark `alert` reviewed by `actor`, with their note; recorded in the audit log (not the note)."""
    alert.reviewed_at = timezone.now()
    alert.reviewed_by = actor
    alert.review_note = note
    alert.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
    audit_record(actor=actor, action=AuditEntry.Action.CHANGE, subject=alert, detail="access alert reviewed")
    return alert


def access_report_record(
    *, actor: Any, cases: Sequence[Application], by: str, download: bool = False
) -> None:
    """Record that `actor` read (or `download`ed) who looked at `cases`, found `by` case or person:
    the report is itself a look at the cases' history."""
    audit_record_many(
        actor=actor,
        action=AuditEntry.Action.EXPORT if download else AuditEntry.Action.VIEW,
        subjects=cases,
        detail=f"access report by {by}{' downloaded' if download else ''}",
    )


class LeavingRefused(Exception):
    """The account cannot be deactivated this way (its own, or with nobody to take its cases)."""


def _cases_owned(user: Any, partnership: Partnership) -> QuerySet[Application]:
    return Application.objects.filter(owner=user, partnership=partnership).order_by("pk")


@transaction.atomic
def staff_leave(*, user: Any, partnership: Partnership, actor: Any, successor: Any = None) -> int:
    """Deactivate `user`, who is leaving the service: each case of `partnership` they own is handed to
    `successor` (a coordinator), or by the partnership's owner rule when none is named, through the
    owner change (each case's history says so, with "left the service"; the new owner is told); they
    stop being its default owner; the account is made inactive with no usable password (so every
    session of theirs ends and none can start) and loses its second factors. The account itself, and
    so every history entry, audit entry and letter naming them, stays. Answers how many cases moved."""
    if user.pk == actor.pk:
        raise LeavingRefused(gettext("You cannot deactivate your own account"))
    locked = get_user_model().objects.select_for_update().get(pk=user.pk)
    locked.is_active = False
    locked.set_unusable_password()
    locked.save(update_fields=["is_active", "password"])
    # From here the leaver is no coordinator: neither the rule nor the successor can be them.
    if Partnership.objects.filter(pk=partnership.pk, default_owner=locked).update(default_owner=None):
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CHANGE,
            subject=partnership,
            detail="default owner removed: they left the service",
        )
    if successor is not None and not is_coordinator_of(successor, partnership.pk):
        raise LeavingRefused(gettext("Choose a coordinator of %(name)s") % {"name": partnership.name})
    moved = 0
    for case in _cases_owned(locked, partnership):
        owner = successor or owner_by_rule(partnership)
        if owner is None:
            raise LeavingRefused(gettext("There is no other coordinator to take their cases"))
        try:
            case_owner_change(application=case, owner=owner, reason=gettext("Left the service"), actor=actor)
        except OwnerRefused as refused:
            raise LeavingRefused(str(refused)) from refused
        moved += 1
    for device in [*TOTPDevice.objects.filter(user=locked), *StaticDevice.objects.filter(user=locked)]:
        audit_record(
            actor=actor, action=AuditEntry.Action.DELETE, subject=device, detail="they left the service"
        )
        device.delete()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CHANGE,
        subject=locked,
        detail=f"account deactivated: left the service; {moved} cases handed on",
    )
    return moved
