"""Coming back: save and return by a code or an emailed link, and the choice after "no" to sharing; the
status page, by its link or by reference and status code, and withdrawing or escalating from it after a
postcode check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from community_trigger.agencies.models import Partnership
from community_trigger.applications import journey
from community_trigger.applications.forms import NoConsentForm, ReturnForm, SaveForm, WithdrawForm
from community_trigger.applications.models import Draft
from community_trigger.applications.services import (
    ResumeLinkUnknown,
    ResumeLinkUsed,
    ResumeRefused,
    application_from_status_token,
    draft_discard,
    draft_resume,
    draft_resume_by_code,
    resume_code_issue,
    resume_code_text,
    resume_expires,
    resume_link_check,
    resume_link_send,
    status_token,
)
from community_trigger.applications.status_forms import PostcodeForm, StatusLookupForm
from community_trigger.applications.views.context import (
    forget_draft,
    partnership_or_404,
    remember_code,
    remember_draft,
    session_code,
    session_draft,
    step_url,
)
from community_trigger.casefile.selectors import applicant_actions_for, applicant_status_of
from community_trigger.cases.history import moves_of
from community_trigger.cases.models import Application, CaseEvent, Happened
from community_trigger.cases.services.intake import WithdrawalRefused, application_withdraw
from community_trigger.cases.status_codes import application_for_status_code, postcode_matches
from community_trigger.common.language import speak_unless_chosen
from community_trigger.common.ratelimit import limit_posts
from community_trigger.domain.actions import Action
from community_trigger.domain.workflow import State, ThresholdAnswer, threshold_answer
from community_trigger.letters.models import Letter
from community_trigger.notifications.links import NoSiteUrl
from community_trigger.notifications.routing import SafeContact
from community_trigger.reviews.forms import EscalationForm
from community_trigger.reviews.selectors import escalation_window_ends, plan_progress_of
from community_trigger.reviews.services import ReviewRefused
from community_trigger.reviews.services.escalations import escalation_request


def _resume_url(partnership: Partnership, answers: dict[str, Any]) -> str:
    name, *args = journey.resume_place(answers)
    return reverse(f"applications:{name}", args=[partnership.slug, *args])


@require_http_methods(["GET", "POST"])
@limit_posts("links", "RATE_LIMIT_LINKS")
def save(request: HttpRequest, slug: str) -> HttpResponse:
    """The ways back to saved answers besides the code on screen: a link by email, the code by text.
    Both optional. Reached without a code (from an old bookmark), it gives one first."""
    partnership = partnership_or_404(slug)
    draft = session_draft(request, partnership)
    if draft is None:
        return redirect("applications:start", slug=slug)
    code = session_code(request, partnership)
    if not code:
        code = resume_code_issue(draft=draft)
        remember_code(request, partnership, code)
    if request.method != "POST":
        return redirect("applications:saved", slug=slug)
    form = SaveForm(request.POST)
    sent: list[str] = []
    if form.is_valid():
        email, mobile = form.cleaned_data["email"], form.cleaned_data["mobile"]
        if not email and not mobile:
            form.add_error("email", _("Enter an email address or a mobile phone number, or carry on"))
        if mobile and not form.errors:
            resume_code_text(draft=draft, code=code, to=mobile)
            sent.append(_("We have sent your code by text message to %(mobile)s.") % {"mobile": mobile})
        if email and not form.errors:
            try:
                resume_link_send(
                    draft=draft,
                    to=email,
                    path_for=lambda token: reverse("applications:resume", args=[slug, token]),
                )
                sent.append(_("We have sent a link to %(email)s.") % {"email": email})
            except NoSiteUrl:
                form.add_error("email", _("We cannot email links at the moment. Use your code to come back"))
    if form.is_valid():
        # Post/redirect/get: the saved page says what was sent, once.
        request.session[SENT_SESSION_KEY.format(slug=slug)] = sent
        return redirect("applications:saved", slug=slug)
    return _saved_page(request, partnership, draft, code, form=form, sent=sent)


SENT_SESSION_KEY = "sent:{slug}"


def saved(request: HttpRequest, slug: str) -> HttpResponse:
    """The code that reopens the saved answers, shown on screen, its one expiry, and the optional ways
    to be sent it."""
    partnership = partnership_or_404(slug)
    draft = session_draft(request, partnership)
    code = session_code(request, partnership)
    if draft is None or not code:
        return redirect("applications:start", slug=slug)
    sent = request.session.pop(SENT_SESSION_KEY.format(slug=slug), [])
    form = SaveForm(initial={"email": SafeContact.of_answers(draft.answers).safe_email})
    return _saved_page(request, partnership, draft, code, form=form, sent=sent)


def _saved_page(
    request: HttpRequest,
    partnership: Partnership,
    draft: Draft,
    code: str,
    *,
    form: SaveForm,
    sent: list[str],
) -> HttpResponse:
    return render(
        request,
        "applications/saved.html",
        {
            "partnership": partnership,
            "code": code,
            "expires": resume_expires(),
            "form": form,
            "sent": sent,
            "carry_on_url": _resume_url(partnership, draft.answers),
        },
    )


@require_http_methods(["GET", "POST"])
@limit_posts("codes", "RATE_LIMIT_LINKS")
def return_with_code(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Return to a saved request": the code from the saved page or the text message opens the answers
    in this browser, once. Guesses are rate limited, and the code is long enough not to be guessed."""
    partnership = partnership_or_404(slug)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft, browser_key = draft_resume_by_code(code=form.cleaned_data["code"], partnership=partnership)
        except ResumeLinkUsed:
            form.add_error(
                "code", _("This code has already been used. If you saved again, use the newer code")
            )
        except ResumeLinkUnknown:
            form.add_error("code", _("This code is not right: check you typed all 8 letters and numbers"))
        except ResumeRefused:
            form.add_error("code", _("This code has expired. Saved answers are kept for 30 days"))
        else:
            return _opened(request, partnership, draft, browser_key)
    return render(request, "applications/return.html", {"partnership": partnership, "form": form})


