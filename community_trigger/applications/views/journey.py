"""The question pages, from "is it about one organisation?" to check answers and the confirmation.

Every page follows the same path: find the person's draft (from their session), bind the form, keep
the answer, redirect to the next page (post/redirect/get). Nothing is kept for someone whose request
belongs in a complaints procedure or who does not agree to sharing.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from community_trigger.agencies.models import Partnership
from community_trigger.applications import forms, journey
from community_trigger.applications.consent import consent_paragraphs
from community_trigger.applications.models import Draft
from community_trigger.applications.services import (
    draft_discard,
    draft_start,
    draft_submit,
    draft_update,
    status_token,
)
from community_trigger.applications.summary import answer_sections
from community_trigger.cases.answers import reporters
from community_trigger.cases.models import Application
from community_trigger.common.ratelimit import limit_posts

DRAFT_SESSION_KEY = "draft:{slug}"
SUBMITTED_SESSION_KEY = "submitted:{slug}"


def partnership_or_404(slug: str) -> Partnership:
    return get_object_or_404(Partnership, slug=slug)


def session_draft(request: HttpRequest, partnership: Partnership) -> Draft | None:
    """The draft this browser is filling in for `partnership`, if it is still there and unsubmitted."""
    draft_id = request.session.get(DRAFT_SESSION_KEY.format(slug=partnership.slug))
    if not draft_id:
        return None
    return Draft.objects.filter(
        pk=draft_id, partnership=partnership, submitted_application__isnull=True
    ).first()


def remember_draft(request: HttpRequest, draft: Draft) -> None:
    request.session[DRAFT_SESSION_KEY.format(slug=draft.partnership.slug)] = str(draft.pk)


def forget_draft(request: HttpRequest, partnership: Partnership) -> None:
    request.session.pop(DRAFT_SESSION_KEY.format(slug=partnership.slug), None)


def step_url(partnership: Partnership, step: str) -> str:
    return reverse("applications:step", args=[partnership.slug, step])


def _page_url(partnership: Partnership, name: str, *args: str) -> str:
    return reverse(f"applications:{name}", args=[partnership.slug, *args])


def _changing(request: HttpRequest) -> bool:
    """True when the person came from check answers, so saving returns them there."""
    return request.GET.get("change") == "1"


def _keep_changing(request: HttpRequest, url: str) -> str:
    """`url`, still on the way back to check answers if that is where the person came from."""
    return f"{url}?change=1" if _changing(request) else url


def _after_save(
    request: HttpRequest, partnership: Partnership, step: str, answers: dict[str, Any]
) -> HttpResponse:
    if _changing(request) and journey.ready_to_submit(answers):
        return redirect(step_url(partnership, "check-answers"))
    return redirect(step_url(partnership, journey.next_step(step, answers)))


def _render(request: HttpRequest, template: str, partnership: Partnership, **context: Any) -> HttpResponse:
    return render(
        request,
        f"applications/{template}",
        {"partnership": partnership, "changing": _changing(request), **context},
    )


@dataclass(frozen=True)
class Question:
    """A page that asks one thing: its form, its template, and where its answer is kept."""

    form: type[forms.AnswersForm]
    template: str
    key: str | None = None  # kept under answers[key]; top-level fields otherwise
    title: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


QUESTIONS = {
    "single-organisation": Question(forms.SingleOrganisationForm, "single_organisation.html"),
    "who": Question(forms.RoleForm, "who.html"),
    "your-details": Question(forms.YourDetailsForm, "your_details.html", key="you"),
    "victim": Question(forms.VictimForm, "victim.html", key="victim"),
    "satisfaction": Question(forms.SatisfactionForm, "satisfaction.html"),
    "impact": Question(forms.ImpactForm, "impact.html", key="impact"),
    "consent": Question(forms.ConsentForm, "consent.html"),
}


def apply(request: HttpRequest, slug: str) -> HttpResponse:
    """Where the start button leads: carry on with this browser's draft, or begin at the first question."""
    partnership = partnership_or_404(slug)
    draft = session_draft(request, partnership)
    first = journey.first_unanswered(draft.answers) if draft else journey.STEPS[0]
    return redirect(step_url(partnership, first))


