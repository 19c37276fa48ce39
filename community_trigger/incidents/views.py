"""The incident pages under /staff/incidents/: the list and each record (the partnership's
coordinators and its data protection officer, every look audited), and, for coordinators only, the
upload with its column mapping, turning intake on with the information sharing agreement, and the
agencies' API tokens. Anyone else gets 404: nobody learns what is held."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community_trigger.accounts.decorators import signed_in_user, staff_required
from community_trigger.agencies.models import Agency, Partnership
from community_trigger.common.forms import GovukForm
from community_trigger.imports.pending import pending_keep, pending_opener, pending_remove
from community_trigger.imports.sheets import Problem, Unreadable, problem_said
from community_trigger.incidents.checks import guess_mapping
from community_trigger.incidents.forms import (
    FilterForm,
    IntakeForm,
    LinkDecisionForm,
    MappingForm,
    TokenForm,
    UploadForm,
)
from community_trigger.incidents.linkage import link_decide
from community_trigger.incidents.models import ApiToken
from community_trigger.incidents.selectors import (
    Filters,
    early_warning_settings,
    incident_partnerships,
    incident_record_for,
    incident_records_page,
    link_evidence,
    same_incident,
    saved_mapping,
)
from community_trigger.incidents.services import (
    IncidentsRefused,
    IntakeOff,
    file_headers,
    intake_turn_off,
    intake_turn_on,
    mapping_save,
    records_import,
    token_create,
    token_revoke,
)

SESSION_KEY = "incidents_pending"
PER_PAGE = 50
# The report lists this many problems; the rest are counted.
SHOWN = 1000


def _seen(request: HttpRequest) -> list[int]:
    """The partnerships whose records the user may see; 404 for anyone who may see none."""
    partnerships = incident_partnerships(request.user)
    if not partnerships:
        raise Http404
    return partnerships


def _managed(request: HttpRequest) -> QuerySet[Partnership]:
    """The partnerships whose intake the user runs (coordinators); 404 for anyone else."""
    ids = incident_partnerships(request.user, manage=True)
    if not ids:
        raise Http404
    return Partnership.objects.filter(pk__in=ids).order_by("name")


def _managed_one(request: HttpRequest, slug: str) -> Partnership:
    return get_object_or_404(_managed(request), slug=slug)


def _agencies(partnerships: Any) -> QuerySet[Agency]:
    return (
        Agency.objects.filter(partnership__in=partnerships)
        .select_related("partnership")
        .order_by("partnership__name", "name")
    )


@staff_required
@require_GET
def record_list(request: HttpRequest) -> HttpResponse:
    """The records the user may see, filtered and paged; each record shown is an audit entry."""
    partnerships = _seen(request)
    form = FilterForm(request.GET or None, agencies=_agencies(partnerships))
    filters = Filters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = Filters(
            agency=data["agency"],
            category=data["category"],
            reference=data["reference"],
            since=data["since"],
            until=data["until"],
        )
    page = incident_records_page(
        signed_in_user(request), partnerships, filters, request.GET.get("page"), per_page=PER_PAGE
    )
    query = request.GET.copy()
    query.pop("page", None)
    managed = Partnership.objects.filter(pk__in=incident_partnerships(request.user, manage=True)).order_by(
        "name"
    )
    return render(
        request,
        "incidents/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "managed": [(partnership, early_warning_settings(partnership)) for partnership in managed],
        },
    )


def _record_context(request: HttpRequest, pk: int, form: LinkDecisionForm | None = None) -> dict[str, Any]:
    user = signed_in_user(request)
    record = incident_record_for(user, pk)
    may_decide = record.partnership_id in incident_partnerships(user, manage=True)
    return {
        "record": record,
        "others": same_incident(record, user=user),
        "evidence": link_evidence(record, user=user),
        "may_decide": may_decide,
        "form": form or LinkDecisionForm(),
    }


@staff_required
@require_GET
def record_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The record, the other agencies' records of its incident, and why it was linked to its person."""
    return render(request, "incidents/record.html", _record_context(request, pk))