def _opened(request: HttpRequest, partnership: Partnership, draft: Draft, browser_key: str) -> HttpResponse:
    # A new session id too, so that a session id planted in this browser before does not share the draft.
    request.session.cycle_key()
    remember_draft(request, draft, browser_key)
    return redirect(_resume_url(partnership, draft.answers))


@require_http_methods(["GET", "POST"])
def no_consent(request: HttpRequest, slug: str) -> HttpResponse:
    """After "no" to sharing: are you sure? Delete the answers now, or keep them with a code in case the
    person changes their mind. Nothing is deleted before they choose."""
    partnership = partnership_or_404(slug)
    draft = session_draft(request, partnership)
    if draft is None or draft.answers.get("consent") != "no":
        return redirect("applications:start", slug=slug)
    form = NoConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["choice"] == "delete":
            draft_discard(draft=draft)
            forget_draft(request, partnership)
            deleted = {"partnership": partnership, "deleted": True}
            return render(request, "applications/no_consent.html", deleted)
        remember_code(request, partnership, resume_code_issue(draft=draft))
        return redirect("applications:saved", slug=slug)
    return render(
        request,
        "applications/no_consent.html",
        {
            "partnership": partnership,
            "form": form,
            "back_url": step_url(partnership, "consent"),
            "expires": resume_expires(),
        },
    )


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
    except ResumeLinkUnknown:
        return render(request, "applications/link_wrong.html", {"partnership": partnership}, status=404)
    except ResumeRefused:
        return render(request, "applications/link_expired.html", {"partnership": partnership}, status=404)
    return _opened(request, partnership, draft, browser_key)


def _link_used(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The page for a link opened before: the browser that holds the draft is offered to carry on."""
    held = session_draft(request, partnership)
    carry_on_url = _resume_url(partnership, held.answers) if held else ""
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


# The requests whose applicant answered the postcode check in this session: only they may withdraw or
# escalate, not anyone who merely holds the link (a forwarded email, a shared inbox).
CHECKED_SESSION_KEY = "status_checked"
ESCALATION_SESSION_KEY = "escalation:{pk}"


def _checked(request: HttpRequest, application: Application) -> bool:
    return application.pk in request.session.get(CHECKED_SESSION_KEY, [])


@require_http_methods(["GET", "POST"])
@limit_posts("status", "RATE_LIMIT_STATUS")
def status_lookup(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Check your request": the reference and status code open the status page, for an applicant with
    no email (the code is on the confirmation page and in the acknowledgement letter)."""
    partnership = partnership_or_404(slug)
    form = StatusLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        application = application_for_status_code(
            partnership=partnership, reference=form.cleaned_data["reference"], code=form.cleaned_data["code"]
        )
        if application is not None:
            return redirect("applications:status", slug=slug, token=status_token(application))
        # One message for both: nobody learns whether a reference exists.
        form.add_error("code", _("The reference number and status code do not match a request. Check both"))
    return render(request, "applications/status_lookup.html", {"partnership": partnership, "form": form})


def status(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """Where the request has got to, and the ways to withdraw it or ask for an escalation."""
    partnership, application = _from_status_link(slug, token)
    speak_unless_chosen(request, application.language)  # opened from an email, maybe in a new browser
    # What the applicant may do is the rulebook's to say, as for staff: the page offers no more.
    steps = applicant_status_of(application)
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
            "can_withdraw": steps[Action.WITHDRAW].available,
            "threshold": threshold,
            "no_review": state == State.WITHDRAWN
            or threshold in {ThresholdAnswer.NOT_MET, ThresholdAnswer.WITHDRAWN_UNDECIDED},
            "assessment": application.assessments.first(),
            "can_escalate": steps[Action.RECORD_ESCALATION].available,
            "escalate_by": escalation_window_ends(application),
            "escalations": application.escalations.order_by("requested_at"),
            "outcome_letter": application.letters.filter(kind=Letter.Kind.OUTCOME)
            .order_by("created_at")
            .last(),
            # The agreed actions of the final plan, and how far each has got.
            "plan": plan_progress_of(application),
            "token": token,
        },
    )


