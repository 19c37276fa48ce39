"""The coordinators' retention page: what the schedule will anonymise in the next 30 days, the cases on
hold, and the forms that put a legal hold on a case and lift it. For members of staff who manage
retention for the partnership (coordinators, the data protection officer); 403 for the partnership's
other staff, 404 for anyone else's case."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from community_trigger.accounts.decorators import signed_in_user, staff_required
from community_trigger.agencies.models import Partnership
from community_trigger.agencies.selectors import StaffAccess
from community_trigger.cases.models import Application
from community_trigger.common.pages import BoundedPaginator
from community_trigger.domain.access import Capability
from community_trigger.retention.forms import HoldForm, LiftForm
from community_trigger.retention.selectors import expiries_of, expiring, hold_on, holds_on, schedule_shown
from community_trigger.retention.services import HoldRefused, hold_lift, hold_place

# What the page looks ahead to, and how many cases it shows at a time.
LOOK_AHEAD = timedelta(days=30)
PAGE_SIZE = 50


def _managed(request: HttpRequest) -> list[int]:
    """The partnerships whose retention this member of staff manages; 403 when none."""
    managed = StaffAccess(signed_in_user(request)).partnerships_where(Capability.MANAGE_RETENTION)
    if not managed:
        raise PermissionDenied
    return managed


def _case_managed(request: HttpRequest, reference: str) -> Application:
    """A case of a partnership whose retention this member of staff manages; 404 for any other."""
    case = Application.objects.filter(
        reference=reference.strip().upper(), partnership_id__in=_managed(request)
    )
    found = case.select_related("partnership").first()
    if found is None:
        raise Http404
    return found


@staff_required
@require_http_methods(["GET"])
def retention_page(request: HttpRequest) -> HttpResponse:
    """What will be anonymised in the next 30 days (reference, why, on which day), paged; the cases
    on hold; the schedule in force. The view is recorded in the audit log."""
    managed = _managed(request)
    partnerships = Partnership.objects.filter(pk__in=managed).order_by("name")
    chosen = request.GET.get("partnership", "")
    partnership = get_object_or_404(partnerships, slug=chosen) if chosen else partnerships.first()
    assert partnership is not None
    schedule = schedule_shown(request.user, partnership)
    today = timezone.localdate()
    due = expiring(partnership, by=today + LOOK_AHEAD)
    page = BoundedPaginator(due, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "retention/page.html",
        {
            "partnership": partnership,
            "partnerships": partnerships,
            "schedule": schedule,
            "page": page,
            "rows": expiries_of(list(page), schedule),
            "holds": holds_on(partnership),
            "until": today + LOOK_AHEAD,
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def hold_place_page(request: HttpRequest) -> HttpResponse:
    """Put a legal hold on a case, with the reason: its personal data is kept until the hold is lifted."""
    _managed(request)
    data = request.POST if request.method == "POST" else None
    form = HoldForm(data, initial={"reference": request.GET.get("reference", "")})
    if request.method == "POST" and form.is_valid():
        try:
            case = _case_managed(request, form.cleaned_data["reference"])
        except Http404:
            # Not the user's, or no such case: the same words, so nobody learns that it exists.
            form.add_error("reference", gettext("There is no case with that reference in your partnership"))
        else:
            try:
                hold_place(application=case, reason=form.cleaned_data["reason"], actor=request.user)
            except HoldRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request,
                    gettext("%(reference)s is on hold: it will not be anonymised")
                    % {"reference": case.reference},
                )
                return redirect("retention:page")
    return render(request, "retention/hold.html", {"form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def hold_lift_page(request: HttpRequest, reference: str) -> HttpResponse:
    """Lift the legal hold on a case, with the reason: the schedule applies to it again."""
    case = _case_managed(request, reference)
    hold = hold_on(case)
    if hold is None:
        raise Http404
    form = LiftForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            hold_lift(application=case, reason=form.cleaned_data["reason"], actor=request.user)
        except HoldRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request, gettext("The hold on %(reference)s is lifted") % {"reference": case.reference}
            )
            return redirect("retention:page")
    return render(request, "retention/lift.html", {"form": form, "case": case, "hold": hold})
