"""Reading findings: who may see which (coordinators act on their partnership's, its data protection
officer reads them; an agency's officers see only the second-report tasks of their own agency), a page
of the filtered list, one finding with the incident records behind it (each record shown audited)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404

from community_trigger.agencies.selectors import StaffAccess
from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record_many, audit_view
from community_trigger.domain.access import Capability
from community_trigger.earlywarning.models import Finding, Kind
from community_trigger.incidents.models import IncidentRecord

AnyUser = AbstractBaseUser | AnonymousUser


def finding_partnerships(user: AnyUser, *, act: bool = False) -> list[int]:
    """The partnerships whose findings `user` reads (coordinators and the data protection officer) or,
    with `act`, acts on (coordinators only)."""
    access = StaffAccess(user)
    acting = access.partnerships_where(Capability.MANAGE_CASES)
    if act:
        return acting
    return sorted(set(acting) | set(access.partnerships_where(Capability.SEE_ACCESS_REPORTS)))


def task_agencies(user: AnyUser) -> list[int]:
    """The agencies whose second-report tasks `user` answers for (their officers)."""
    return StaffAccess(user).agencies_where(Capability.ANSWER_INFORMATION_REQUESTS)


def findings(partnerships: list[int], *, kind: str = "", state: str = "") -> QuerySet[Finding]:
    """The findings of `partnerships`, newest first, narrowed to `kind` and `state` when given."""
    found = Finding.objects.filter(partnership_id__in=partnerships)
    if kind:
        found = found.filter(kind=kind)
    if state:
        found = found.filter(state=state)
    return found.select_related("agency").order_by("-updated_at", "-pk")


def findings_page(
    partnerships: list[int], number: str | int | None, *, kind: str = "", state: str = "", per_page: int = 25
) -> Page[Finding]:
    """One page of the list, paged in the database (no personal data on it: the why only)."""
    return Paginator(findings(partnerships, kind=kind, state=state), per_page).get_page(number)


def tasks(user: AnyUser) -> QuerySet[Finding]:
    """The second-report tasks of the user's agencies, open ones first, newest first."""
    return (
        Finding.objects.filter(kind=Kind.SECOND_REPORT, agency_id__in=task_agencies(user))
        .select_related("agency", "partnership")
        .order_by("state", "-updated_at", "-pk")
    )


def finding_for(user: AbstractBaseUser, pk: int) -> Finding:
    """One finding of a partnership the user reads; 404 for anyone else."""
    found = findings(finding_partnerships(user), kind="").filter(pk=pk).select_related("partnership").first()
    if found is None:
        raise Http404
    return found


def task_for(user: AbstractBaseUser, pk: int) -> Finding:
    """One second-report task of the user's agency; 404 for any other (another agency's included)."""
    found = tasks(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def finding_records(finding: Finding, *, user: AbstractBaseUser) -> list[IncidentRecord]:
    """The incident records behind `finding`, oldest first, each recorded as seen by `user`."""
    records = list(finding.records.select_related("agency").order_by("occurred_at", "pk"))
    audit_record_many(
        actor=user, action=AuditEntry.Action.VIEW, subjects=records, detail="early-warning finding"
    )
    return records


def task_person(task: Finding, *, user: AbstractBaseUser) -> list[IncidentRecord]:
    """The two reports behind a second-report task: what the officer is shown of them (the person's
    name and contact, the dates and categories: never another agency's description), audited."""
    records = list(task.records.select_related("agency").order_by("occurred_at", "pk"))
    audit_view(actor=user, subject=task, purpose="", detail="second-report task")
    audit_record_many(
        actor=user, action=AuditEntry.Action.VIEW, subjects=records, detail="second-report task"
    )
    return records