_THEN = {"withdraw": "applications:withdraw", "escalate": "applications:escalate"}


@require_http_methods(["GET", "POST"])
@limit_posts("status", "RATE_LIMIT_STATUS")
def status_check(request: HttpRequest, slug: str, token: str, then: str) -> HttpResponse:
    """The second check before withdrawing or escalating: the postcode the applicant gave."""
    partnership, application = _from_status_link(slug, token)
    if then not in _THEN:
        raise Http404
    form = PostcodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if postcode_matches(application, form.cleaned_data["postcode"]):
            request.session[CHECKED_SESSION_KEY] = [
                *request.session.get(CHECKED_SESSION_KEY, []),
                application.pk,
            ]
            return redirect(_THEN[then], slug=slug, token=token)
        form.add_error("postcode", _("The postcode does not match the one in your request"))
    return render(
        request,
        "applications/status_check.html",
        {"partnership": partnership, "application": application, "form": form, "token": token, "then": then},
    )


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """ "Are you sure?" before withdrawing, once the postcode check is passed; then the withdrawal."""
    partnership, application = _from_status_link(slug, token)
    if request.method == "POST":
        # The look is recorded where the page gets it, for a page shown (not a withdrawal sent).
        can_withdraw = applicant_actions_for(application)[Action.WITHDRAW].available
    else:
        can_withdraw = applicant_status_of(application)[Action.WITHDRAW].available
    if not can_withdraw:
        raise Http404
    if not _checked(request, application):
        return redirect("applications:status_check", slug=slug, token=token, then="withdraw")
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["confirm"] != "yes":
            return redirect("applications:status", slug=slug, token=token)
        try:
            application_withdraw(application=application, reason=form.cleaned_data["reason"])
        except WithdrawalRefused:
            # The case moved on since the page was shown; the status page says where it is now.
            return redirect("applications:status", slug=slug, token=token)
        return redirect("applications:withdrawn", slug=slug, token=token)
    return render(
        request,
        "applications/withdraw.html",
        {"partnership": partnership, "application": application, "form": form, "token": token},
    )


def _done(template: str) -> Callable[[HttpRequest, str, str], HttpResponse]:
    """The page after a withdrawal or an escalation is sent: it says so, and where to get help."""

    def view(request: HttpRequest, slug: str, token: str) -> HttpResponse:
        partnership, application = _from_status_link(slug, token)
        return render(
            request,
            f"applications/{template}",
            {"partnership": partnership, "application": application, "token": token},
        )

    return view


withdrawn = _done("withdrawn.html")


@require_http_methods(["GET", "POST"])
@limit_posts("submissions", "RATE_LIMIT_SUBMISSIONS")
def escalate(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The applicant asks for the way their request was dealt with, or the review carried out, to be
    looked at again (Schedule 4, paragraph 3): after the postcode check, their reasons, then "are you
    sure?" (escalate_confirm)."""
    partnership, application = _from_status_link(slug, token)
    if not applicant_actions_for(application)[Action.RECORD_ESCALATION]:
        return redirect("applications:status", slug=slug, token=token)
    if not _checked(request, application):
        return redirect("applications:status_check", slug=slug, token=token, then="escalate")
    kept = request.session.get(ESCALATION_SESSION_KEY.format(pk=application.pk))
    form = EscalationForm(request.POST or None, initial=kept or None)
    if request.method == "POST" and form.is_valid():
        request.session[ESCALATION_SESSION_KEY.format(pk=application.pk)] = form.cleaned_data
        return redirect("applications:escalate_confirm", slug=slug, token=token)
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


@require_http_methods(["GET", "POST"])
@limit_posts("submissions", "RATE_LIMIT_SUBMISSIONS")
def escalate_confirm(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """ "Are you sure?": what the escalation will ask, and the button that sends it."""
    partnership, application = _from_status_link(slug, token)
    key = ESCALATION_SESSION_KEY.format(pk=application.pk)
    kept = request.session.get(key)
    if not kept or not _checked(request, application):
        return redirect("applications:escalate", slug=slug, token=token)
    form = EscalationForm(kept)
    if not form.is_valid():
        return redirect("applications:escalate", slug=slug, token=token)
    error = ""
    if request.method == "POST":
        try:
            escalation_request(
                application=application,
                about=form.cleaned_data["about"],
                grounds=form.cleaned_data["grounds"],
                details=form.cleaned_data["details"],
            )
        except ReviewRefused as refused:
            error = str(refused)
        else:
            del request.session[key]
            return redirect("applications:escalation_sent", slug=slug, token=token)
    return render(
        request,
        "applications/escalate_confirm.html",
        {
            "partnership": partnership,
            "application": application,
            "form": form,
            "token": token,
            "error": error,
        },
    )


escalation_sent = _done("escalation_sent.html")
