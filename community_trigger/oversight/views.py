"""The data protection pages: the hub with the partnership's accountability details, the report of who
looked at a case or a person, the unusual access alerts, and the team page where a leaving member of
staff's account is deactivated."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community_trigger.accounts.decorators import signed_in_user, staff_required
from community_trigger.agencies.models import Membership, Partnership
from community_trigger.agencies.selectors import StaffAccess
from community_trigger.audit.models import AuditEntry
from community_trigger.audit.wording import entries_in_words
from community_trigger.cases.exports import safe_cell
from community_trigger.cases.models import Application
from community_trigger.cases.owners import coordinators_of
from community_trigger.common.saved_searches import posted_names, search_find, search_save
from community_trigger.domain.access import Capability
from community_trigger.oversight.forms import AccessReportForm, AlertReviewForm, LeavingForm
from community_trigger.oversight.selectors import (
    accountability_of,
    alerts_for,
    case_for_report,
    cases_about_person,
    looks_at,
    partnership_for,
)
from community_trigger.oversight.services import (
    LeavingRefused,
    access_report_record,
    alert_review,
    staff_leave,
)

PAGE_SIZE = 50


def _partnership(request: HttpRequest, capability: Capability) -> Partnership:
    """The partnership whose page this is, for someone with `capability` there: 403 for a member of
    staff without it anywhere (as the audit log answers), the sign-in page for anyone else."""
    access = StaffAccess(request.user)
    if not access.can(capability):
        raise PermissionDenied
    return partnership_for(request.user, capability)


@staff_required
@require_GET
def hub(request: HttpRequest) -> HttpResponse:
    """The partnership's accountability details, for every member of its staff, and the data
    protection pages their roles open to them."""
    partnership = partnership_for(request.user)
    access = StaffAccess(request.user)
    return render(
        request,
        "oversight/hub.html",
        {
            "partnership": partnership,
            "details": accountability_of(partnership),
            "access_reports": access.can(Capability.SEE_ACCESS_REPORTS, partnership.pk),
            "manage_staff": access.can(Capability.MANAGE_STAFF, partnership.pk),
            "data_requests": access.can(Capability.HANDLE_DATA_REQUESTS, partnership.pk),
            "retention": access.can(Capability.MANAGE_RETENTION, partnership.pk),
        },
    )


# What was searched for (often a person's name) never travels in a URL: the form posts, the search is
# kept in the session (common.saved_searches) and the report's pages name only its id.
SEARCH_KIND = "access_report"
SEARCH_FIELDS = posted_names(AccessReportForm)


@staff_required
@require_POST
def access_search(request: HttpRequest) -> HttpResponse:
    _partnership(request, Capability.SEE_ACCESS_REPORTS)
    search_id = search_save(request, kind=SEARCH_KIND, data=request.POST, fields=SEARCH_FIELDS)
    return redirect(f"{reverse('oversight:access')}?{QueryDict.fromkeys(['search'], search_id).urlencode()}")


def _report(
    request: HttpRequest, partnership: Partnership
) -> tuple[AccessReportForm, list[Application], str]:
    """The search form, the cases it found (none until a search is made) and how they were found."""
    search_id = request.GET.get("search", "")
    data = search_find(request, kind=SEARCH_KIND, search_id=search_id) if search_id else None
    form = AccessReportForm(data)
    if data is None or not form.is_valid():
        return form, [], ""
    reference = form.cleaned_data["reference"].strip()
    if reference:
        case = case_for_report(partnership, reference)
        return form, [case] if case else [], "case"
    return form, cases_about_person(partnership, form.cleaned_data["person"]), "person"


@staff_required
@require_GET
def access_report(request: HttpRequest) -> HttpResponse:
    """Who looked at a case, or at the cases a person is in: every audit entry about them, newest
    first, paged. The cases by reference only: the officer reads who looked, never what they saw."""
    partnership = _partnership(request, Capability.SEE_ACCESS_REPORTS)
    form, cases, by = _report(request, partnership)
    user = signed_in_user(request)
    page = None
    if by:
        page = Paginator(looks_at(cases), PAGE_SIZE).get_page(request.GET.get("page"))
        if cases:
            access_report_record(actor=user, cases=cases, by=by)
    search_id = request.GET.get("search", "")
    return render(
        request,
        "oversight/access_report.html",
        {
            "form": form if form.is_bound else AccessReportForm(),
            "searched": bool(by),
            "cases": cases,
            "page": page,
            "entries": entries_in_words(page) if page else [],
            "query": QueryDict.fromkeys(["search"], search_id).urlencode() if by else "",
        },
    )


CSV_HEADER = ("When", "Who", "Name", "Roles then", "What", "Case", "Purpose", "Detail")


def _csv_chunks(entries: Iterable[AuditEntry]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for said in _in_words_by_chunk(entries):
        entry = said.entry
        writer.writerow(
            [
                safe_cell(str(value))
                for value in (
                    timezone.localtime(entry.at).isoformat(timespec="seconds"),
                    entry.actor_username or entry.actor_label,
                    entry.actor_name,
                    entry.actor_roles,
                    said.what,
                    said.subject,
                    entry.get_purpose_display() if entry.purpose else "",
                    said.detail,
                )
            ]
        )
        if buffer.tell() > 32 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _in_words_by_chunk(entries: Iterable[AuditEntry], size: int = 1000) -> Iterator[Any]:
    """The entries in words, a chunk at a time: never the whole history held at once."""
    chunk: list[AuditEntry] = []
    for entry in entries:
        chunk.append(entry)
        if len(chunk) == size:
            yield from entries_in_words(chunk)
            chunk = []
    yield from entries_in_words(chunk)


@staff_required
@require_GET
def access_report_csv(request: HttpRequest) -> HttpResponse:
    """The report as a CSV file, written as it is sent; the download recorded in the audit log."""
    partnership = _partnership(request, Capability.SEE_ACCESS_REPORTS)
    _, cases, by = _report(request, partnership)
    if not by:
        return redirect("oversight:access")
    if cases:
        access_report_record(actor=signed_in_user(request), cases=cases, by=by, download=True)
    response = StreamingHttpResponse(
        _csv_chunks(looks_at(cases).iterator(chunk_size=2000)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="access-report-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    response["Cache-Control"] = "no-store"
    # It streams; the staff decorator's type speaks of the plain response.
    return cast(HttpResponse, response)


@staff_required
@require_GET
def alerts(request: HttpRequest) -> HttpResponse:
    """The partnership's unusual access alerts, newest first, each with why."""
    partnership = _partnership(request, Capability.SEE_ACCESS_REPORTS)
    page = Paginator(alerts_for(partnership), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "oversight/alerts.html", {"partnership": partnership, "page": page})


