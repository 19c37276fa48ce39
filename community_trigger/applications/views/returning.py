"""Coming back: save and return by an emailed link, and the status page behind the confirmation link."""

from __future__ import annotations

from contextlib import suppress

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from community_trigger.agencies.models import Partnership
from community_trigger.applications import journey
from community_trigger.applications.forms import SaveForm, WithdrawForm
from community_trigger.applications.services import (
    RESUME_LINK_LIFETIME,
    application_from_status_token,
    draft_from_resume_token,
    resume_link_send,
    resume_token,
)
from community_trigger.applications.views.context import (
    partnership_or_404,
    remember_draft,
    session_draft,
    step_url,
)
from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record
from community_trigger.cases.models import Application, CaseEvent
from community_trigger.cases.services import APPLICANT_LABEL, WithdrawalRefused, application_withdraw
from community_trigger.common.ratelimit import limit_posts
from community_trigger.domain.workflow import State, applicant_can_withdraw, escalation_possible
from community_trigger.letters.models import Letter
from community_trigger.reviews.forms import EscalationForm
from community_trigger.reviews.services import ReviewRefused, escalation_request, escalation_window_ends


@require_http_methods(["GET", "POST"])
@limit_posts("links", "RATE_LIMIT_LINKS")
def save(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask for a link to carry on later; the answers so far are already kept on the server."""
    partnership = partnership_or_404(slug)
    draft = session_draft(request, partnership)
    if draft is None:
        return redirect("applications:start", slug=slug)
    known_email = (draft.answers.get("you") or {}).get("email", "")
    form = SaveForm(request.POST or None, initial={"email": known_email})
    if request.method == "POST" and form.is_valid():
        link = request.build_absolute_uri(reverse("applications:resume", args=[slug, resume_token(draft)]))
        resume_link_send(draft=draft, to=form.cleaned_data["email"], link=link)
        return redirect("applications:saved", slug=slug)
    return render(
        request,
        "applications/save.html",
        {
            "partnership": partnership,
            "form": form,
            "back_url": step_url(partnership, journey.first_unanswered(draft.answers)),
        },
    )


def saved(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_or_404(slug)
    expires = timezone.localdate() + RESUME_LINK_LIFETIME
    return render(request, "applications/saved.html", {"partnership": partnership, "expires": expires})


def resume(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """Open a saved draft from its emailed link in this browser, then carry on where it was left."""
    partnership = partnership_or_404(slug)
    draft = draft_from_resume_token(token)
    if draft is None or draft.partnership_id != partnership.pk:
        return render(request, "applications/link_expired.html", {"partnership": partnership}, status=404)
    remember_draft(request, draft)
    return redirect(step_url(partnership, journey.first_unanswered(draft.answers)))


def _from_status_link(slug: str, token: str) -> tuple[Partnership, Application]:
    partnership = partnership_or_404(slug)
    application = application_from_status_token(token)
    if application is None or application.partnership_id != partnership.pk:
        raise Http404
    return partnership, application


@require_http_methods(["GET", "POST"])
def status(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """Where the request has got to, and a way to withdraw it or ask for an escalation."""
    partnership, application = _from_status_link(slug, token)
    can_withdraw = applicant_can_withdraw(State(application.state))
    form = WithdrawForm(request.POST or None)
    if request.method == "POST":
        if not can_withdraw:
            raise Http404
        if form.is_valid():
            if form.cleaned_data["confirm"] == "yes":
                # Refused only if the case moved on since the page was shown; the page then says so.
                with suppress(WithdrawalRefused):
                    application_withdraw(application=application, reason=form.cleaned_data["reason"])
            return redirect("applications:status", slug=slug, token=token)
    else:
        audit_record(
            actor_label=APPLICANT_LABEL,
            action=AuditEntry.Action.VIEW,
            subject=application,
            detail="status page",
        )
    events = CaseEvent.objects.filter(application=application).order_by("at", "pk")
    return render(
        request,
        "applications/status.html",
        {
            "partnership": partnership,
            "application": application,
            "events": events,
            "can_withdraw": can_withdraw,
            "form": form,
            "assessment": application.assessments.first(),
            "can_escalate": escalation_possible(State(application.state)),
            "escalate_by": escalation_window_ends(application),
            "escalations": application.escalations.order_by("requested_at"),
            "outcome_letter": application.letters.filter(kind=Letter.Kind.OUTCOME)
            .order_by("created_at")
            .last(),
            "token": token,
        },
    )


@require_http_methods(["GET", "POST"])
@limit_posts("submissions", "RATE_LIMIT_SUBMISSIONS")
def escalate(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The applicant asks for the way their request was dealt with, or the review carried out, to be
    looked at again (Schedule 4, paragraph 3)."""
    partnership, application = _from_status_link(slug, token)
    if not escalation_possible(State(application.state)):
        return redirect("applications:status", slug=slug, token=token)
    form = EscalationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            escalation_request(
                application=application,
                about=form.cleaned_data["about"],
                grounds=form.cleaned_data["grounds"],
                details=form.cleaned_data["details"],
            )
            return redirect("applications:status", slug=slug, token=token)
        except ReviewRefused as refused:
            form.add_error(None, str(refused))
    return render(
        request,
        "applications/escalate.html",
        {
            "partnership": partnership,
            "application": application,
            "form": form,
            "escalate_by": escalation_window_ends(application),
            "token": token,
        },
    )
