"""Coming back: save and return by an emailed link, and the status page behind the confirmation link."""

from __future__ import annotations

from contextlib import suppress

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from community_trigger.agencies.models import Partnership
from community_trigger.applications import journey
from community_trigger.applications.forms import SaveForm, WithdrawForm
from community_trigger.applications.services import (
    RESUME_LINK_LIFETIME,
    ResumeLinkUsed,
    ResumeRefused,
    application_from_status_token,
    draft_resume,
    resume_link_check,
    resume_link_send,
)
from community_trigger.applications.views.context import (
    partnership_or_404,
    remember_draft,
    session_draft,
    step_url,
)
from community_trigger.casefile.selectors import applicant_actions_for, applicant_status_of
from community_trigger.cases.history import moves_of
from community_trigger.cases.models import Application, CaseEvent, Happened
from community_trigger.cases.services.intake import WithdrawalRefused, application_withdraw
from community_trigger.common.ratelimit import limit_posts
from community_trigger.domain.actions import Action
from community_trigger.domain.workflow import State, ThresholdAnswer, threshold_answer
from community_trigger.letters.models import Letter
from community_trigger.notifications.links import NoSiteUrl
from community_trigger.reviews.forms import EscalationForm
from community_trigger.reviews.selectors import escalation_window_ends
from community_trigger.reviews.services import ReviewRefused
from community_trigger.reviews.services.escalations import escalation_request


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
        try:
            resume_link_send(
                draft=draft,
                to=form.cleaned_data["email"],
                path_for=lambda token: reverse("applications:resume", args=[slug, token]),
            )
        except NoSiteUrl:
            form.add_error(
                None,
                _(
                    "We cannot email links at the moment. Your answers are saved in this browser: "
                    "you can carry on now, or come back in this browser later"
                ),
            )
        else:
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


@require_http_methods(["GET", "POST"])
def resume(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """Open a saved draft from its emailed link: the page asks to continue, and continuing moves the
    draft to this browser, once. Only the POST uses the link up, because mail scanners fetch the links
    in an email before the person clicks them."""
    partnership = partnership_or_404(slug)
    try:
        if request.method != "POST":
            resume_link_check(token=token, partnership=partnership)
            return render(request, "applications/resume.html", {"partnership": partnership})
        draft, browser_key = draft_resume(token=token, partnership=partnership)
    except ResumeLinkUsed:
        return _link_used(request, partnership)
    except ResumeRefused:
        return render(request, "applications/link_expired.html", {"partnership": partnership}, status=404)
    # A new session id too, so that a session id planted in this browser before does not share the draft.
    request.session.cycle_key()
    remember_draft(request, draft, browser_key)
    return redirect(step_url(partnership, journey.first_unanswered(draft.answers)))


def _link_used(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The page for a link opened before: the browser that holds the draft is offered to carry on."""
    held = session_draft(request, partnership)
    carry_on_url = step_url(partnership, journey.first_unanswered(held.answers)) if held else ""
    return render(
        request,
        "applications/link_used.html",
        {"partnership": partnership, "carry_on_url": carry_on_url},
        status=410,
    )


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
    # What the applicant may do is the rulebook's to say, as for staff: the page offers no more. The
    # look is recorded where the page gets it, for a page shown (not a withdrawal sent).
    steps = (
        applicant_actions_for(application) if request.method == "POST" else applicant_status_of(application)
    )
    can_withdraw = steps[Action.WITHDRAW].available
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
    # The applicant follows the case's moves, not every change made along the way.
    events = list(CaseEvent.objects.filter(application=application, kind=Happened.MOVED).order_by("at", "pk"))
    state = State(application.state)
    threshold = threshold_answer(state, moves_of(application))
    return render(
        request,
        "applications/status.html",
        {
            "partnership": partnership,
            "application": application,
            "events": events,
            "can_withdraw": can_withdraw,
            "threshold": threshold,
            "no_review": state == State.WITHDRAWN
            or threshold in {ThresholdAnswer.NOT_MET, ThresholdAnswer.WITHDRAWN_UNDECIDED},
            "form": form,
            "assessment": application.assessments.first(),
            "can_escalate": steps[Action.RECORD_ESCALATION].available,
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
    if not applicant_actions_for(application)[Action.RECORD_ESCALATION]:
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
