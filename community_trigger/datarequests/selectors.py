"""Reads for data requests: the ones a member of staff may handle (404 for any other), and the refusal
letter to the person."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import translation

from community_trigger.agencies.selectors import StaffAccess
from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record_many, audit_view
from community_trigger.cases.models import Application
from community_trigger.datarequests.export import Item, export_items
from community_trigger.datarequests.models import DataRequest, RefusalGround
from community_trigger.datarequests.search import Looking, Match, person_search
from community_trigger.datarequests.wording import GROUND_WORDS
from community_trigger.domain.access import Capability
from community_trigger.letters.rendering import pdf_from_html


def handled_partnerships(user: AbstractBaseUser | AnonymousUser) -> list[int]:
    """The partnerships whose data requests `user` may handle (coordinators)."""
    return StaffAccess(user).partnerships_where(Capability.HANDLE_DATA_REQUESTS)


def data_requests_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[DataRequest]:
    """The requests `user` may handle: those of their partnerships, none for anyone else."""
    return DataRequest.objects.filter(partnership_id__in=handled_partnerships(user))


def data_request_for(user: AbstractBaseUser | AnonymousUser, pk: Any) -> DataRequest:
    """Request `pk`, or 404 when it is not one `user` may handle (so nobody learns that it exists);
    recorded in the audit log as seen, since it holds the person's details."""
    found = data_requests_for(user).select_related("partnership").filter(pk=pk).first()
    if found is None:
        raise Http404
    audit_view(actor=user, subject=found, purpose="", detail="data request")
    return found


def _seen(user: AbstractBaseUser | AnonymousUser, case_ids: set[int], detail: str) -> None:
    if case_ids:
        audit_record_many(
            actor=user,
            action=AuditEntry.Action.VIEW,
            subjects=list(Application.objects.filter(pk__in=case_ids).order_by("pk")),
            detail=detail,
            purpose=AuditEntry.Purpose.CASE_LIST,
        )


def matches_for(user: AbstractBaseUser | AnonymousUser, request: DataRequest) -> list[Match]:
    """What the search finds for the person who made `request`, by the details they gave, in its
    partnership's cases; each case shown recorded in the audit log as seen on a list."""
    found = person_search(
        partnership_id=request.partnership_id,
        looking=Looking(
            name=request.name,
            email=request.email,
            phone=request.phone,
            address=request.address,
            postcode=request.postcode,
            date_of_birth=request.date_of_birth,
        ),
    )
    _seen(user, {match.case_id for match in found}, "data request search")
    return found


def items_for(user: AbstractBaseUser | AnonymousUser, request: DataRequest) -> list[Item]:
    """The export's items for `request`, to review; each case they come from recorded as seen."""
    items = export_items(request)
    _seen(user, set(request.findings.values_list("application_id", flat=True)), "data request redactions")
    return items


def refusal_letter_html(request: DataRequest) -> str:
    """The letter telling the person their erasure request is refused, why, and what they may do, in
    their language."""
    with translation.override(request.language):
        return render_to_string(
            "datarequests/refusal_letter.html",
            {
                "request": request,
                "partnership": request.partnership,
                "ground": GROUND_WORDS[RefusalGround(request.refusal_ground)]
                if request.refusal_ground
                else "",
                "words": request.steps.filter(kind="refused").values_list("words__text", flat=True).last()
                or "",
                "LANGUAGE_CODE": request.language,
            },
        )


def refusal_letter_pdf(request: DataRequest) -> bytes:
    return pdf_from_html(refusal_letter_html(request))