@staff_required
@require_http_methods(["GET", "POST"])
def alert_reviewed(request: HttpRequest, alert_id: int) -> HttpResponse:
    """Mark an alert reviewed, with a note of what was found."""
    partnership = _partnership(request, Capability.SEE_ACCESS_REPORTS)
    alert = get_object_or_404(alerts_for(partnership), pk=alert_id)
    form = AlertReviewForm(request.POST or None, initial={"note": alert.review_note})
    if request.method == "POST" and form.is_valid():
        alert_review(alert=alert, actor=signed_in_user(request), note=form.cleaned_data["note"])
        messages.success(request, _("Alert marked as reviewed"))
        return redirect("oversight:alerts")
    return render(request, "oversight/alert_review.html", {"alert": alert, "form": form})


@staff_required
@require_GET
def team(request: HttpRequest) -> HttpResponse:
    """The partnership's staff, with their roles, whether their account is active and how many cases
    they own, for whoever manages its staff."""
    partnership = _partnership(request, Capability.MANAGE_STAFF)
    memberships = (
        Membership.objects.filter(agency__partnership=partnership)
        .select_related("user", "agency")
        .order_by("user__first_name", "user__last_name", "user__username", "agency__name")
    )
    owned = dict(
        get_user_model()
        .objects.filter(memberships__agency__partnership=partnership)
        .annotate(cases=Count("owned_cases", filter=Q(owned_cases__partnership=partnership), distinct=True))
        .values_list("pk", "cases")
    )
    people: dict[int, dict[str, Any]] = {}
    for membership in memberships:
        person = people.setdefault(
            membership.user_id,
            {"user": membership.user, "roles": [], "cases": owned.get(membership.user_id, 0)},
        )
        person["roles"].append(f"{membership.get_role_display()}, {membership.agency.name}")
    return render(
        request, "oversight/team.html", {"partnership": partnership, "people": list(people.values())}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def leaving(request: HttpRequest, user_id: int) -> HttpResponse:
    """Deactivate a leaving member of staff's account, choosing who takes over their cases."""
    partnership = _partnership(request, Capability.MANAGE_STAFF)
    leaver = (
        get_user_model()
        .objects.filter(pk=user_id, is_active=True, memberships__agency__partnership=partnership)
        .first()
    )
    actor = signed_in_user(request)
    if leaver is None:
        raise Http404
    form = LeavingForm(
        request.POST or None, coordinators=list(coordinators_of(partnership.pk).exclude(pk=leaver.pk))
    )
    cases = Application.objects.filter(owner=leaver, partnership=partnership).count()
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            moved = staff_leave(
                user=leaver, partnership=partnership, actor=actor, successor=form.successor_user()
            )
        except LeavingRefused as refused:
            problem = str(refused)
        else:
            messages.success(
                request,
                _("%(name)s's account is deactivated and %(count)d cases handed on")
                % {"name": leaver.get_full_name() or leaver.get_username(), "count": moved},
            )
            return redirect("team:list")
    return render(
        request,
        "oversight/leaving.html",
        {"leaver": leaver, "form": form, "cases": cases, "problem": problem},
    )
