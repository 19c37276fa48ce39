"""The question pages, from "who are you?" to check answers.

Every page follows the same path: find the draft (the journey context knows how), bind the form, keep
the answer, redirect to the next page (post/redirect/get). The same pages serve the public route and
staff entry: each takes a JourneyContext (views/context.py) in place of the route's own URL arguments,
and the URLconfs wrap them with the route's decorator.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from community_trigger.agencies.models import Agency
from community_trigger.applications import forms, journey
from community_trigger.applications.consent import consent_paragraphs
from community_trigger.applications.services import draft_update
from community_trigger.applications.summary import answer_sections, long_date
from community_trigger.applications.views.context import JourneyContext, redirecting
from community_trigger.cases.answers import AnswersInvalid, reporters


def _after_save(context: JourneyContext, step: str, answers: dict[str, Any]) -> HttpResponse:
    if context.changing and journey.ready_to_submit(answers):
        return redirect(context.step_url("check-answers"))
    return redirect(context.step_url(journey.next_step(step, answers)))


@redirecting
@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, context: JourneyContext, step: str) -> HttpResponse:
    page = context.questions.get(step)
    if page is None:
        raise Http404
    draft = context.draft
    if draft is None and step != journey.STEPS[0]:
        return redirect(context.start_url)
    answers = draft.answers if draft else {}
    if draft is not None and not journey.can_visit(step, answers):
        return redirect(context.step_url(journey.first_unanswered(answers)))
    kept = answers.get(page.key) if page.key else {name: answers.get(name) for name in page.form.base_fields}
    place = ["step", step]
    form = page.form(_posted_or_typed(request, answers, place), initial=page.form.initial_from(kept))
    if request.method == "POST":
        changes = ({page.key: form.answers()} if page.key else form.answers()) if form.is_valid() else {}
        if changes and step == "who" and changes["role"] != answers.get("role"):
            changes.update(_role_changed(answers, str(changes["role"])))
        if _saving(request):
            return _save_for_later(request, context, place, changes)
        if form.is_valid():
            if step == "staff-conduct" and changes["staff_conduct"] == "yes":
                return context.leave("complaints_procedure", {**changes, "typed": None})
            if step == "consent" and changes["consent"] == "no":
                return context.leave("no_consent", {**changes, "typed": None})
            draft = draft_update(draft=context.started_draft(), changes={**changes, "typed": None})
            return _after_save(context, step, draft.answers)
    extra: dict[str, Any] = {"form": form, "back_url": _back_url(context, step, answers)}
    if step == "consent":
        extra["paragraphs"] = consent_paragraphs(context.partnership)
    if step == "satisfaction":
        extra["role"] = answers.get("role")
    return context.render(page.template, **extra)


# Save and come back later ---------------------------------------------------------------------------


def _saving(request: HttpRequest) -> bool:
    """True when the person pressed "Save and come back later" rather than "Continue"."""
    return request.method == "POST" and "save" in request.POST


def _posted_or_typed(request: HttpRequest, answers: dict[str, Any], place: list[str]) -> QueryDict | None:
    """What the form is bound to: the POST, or on coming back, what was typed on this page when it was
    saved but could not yet be kept as an answer (shown with its errors, so nothing typed is lost)."""
    if request.method == "POST":
        return request.POST
    typed = answers.get("typed") or {}
    if typed.get("page") != place:
        return None
    data = QueryDict(mutable=True)
    for name, values in (typed.get("data") or {}).items():
        data.setlist(name, [str(value) for value in values])
    return data


def _save_for_later(
    request: HttpRequest, context: JourneyContext, place: list[str], changes: dict[str, Any]
) -> HttpResponse:
    """Keep the page being typed: its answer when it is complete, otherwise exactly what was typed,
    so that coming back opens this page as it was left."""
    if changes:
        kept = {**changes, "typed": None}
    else:
        data = {name: values for name, values in request.POST.lists() if name not in _NOT_TYPED}
        kept = {"typed": {"page": place, "data": data}}
    draft_update(draft=context.started_draft(), changes=kept)
    return context.saved_for_later()


_NOT_TYPED = frozenset({"csrfmiddlewaretoken", "save"})


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


def _back_url(context: JourneyContext, step: str, answers: dict[str, Any]) -> str:
    order = journey.steps_for(answers)
    position = order.index(step) if step in order else 0
    if position == 0:
        return context.start_url
    return context.step_url(order[position - 1])


@redirecting
@require_http_methods(["GET"])
def complaints_procedure(request: HttpRequest, context: JourneyContext) -> HttpResponse:
    """For a request also about how a member of staff behaved: where to complain about that, and the
    way on with the request for a review, which is never ended here."""
    draft = context.require_draft("staff-conduct")
    if draft.answers.get("staff_conduct") != "yes":
        return redirect(context.step_url("staff-conduct"))
    return context.render(
        "complaints_procedure.html",
        continue_url=_after_save(context, "staff-conduct", draft.answers)["Location"],
        back_url=context.keep_changing(context.step_url("staff-conduct")),
    )


# Add another: group members ----------------------------------------------------------------------


def confirm_removal(
    request: HttpRequest,
    context: JourneyContext,
    *,
    title: str,
    warning: str,
    required_message: str,
    back_url: str,
    remove: Callable[[], None],
    removed_url: str = "",
) -> HttpResponse:
    """The "Are you sure you want to remove …?" page: `remove` runs on yes and leads to `removed_url`
    (or back); no goes back."""
    form = forms.AddAnotherForm(request.POST or None, required_message=required_message)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["add_another"] == "yes":
            remove()
            return redirect(removed_url or back_url)
        return redirect(back_url)
    return context.render("remove.html", form=form, title=title, warning=warning, back_url=back_url)


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


@redirecting
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, context: JourneyContext) -> HttpResponse:
    """The members added so far, and whether to add another."""
    draft = context.require_draft("members")
    added = draft.answers.get("members", [])
    if not added:
        return redirect(context.url("member_add"))
    form = forms.AddAnotherForm(request.POST or None)
    if _saving(request):
        return context.saved_for_later()
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["add_another"] == "yes":
            return redirect(context.url("member_add"))
        draft = draft_update(draft=draft, changes={"members_done": True})
        return _after_save(context, "members", draft.answers)
    return context.render(
        "members.html", form=form, members=added, back_url=_back_url(context, "members", draft.answers)
    )


@redirecting
@require_http_methods(["GET", "POST"])
def member(request: HttpRequest, context: JourneyContext, key: str | None = None) -> HttpResponse:
    """Add a member, or change one (`key`)."""
    draft = context.require_draft("members")
    added = list(draft.answers.get("members", []))
    current = _find(added, key) if key else None
    place = ["member", key] if key else ["member_add"]
    form = forms.MemberForm(
        _posted_or_typed(request, draft.answers, place), initial=forms.MemberForm.initial_from(current)
    )
    changes: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        entry = {**form.answers(), "key": key or _new_key()}
        changes = {"members": _put(added, entry), "members_done": False}
    if _saving(request):
        return _save_for_later(request, context, place, changes)
    if changes:
        draft_update(draft=draft, changes={**changes, "typed": None})
        return redirect(context.keep_changing(context.url("members")))
    return context.render("member.html", form=form, adding=key is None, back_url=context.url("members"))


@redirecting
@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, context: JourneyContext, key: str) -> HttpResponse:
    draft = context.require_draft("members")
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

    return confirm_removal(
        request,
        context,
        title=f"Are you sure you want to remove {current['name']}?",
        warning=f"Their {their_reports} report{'s' if their_reports != 1 else ''} will be removed too."
        if their_reports
        else "",
        required_message=f"Select yes if you want to remove {current['name']}",
        back_url=context.url("members"),
        remove=remove,
    )


# Add another: incidents and their reports --------------------------------------------------------


@redirecting
@require_http_methods(["GET", "POST"])
def incidents(request: HttpRequest, context: JourneyContext) -> HttpResponse:
    draft = context.require_draft("incidents")
    added = draft.answers.get("incidents", [])
    if not added:
        return redirect(context.url("incident_add"))
    form = forms.AddAnotherForm(request.POST or None)
    if _saving(request):
        return context.saved_for_later()
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["add_another"] == "yes":
            return redirect(context.url("incident_add"))
        unreported = next((incident for incident in added if not incident["reports"]), None)
        if unreported is None:
            draft = draft_update(draft=draft, changes={"incidents_done": True})
            return _after_save(context, "incidents", draft.answers)
        form.add_error(
            "add_another",
            f"Add who reported the incident on {long_date(unreported['date'])}, or remove that incident",
        )
    back = journey.steps_for(draft.answers)[journey.steps_for(draft.answers).index("incidents") - 1]
    return context.render(
        "incidents.html",
        form=form,
        incidents=added,
        agencies=_agency_names(context),
        people=dict(reporters(draft.answers)),
        back_url=context.step_url(back),
    )


@redirecting
@require_http_methods(["GET", "POST"])
def incident(request: HttpRequest, context: JourneyContext, key: str | None = None) -> HttpResponse:
    draft = context.require_draft("incidents")
    added = list(draft.answers.get("incidents", []))
    current = _find(added, key) if key else None
    place = ["incident", key] if key else ["incident_add"]
    form = forms.IncidentForm(
        _posted_or_typed(request, draft.answers, place),
        initial=forms.IncidentForm.initial_from(current),
        received_on=context.received_on,
    )
    if _saving(request) and not form.is_valid():
        return _save_for_later(request, context, place, {})
    if request.method == "POST" and form.is_valid():
        if current is not None:
            entry = {**current, **form.answers()}
            # A new date drops reports that would now come before the incident.
            entry["reports"] = [r for r in current["reports"] if r["date"] >= entry["date"]]
        else:
            entry = {**form.answers(), "key": _new_key(), "reports": []}
        added = _put(added, entry)
        changes: dict[str, Any] = {"incidents": added, "incidents_done": False}
        if _saving(request):
            return _save_for_later(request, context, place, changes)
        draft_update(draft=draft, changes={**changes, "typed": None})
        if not entry["reports"]:
            return redirect(context.url("report_add", entry["key"]))
        return redirect(context.keep_changing(context.url("incidents")))
    return context.render("incident.html", form=form, adding=key is None, back_url=context.url("incidents"))


@redirecting
@require_http_methods(["GET", "POST"])
def incident_remove(request: HttpRequest, context: JourneyContext, key: str) -> HttpResponse:
    draft = context.require_draft("incidents")
    added = list(draft.answers.get("incidents", []))
    current = _find(added, key)

    def remove() -> None:
        remaining = [incident for incident in added if incident["key"] != key]
        draft_update(draft=draft, changes={"incidents": remaining, "incidents_done": False})

    return confirm_removal(
        request,
        context,
        title=f"Are you sure you want to remove the incident on {long_date(current['date'])}?",
        warning="The reports of it will be removed too.",
        required_message="Select yes if you want to remove this incident",
        back_url=context.url("incidents"),
        remove=remove,
    )


@redirecting
@require_http_methods(["GET", "POST"])
def reports(request: HttpRequest, context: JourneyContext, key: str) -> HttpResponse:
    """The reports of one incident, and whether anyone reported it elsewhere too."""
    draft = context.require_draft("incidents")
    current = _find(draft.answers.get("incidents", []), key)
    if not current["reports"]:
        return redirect(context.url("report_add", key))
    form = forms.AddAnotherForm(
        request.POST or None, required_message="Select yes if the incident was reported again"
    )
    if _saving(request):
        return context.saved_for_later()
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["add_another"] == "yes":
            return redirect(context.keep_changing(context.url("report_add", key)))
        if context.changing and journey.ready_to_submit(draft.answers):
            return redirect(context.step_url("check-answers"))
        return redirect(context.keep_changing(context.url("incidents")))
    return context.render(
        "reports.html",
        form=form,
        incident=current,
        agencies=_agency_names(context),
        people=dict(reporters(draft.answers)),
        back_url=context.url("incidents"),
    )


@redirecting
@require_http_methods(["GET", "POST"])
def report(
    request: HttpRequest, context: JourneyContext, key: str, report_key: str | None = None
) -> HttpResponse:
    draft = context.require_draft("incidents")
    added = list(draft.answers.get("incidents", []))
    current = _find(added, key)
    existing = _find(current["reports"], report_key) if report_key else None
    agencies = list(context.partnership.agencies.all())
    place = ["report", key, report_key] if report_key else ["report_add", key]
    form = forms.ReportForm(
        _posted_or_typed(request, draft.answers, place),
        initial=forms.ReportForm.initial_from(existing),
        reporters=reporters(draft.answers),
        agencies=agencies,
        incident_date=date.fromisoformat(current["date"]),
        received_on=context.received_on,
    )
    changes: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        entry = {**form.answers(), "key": report_key or _new_key()}
        added = _put(added, {**current, "reports": _put(current["reports"], entry)})
        changes = {"incidents": added, "incidents_done": False}
    if _saving(request):
        return _save_for_later(request, context, place, changes)
    if changes:
        draft_update(draft=draft, changes={**changes, "typed": None})
        return redirect(context.keep_changing(context.url("reports", key)))
    return context.render(
        "report.html",
        form=form,
        incident=current,
        health_agencies=[str(agency.pk) for agency in agencies if agency.kind == Agency.Kind.HEALTH],
        adding=report_key is None,
        back_url=context.url("reports", key) if current["reports"] else context.url("incidents"),
    )


@redirecting
@require_http_methods(["GET", "POST"])
def report_remove(request: HttpRequest, context: JourneyContext, key: str, report_key: str) -> HttpResponse:
    draft = context.require_draft("incidents")
    added = list(draft.answers.get("incidents", []))
    current = _find(added, key)
    _find(current["reports"], report_key)

    def remove() -> None:
        remaining = [report for report in current["reports"] if report["key"] != report_key]
        draft_update(
            draft=draft,
            changes={"incidents": _put(added, {**current, "reports": remaining}), "incidents_done": False},
        )

    return confirm_removal(
        request,
        context,
        title="Are you sure you want to remove this report?",
        warning="",
        required_message="Select yes if you want to remove this report",
        back_url=context.url("reports", key),
        remove=remove,
    )


# Check answers and send ---------------------------------------------------------------------------


@redirecting
@require_http_methods(["GET", "POST"])
def check_answers(request: HttpRequest, context: JourneyContext) -> HttpResponse:
    sent = context.already_sent()
    if sent is not None:
        return sent
    draft = context.require_draft("check-answers")
    form = forms.SendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            return context.submit(draft)
        except AnswersInvalid:
            # Only a draft from an older version of the journey, or one changed in two tabs at once,
            # gets here: the pages have checked every answer. Nothing was recorded.
            form.add_error(
                None, _("Some answers could not be sent. Check them, change any that are wrong, then send.")
            )
    return context.render(
        "check_answers.html",
        form=form,
        sections=answer_sections(context.partnership, draft.answers, url=context.url),
        back_url=context.step_url(journey.steps_for(draft.answers)[-2]),
    )


def _agency_names(context: JourneyContext) -> dict[str, str]:
    return {str(agency.pk): agency.name for agency in context.partnership.agencies.all()}