@staff_required
@require_POST
def link_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """A coordinator confirms or splits the link the page shows (the data protection officer reads
    only: 404 here)."""
    context = _record_context(request, pk, LinkDecisionForm(request.POST))
    record, evidence, form = context["record"], context["evidence"], context["form"]
    if not context["may_decide"] or evidence is None:
        raise Http404
    if not form.is_valid():
        return render(request, "incidents/record.html", context, status=400)
    link_decide(
        record=record,
        other=evidence.other,
        decision=form.cleaned_data["decision"],
        reason=form.cleaned_data["reason"],
        actor=signed_in_user(request),
    )
    messages.success(request, gettext("Your decision on the link is saved: later linkage runs keep to it"))
    return redirect("incidents:record", pk=record.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """GET: choose the agency and the file. POST: keep the file and go on to its columns."""
    agencies = _agencies(_managed(request))
    if request.method == "GET":
        pending_remove(request.session.pop(SESSION_KEY, {}).get("key", ""))
        return render(request, "incidents/upload.html", {"form": UploadForm(agencies=agencies)})
    form = UploadForm(request.POST, request.FILES, agencies=agencies)
    if form.is_valid():
        agency = form.cleaned_data["agency"]
        if not early_warning_settings(agency.partnership).intake_enabled:
            form.add_error("agency", str(IntakeOff(agency.partnership)))
    if not form.is_valid():
        return render(request, "incidents/upload.html", {"form": form})
    upload = form.cleaned_data["file"]
    pending_remove(request.session.pop(SESSION_KEY, {}).get("key", ""))
    key = pending_keep(upload, upload.name)
    request.session[SESSION_KEY] = {"key": key, "name": upload.name, "agency": form.cleaned_data["agency"].pk}
    return redirect("incidents:columns")


@staff_required
@require_http_methods(["GET", "POST"])
def columns(request: HttpRequest) -> HttpResponse:
    """Map the file's columns to our fields (the agency's saved mapping proposed), then take the file
    in: all its records, or none and the report by row and column."""
    agencies = _agencies(_managed(request))
    pending = request.session.get(SESSION_KEY) or {}
    agency = agencies.filter(pk=int(pending.get("agency") or 0)).first()
    opener = pending_opener(pending.get("key", ""))
    if agency is None or opener is None:
        messages.error(request, gettext("Upload the file again: it was not kept, or was taken in already"))
        return redirect("incidents:upload")
    try:
        headers = [
            str(header).strip()
            for header in file_headers(opener, pending["name"])
            if str(header or "").strip()
        ]
    except Unreadable as error:
        return _report(request, agency, [Problem(0, "", str(error))], pending)
    if request.method == "GET":
        form = MappingForm(headers=headers, initial=_proposed(headers, agency))
        return render(
            request, "incidents/columns.html", {"form": form, "agency": agency, "name": pending["name"]}
        )
    form = MappingForm(request.POST, headers=headers)
    if not form.is_valid():
        return render(
            request, "incidents/columns.html", {"form": form, "agency": agency, "name": pending["name"]}
        )
    user = signed_in_user(request)
    mapping_save(agency=agency, columns=form.columns(), actor=user)
    try:
        report = records_import(
            agency=agency, opener=opener, name=pending["name"], mapping=form.columns(), actor=user
        )
    except IncidentsRefused as refused:
        return _report(request, agency, refused.report.problems, pending)
    except IntakeOff as off:
        messages.error(request, str(off))
        return redirect("incidents:upload")
    _forget(request, pending)
    messages.success(
        request,
        gettext("%(added)s incident records added from %(name)s; %(held)s were held already")
        % {"added": report.added, "name": report.name, "held": report.already_held},
    )
    return redirect("incidents:list")


def _proposed(headers: list[str], agency: Agency) -> dict[str, str]:
    return guess_mapping(list(headers), saved_mapping(agency))


def _forget(request: HttpRequest, pending: dict[str, Any]) -> None:
    request.session.pop(SESSION_KEY, None)
    pending_remove(pending.get("key", ""))


def _report(
    request: HttpRequest, agency: Agency, problems: list[Problem], pending: dict[str, Any]
) -> HttpResponse:
    """The file's problems by row and column (the first twenty in the error summary); the file is
    not kept: the coordinator corrects it and uploads it again."""
    _forget(request, pending)
    shown = problems[:SHOWN]
    return render(
        request,
        "incidents/report.html",
        {
            "form": GovukForm(),
            "agency": agency,
            "name": pending.get("name", ""),
            "count": len(problems),
            "shown": shown,
            "hidden": len(problems) - len(shown),
            "problems": [("#report", problem_said(problem)) for problem in shown[:20]],
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest, slug: str) -> HttpResponse:
    """Turn intake on (or keep it on with new details), with the information sharing agreement."""
    partnership = _managed_one(request, slug)
    settings = early_warning_settings(partnership)
    if request.method == "GET":
        form = IntakeForm(
            initial={
                "agreement_reference": settings.agreement_reference,
                "agreement_review_date": settings.agreement_review_date,
                "retention_months": settings.retention_months,
            }
        )
        return render(
            request, "incidents/intake.html", {"form": form, "partnership": partnership, "settings": settings}
        )
    form = IntakeForm(request.POST)
    if not form.is_valid():
        return render(
            request, "incidents/intake.html", {"form": form, "partnership": partnership, "settings": settings}
        )
    intake_turn_on(partnership=partnership, actor=signed_in_user(request), **form.cleaned_data)
    messages.success(
        request, gettext("%(partnership)s now takes in incident records") % {"partnership": partnership.name}
    )
    return redirect("incidents:list")


@staff_required
@require_POST
def intake_off(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _managed_one(request, slug)
    intake_turn_off(partnership=partnership, actor=signed_in_user(request))
    messages.success(
        request,
        gettext("%(partnership)s no longer takes in incident records") % {"partnership": partnership.name},
    )
    return redirect("incidents:list")


@staff_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest, slug: str) -> HttpResponse:
    """The partnership's agencies' API tokens; a new one is shown once, on the page that made it."""
    partnership = _managed_one(request, slug)
    agencies = _agencies([partnership])
    form = TokenForm(request.POST or None, agencies=agencies)
    made: tuple[ApiToken, str] | None = None
    if request.method == "POST" and form.is_valid():
        made = token_create(
            agency=form.cleaned_data["agency"], name=form.cleaned_data["name"], actor=signed_in_user(request)
        )
        form = TokenForm(agencies=agencies)
    listed = ApiToken.objects.filter(agency__partnership=partnership).select_related("agency")
    return render(
        request,
        "incidents/tokens.html",
        {"form": form, "partnership": partnership, "tokens": listed, "made": made},
    )


@staff_required
@require_POST
def token_revoke_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = _managed_one(request, slug)
    token = get_object_or_404(ApiToken, pk=pk, agency__partnership=partnership)
    token_revoke(token=token, actor=signed_in_user(request))
    messages.success(
        request, gettext("Token %(prefix)s… revoked: it no longer works") % {"prefix": token.prefix}
    )
    return redirect("incidents:tokens", slug=partnership.slug)
