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
from community_trigger.datarequests.models import DataRequest
from community_trigger.domain.access import Capability
from community_trigger.letters.rendering import pdf_from_html


def handled_partnerships(user: AbstractBaseUser | AnonymousUser) -> list[int]:
    """The partnerships whose data requests `user` may handle (coordinators)."""
    return StaffAccess(user).partnerships_where(Capability.HANDLE_DATA_REQUESTS)


def data_requests_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[DataRequest]:
    """The requests `user` may handle: those of their partnerships, none for anyone else."""
    return DataRequest.objects.filter(partnership_id__in=handled_partnerships(user))


def data_request_for(user: AbstractBaseUser | AnonymousUser, pk: Any) -> DataRequest:
    """Request `pk`, or 404 when it is not one `user` may handle (so nobody learns that it exists)."""
    found = data_requests_for(user).select_related("partnership").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def refusal_letter_html(request: DataRequest) -> str:
    """The letter telling the person their erasure request is refused, why, and what they may do, in
    their language."""
    with translation.override(request.language):
        return render_to_string(
            "datarequests/refusal_letter.html",
            {
                "request": request,
                "partnership": request.partnership,
                "ground": request.get_refusal_ground_display(),
                "words": request.steps.filter(kind="refused").values_list("words__text", flat=True).last()
                or "",
                "LANGUAGE_CODE": request.language,
            },
        )


def refusal_letter_pdf(request: DataRequest) -> bytes:
    return pdf_from_html(refusal_letter_html(request))