@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, slug: str, step: str) -> HttpResponse:
    partnership = partnership_or_404(slug)
    page = QUESTIONS.get(step)
    if page is None:
        raise Http404
    draft = session_draft(request, partnership)
    if draft is None and step != journey.STEPS[0]:
        return redirect(_page_url(partnership, "start"))
    answers = draft.answers if draft else {}
    if draft is not None and not journey.can_visit(step, answers):
        return redirect(step_url(partnership, journey.first_unanswered(answers)))
    kept = answers.get(page.key) if page.key else {name: answers.get(name) for name in page.form.base_fields}
    form = page.form(request.POST or None, initial=page.form.initial_from(kept))
    if request.method == "POST" and form.is_valid():
        changes = {page.key: form.answers()} if page.key else form.answers()
        if step == "single-organisation" and changes["single_organisation"] == "yes":
            return _leave(request, partnership, draft, "complaints-procedure")
        if step == "consent" and changes["consent"] == "no":
            return _leave(request, partnership, draft, "no-consent")
        if draft is None:
            draft = draft_start(partnership=partnership)
            remember_draft(request, draft)
        if step == "who" and changes["role"] != answers.get("role"):
            changes.update(_role_changed(answers, str(changes["role"])))
        draft = draft_update(draft=draft, changes=changes)
        return _after_save(request, partnership, step, draft.answers)
    context: dict[str, Any] = {"form": form, "back_url": _back_url(partnership, step, answers)}
    if step == "consent":
        context["paragraphs"] = consent_paragraphs(partnership)
    if step == "satisfaction":
        context["role"] = answers.get("role")
    return _render(request, page.template, partnership, **context)


def _leave(request: HttpRequest, partnership: Partnership, draft: Draft | None, page: str) -> HttpResponse:
    """End the journey with nothing kept, and explain where to go instead."""
    if draft is not None:
        draft_discard(draft=draft)
    forget_draft(request, partnership)
    return redirect(_page_url(partnership, page.replace("-", "_")))


def _role_changed(answers: dict[str, Any], role: str) -> dict[str, Any]:
    """Answers that belonged to the old role go (None removes an answer), and so do reports by people
    who are no longer part of the request."""
    changes: dict[str, Any] = {"role": role}
    if role != "representative":
        changes["victim"] = None
    if role != "group_representative":
        changes.update(members=None, members_done=None)
    return {**changes, **_reports_pruned({**answers, **changes})}


def _reports_pruned(answers: dict[str, Any]) -> dict[str, Any]:
    """Changes that drop reports by anyone no longer in the request; an incident left with no
    report must be completed again before the incidents count as done."""
    allowed = {value for value, _ in reporters(answers)}
    incidents = [
        {**incident, "reports": [report for report in incident["reports"] if report["by"] in allowed]}
        for incident in answers.get("incidents", [])
    ]
    if not incidents:
        return {}
    changes: dict[str, Any] = {"incidents": incidents}
    if any(not incident["reports"] for incident in incidents):
        changes["incidents_done"] = False
    return changes


def _back_url(partnership: Partnership, step: str, answers: dict[str, Any]) -> str:
    order = journey.steps_for(answers)
    position = order.index(step) if step in order else 0
    if position == 0:
        return _page_url(partnership, "start")
    return step_url(partnership, order[position - 1])


def leave_page(template: str) -> Any:
    def view(request: HttpRequest, slug: str) -> HttpResponse:
        partnership = partnership_or_404(slug)
        return render(request, f"applications/{template}", {"partnership": partnership})

    return view


complaints_procedure = leave_page("complaints_procedure.html")
no_consent = leave_page("no_consent.html")


# Add another: group members ----------------------------------------------------------------------


def _require_draft(request: HttpRequest, partnership: Partnership, step: str) -> Draft:
    draft = session_draft(request, partnership)
    if draft is None:
        raise _Redirect(_page_url(partnership, "start"))
    if not journey.can_visit(step, draft.answers):
        raise _Redirect(step_url(partnership, journey.first_unanswered(draft.answers)))
    return draft


