"""The coordinator's pages to record where the incidents happen and who is said to be responsible,
and to link two cases. Each: access helper (404 for a case not theirs, 403 for a role that does not
manage cases), the form, the service, back to the case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from community_trigger.accounts.decorators import staff_required
from community_trigger.casefile.selectors import case_form_for
from community_trigger.cases.sections import Section, case_section_url
from community_trigger.cases.selectors import case_list_for
from community_trigger.common.forms import GovukForm
from community_trigger.domain.actions import Action
from community_trigger.related.forms import LinkForm, PerpetratorForm, PlaceForm
from community_trigger.related.services import DetailsRefused, case_link, perpetrator_add, place_add


def _record(
    request: HttpRequest,
    reference: str,
    *,
    form_class: type[GovukForm],
    record: Callable[..., Any],
    page: str,
) -> HttpResponse:
    """Show the form for one detail of the case; record it when it is right (`record`, a service),
    back to the case."""
    case = case_form_for(request.user, reference, Action.RECORD_DETAILS, detail=page).case
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            record(application=case, actor=request.user, **form.cleaned_data)
            return redirect(case_section_url(reference, Section.INCIDENTS))
        except DetailsRefused as refused:
            form.add_error(None, str(refused))
    return render(request, f"related/{page}_form.html", {"case": case, "form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def place_new(request: HttpRequest, reference: str) -> HttpResponse:
    """Record a place where the incidents happen."""
    return _record(request, reference, form_class=PlaceForm, record=place_add, page="place")


@staff_required
@require_http_methods(["GET", "POST"])
def perpetrator_new(request: HttpRequest, reference: str) -> HttpResponse:
    """Record someone the applicant says is responsible."""
    return _record(request, reference, form_class=PerpetratorForm, record=perpetrator_add, page="perpetrator")


@staff_required
@require_http_methods(["GET", "POST"])
def link_new(request: HttpRequest, reference: str) -> HttpResponse:
    """Link the case to another, saying why. The other case is given by its reference (a related
    case's "Link" fills it in); one the coordinator may not see is answered as one that does not exist."""
    case = case_form_for(request.user, reference, Action.RECORD_DETAILS, detail="link cases").case
    if request.method == "POST":
        form = LinkForm(request.POST)
    else:
        form = LinkForm(initial={"other": request.GET.get("with", "")[:30]})
    if request.method == "POST" and form.is_valid():
        other = case_list_for(request.user).filter(reference=form.cleaned_data["other"]).first()
        if other is None:
            form.add_error("other", gettext("Enter the reference of a case you can see, like TVP-2026-0007"))
        else:
            try:
                case_link(
                    application=case, other=other, actor=request.user, reason=form.cleaned_data["reason"]
                )
                return redirect(case_section_url(reference, Section.INCIDENTS))
            except DetailsRefused as refused:
                form.add_error(None, str(refused))
    return render(request, "related/link_form.html", {"case": case, "form": form})