class _Redirect(Exception):
    def __init__(self, url: str) -> None:
        self.url = url


def _redirecting(view: Any) -> Any:
    """Lets a helper deep inside a view answer with a redirect (no draft, or a page out of order)."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response: HttpResponse = view(request, *args, **kwargs)
        except _Redirect as redirect_to:
            return HttpResponseRedirect(redirect_to.url)
        return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _confirm_removal(
    request: HttpRequest,
    partnership: Partnership,
    *,
    title: str,
    warning: str,
    required_message: str,
    back_url: str,
    remove: Callable[[], None],
) -> HttpResponse:
    """The "Are you sure you want to remove …?" page: `remove` runs on yes; either answer goes back."""
    form = forms.AddAnotherForm(request.POST or None, required_message=required_message)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["add_another"] == "yes":
            remove()
        return redirect(back_url)
    return _render(
        request, "remove.html", partnership, form=form, title=title, warning=warning, back_url=back_url
    )


def _new_key() -> str:
    return secrets.token_hex(4)


def _put(items: list[dict[str, Any]], entry: dict[str, Any]) -> list[dict[str, Any]]:
    """`items` with `entry` in place of the item with its key, or added at the end if new."""
    if any(item.get("key") == entry["key"] for item in items):
        return [entry if item.get("key") == entry["key"] else item for item in items]
    return [*items, entry]


def _find(items: list[dict[str, Any]], key: str) -> dict[str, Any]:
    for item in items:
        if item.get("key") == key:
            return item
    raise Http404


@_redirecting
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, slug: str) -> HttpResponse:
    """The members added so far, and whether to add another."""
    partnership = partnership_or_404(slug)
    draft = _require_draft(request, partnership, "members")
    added = draft.answers.get("members", [])
    if not added:
        return redirect(_page_url(partnership, "member_add"))
    form = forms.AddAnotherForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["add_another"] == "yes":
            return redirect(_page_url(partnership, "member_add"))
        draft = draft_update(draft=draft, changes={"members_done": True})
        return _after_save(request, partnership, "members", draft.answers)
    return _render(
        request,
        "members.html",
        partnership,
        form=form,
        members=added,
        back_url=step_url(partnership, "your-details"),
    )


@_redirecting
@require_http_methods(["GET", "POST"])
def member(request: HttpRequest, slug: str, key: str | None = None) -> HttpResponse:
    """Add a member, or change one (`key`)."""
    partnership = partnership_or_404(slug)
    draft = _require_draft(request, partnership, "members")
    added = list(draft.answers.get("members", []))
    current = _find(added, key) if key else None
    form = forms.MemberForm(request.POST or None, initial=forms.MemberForm.initial_from(current))
    if request.method == "POST" and form.is_valid():
        entry = {**form.answers(), "key": key or _new_key()}
        added = _put(added, entry)
        draft_update(draft=draft, changes={"members": added, "members_done": False})
        return redirect(_keep_changing(request, _page_url(partnership, "members")))
    return _render(
        request,
        "member.html",
        partnership,
        form=form,
        adding=key is None,
        back_url=_page_url(partnership, "members"),
    )


@_redirecting
@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    partnership = partnership_or_404(slug)
    draft = _require_draft(request, partnership, "members")
    added = list(draft.answers.get("members", []))
    current = _find(added, key)
    reference = f"member:{key}"
    their_reports = sum(
        1
        for incident in draft.answers.get("incidents", [])
        for report in incident["reports"]
        if report["by"] == reference
    )

    def remove() -> None:
        changes: dict[str, Any] = {"members": [m for m in added if m["key"] != key], "members_done": False}
        draft_update(draft=draft, changes={**changes, **_reports_pruned({**draft.answers, **changes})})

    return _confirm_removal(
        request,
        partnership,
        title=f"Are you sure you want to remove {current['name']}?",
        warning=f"Their {their_reports} report{'s' if their_reports != 1 else ''} will be removed too."
        if their_reports
        else "",
        required_message=f"Select yes if you want to remove {current['name']}",
        back_url=_page_url(partnership, "members"),
        remove=remove,
    )


# Add another: incidents and their reports --------------------------------------------------------


@_redirecting
@require_http_methods(["GET", "POST"])
def incidents(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_or_404(slug)
    draft = _require_draft(request, partnership, "incidents")
    added = draft.answers.get("incidents", [])
    if not added:
        return redirect(_page_url(partnership, "incident_add"))
    form = forms.AddAnotherForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["add_another"] == "yes":
            return redirect(_page_url(partnership, "incident_add"))
        unreported = next((incident for incident in added if not incident["reports"]), None)
        if unreported is None:
            draft = draft_update(draft=draft, changes={"incidents_done": True})
            return _after_save(request, partnership, "incidents", draft.answers)
        form.add_error(
            "add_another",
            f"Add who reported the incident on {_long_date(unreported['date'])}, or remove that incident",
        )
    back = journey.steps_for(draft.answers)[journey.steps_for(draft.answers).index("incidents") - 1]
    return _render(
        request,
        "incidents.html",
        partnership,
        form=form,
        incidents=added,
        agencies=_agency_names(partnership),
        people=dict(reporters(draft.answers)),
        back_url=step_url(partnership, back),
    )


@_redirecting
@require_http_methods(["GET", "POST"])
def incident(request: HttpRequest, slug: str, key: str | None = None) -> HttpResponse:
    partnership = partnership_or_404(slug)
    draft = _require_draft(request, partnership, "incidents")
    added = list(draft.answers.get("incidents", []))
    current = _find(added, key) if key else None
    form = forms.IncidentForm(request.POST or None, initial=forms.IncidentForm.initial_from(current))
    if request.method == "POST" and form.is_valid():
        if current is not None:
            entry = {**current, **form.answers()}
            # A new date drops reports that would now come before the incident.
            entry["reports"] = [r for r in current["reports"] if r["date"] >= entry["date"]]
        else:
            entry = {**form.answers(), "key": _new_key(), "reports": []}
        added = _put(added, entry)
        changes: dict[str, Any] = {"incidents": added, "incidents_done": False}
        draft_update(draft=draft, changes=changes)
        if not entry["reports"]:
            return redirect(_page_url(partnership, "report_add", entry["key"]))
        return redirect(_keep_changing(request, _page_url(partnership, "incidents")))
    return _render(
        request,
        "incident.html",
        partnership,
        form=form,
        adding=key is None,
        back_url=_page_url(partnership, "incidents"),
    )


@_redirecting
@require_http_methods(["GET", "POST"])
def incident_remove(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    partnership = partnership_or_404(slug)
    draft = _require_draft(request, partnership, "incidents")
    added = list(draft.answers.get("incidents", []))
    current = _find(added, key)

    def remove() -> None:
        remaining = [incident for incident in added if incident["key"] != key]
        draft_update(draft=draft, changes={"incidents": remaining, "incidents_done": False})

    return _confirm_removal(
        request,
        partnership,
        title=f"Are you sure you want to remove the incident on {_long_date(current['date'])}?",
        warning="The reports of it will be removed too.",
        required_message="Select yes if you want to remove this incident",
        back_url=_page_url(partnership, "incidents"),
        remove=remove,
    )


@_redirecting
@require_http_methods(["GET", "POST"])
def reports(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """The reports of one incident, and whether anyone reported it elsewhere too."""
    partnership = partnership_or_404(slug)
    draft = _require_draft(request, partnership, "incidents")
    current = _find(draft.answers.get("incidents", []), key)
    if not current["reports"]:
        return redirect(_page_url(partnership, "report_add", key))
    form = forms.AddAnotherForm(
        request.POST or None, required_message="Select yes if the incident was reported again"
    )
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["add_another"] == "yes":
            return redirect(_keep_changing(request, _page_url(partnership, "report_add", key)))
        if _changing(request) and journey.ready_to_submit(draft.answers):
            return redirect(step_url(partnership, "check-answers"))
        return redirect(_keep_changing(request, _page_url(partnership, "incidents")))
    return _render(
        request,
        "reports.html",
        partnership,
        form=form,
        incident=current,
        agencies=_agency_names(partnership),
        people=dict(reporters(draft.answers)),
        back_url=_page_url(partnership, "incidents"),
    )


@_redirecting
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, slug: str, key: str, report_key: str | None = None) -> HttpResponse:
    partnership = partnership_or_404(slug)
    draft = _require_draft(request, partnership, "incidents")
    added = list(draft.answers.get("incidents", []))
    current = _find(added, key)
    existing = _find(current["reports"], report_key) if report_key else None
    form = forms.ReportForm(
        request.POST or None,
        initial=forms.ReportForm.initial_from(existing),
        reporters=reporters(draft.answers),
        agencies=list(partnership.agencies.all()),
        incident_date=date.fromisoformat(current["date"]),
    )
    if request.method == "POST" and form.is_valid():
        entry = {**form.answers(), "key": report_key or _new_key()}
        added = _put(added, {**current, "reports": _put(current["reports"], entry)})
        draft_update(draft=draft, changes={"incidents": added, "incidents_done": False})
        return redirect(_keep_changing(request, _page_url(partnership, "reports", key)))
    return _render(
        request,
        "report.html",
        partnership,
        form=form,
        incident=current,
        adding=report_key is None,
        back_url=_page_url(partnership, "reports", key)
        if current["reports"]
        else _page_url(partnership, "incidents"),
    )


@_redirecting
@require_http_methods(["GET", "POST"])
def report_remove(request: HttpRequest, slug: str, key: str, report_key: str) -> HttpResponse:
    partnership = partnership_or_404(slug)
    draft = _require_draft(request, partnership, "incidents")
    added = list(draft.answers.get("incidents", []))
    current = _find(added, key)
    _find(current["reports"], report_key)

    def remove() -> None:
        remaining = [report for report in current["reports"] if report["key"] != report_key]
        draft_update(
            draft=draft,
            changes={"incidents": _put(added, {**current, "reports": remaining}), "incidents_done": False},
        )

    return _confirm_removal(
        request,
        partnership,
        title="Are you sure you want to remove this report?",
        warning="",
        required_message="Select yes if you want to remove this report",
        back_url=_page_url(partnership, "reports", key),
        remove=remove,
    )


# Check answers, submit, confirmation --------------------------------------------------------------


@_redirecting
@require_http_methods(["GET", "POST"])
@limit_posts("submissions", "RATE_LIMIT_SUBMISSIONS")
def check_answers(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_or_404(slug)
    submitted = _submitted(request, partnership)
    draft = session_draft(request, partnership)
    if draft is None and submitted is not None:
        # A refresh or a second click after submitting: show what was sent, never send it again.
        return redirect(_page_url(partnership, "confirmation"))
    draft = _require_draft(request, partnership, "check-answers")
    if request.method == "POST":
        application = draft_submit(
            draft=draft,
            status_url_for=lambda app: request.build_absolute_uri(
                reverse("applications:status", args=[partnership.slug, status_token(app)])
            ),
        )
        forget_draft(request, partnership)
        request.session[SUBMITTED_SESSION_KEY.format(slug=partnership.slug)] = application.pk
        return redirect(_page_url(partnership, "confirmation"))
    return _render(
        request,
        "check_answers.html",
        partnership,
        sections=answer_sections(partnership, draft.answers),
        back_url=step_url(partnership, "consent"),
    )


def _submitted(request: HttpRequest, partnership: Partnership) -> Application | None:
    application_id = request.session.get(SUBMITTED_SESSION_KEY.format(slug=partnership.slug))
    if not application_id:
        return None
    return Application.objects.filter(pk=application_id, partnership=partnership).first()


def confirmation(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_or_404(slug)
    application = _submitted(request, partnership)
    if application is None:
        return redirect(_page_url(partnership, "start"))
    email = application.people.filter(role="applicant").values_list("email", flat=True).first()
    return render(
        request,
        "applications/confirmation.html",
        {"partnership": partnership, "application": application, "email": email},
    )


def _long_date(value: str) -> str:
    day = date.fromisoformat(value)
    return f"{day.day} {day:%B %Y}"


def _agency_names(partnership: Partnership) -> dict[str, str]:
    return {str(agency.pk): agency.name for agency in partnership.agencies.all()}
