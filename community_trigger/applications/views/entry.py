"""Staff entry: a coordinator enters a request for a case review that came by phone, post, email or in
person, asking the same questions as the online journey.

The question pages themselves are the public journey's (views/journey.py), given a StaffJourney: the
draft is found by the id in the address and only its author may open it (selectors.entry_get_for), the
pages wear the staff layout, and sending records the case and opens its page. Around them, here: the
list of one's unfinished entries, the first page (how and when the request came in), deleting an entry,
and the pages that say why a request cannot go ahead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import wraps
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from community_trigger.accounts.decorators import signed_in_user, staff_required
from community_trigger.agencies.models import Partnership
from community_trigger.applications import journey
from community_trigger.applications.forms import ReceivedForm
from community_trigger.applications.models import Draft
from community_trigger.applications.questions import STAFF_QUESTIONS
from community_trigger.applications.selectors import (
    entry_get_for,
    entry_list_for,
    entry_partnership_for,
    entry_partnerships_for,
)
from community_trigger.applications.services import (
    DRAFT_LIFETIME,
    draft_update,
    entry_delete,
    entry_start,
    entry_submit,
)
from community_trigger.applications.summary import long_date
from community_trigger.applications.views.context import JourneyContext
from community_trigger.applications.views.journey import confirm_removal
from community_trigger.cases.answers import latest_date
from community_trigger.cases.models import Channel
from community_trigger.common.language import offered

LAYOUT = "applications/staff/layout.html"


def received_words(answers: Mapping[str, Any]) -> str:
    """How and when the request came, as the pages say it: "Received by phone on 18 November 2026"."""
    received = answers["received"]
    return f"Received {Channel(received['channel']).how} on {long_date(received['date'])}"


class StaffJourney(JourneyContext):
    """A member of staff entering a request; the draft is theirs and already knows how it came."""

    namespace = "entry"
    layout = LAYOUT
    questions = STAFF_QUESTIONS
    templates = {
        "check_answers.html": "staff/check_answers.html",
        "complaints_procedure.html": "staff/complaints_procedure.html",
    }

    def __init__(self, request: HttpRequest, draft: Draft) -> None:
        super().__init__(request, draft.partnership, draft)
        self.entry = draft

    def url_args(self) -> list[str]:
        return [str(self.entry.pk)]

    @property
    def start_url(self) -> str:
        return self.url("received")

    @property
    def received_on(self) -> date:
        return date.fromisoformat(self.entry.answers["received"]["date"])

    def started_draft(self) -> Draft:
        return self.entry

    def saved_for_later(self) -> HttpResponse:
        # An entry is always kept until it is sent or deleted: it waits in the list of entries.
        messages.success(self.request, gettext("Entry saved. Find it in your unfinished entries."))
        return redirect("entry:list")

    def submit(self, draft: Draft) -> HttpResponse:
        application = entry_submit(
            draft=draft, actor=signed_in_user(self.request), status_url_for=self.status_url
        )
        emailed = bool(application.people.filter(role="applicant").exclude(email="").exists())
        messages.success(
            self.request,
            f"Application {application.reference} recorded. "
            + (
                "The applicant has been emailed a confirmation with the reference."
                if emailed
                else "The applicant gave no email address: tell them the reference."
            ),
        )
        return redirect("cases:detail", reference=application.reference)

    def _render(self, template: str, context: dict[str, Any]) -> HttpResponse:
        return render(
            self.request,
            f"applications/{template}",
            {"received_words": received_words(self.entry.answers), **context},
        )


def staff_journey(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page of one entry, /staff/applications/<entry>/…: only for its author, who must still be able
    to enter requests for its partnership. An entry already sent leads to its case."""

    @wraps(view)
    def wrapped(request: HttpRequest, entry: UUID, *args: Any, **kwargs: Any) -> HttpResponse:
        draft = entry_get_for(request.user, entry)
        if draft.submitted_application is not None:
            # A second click, a refresh or an old tab: the request lives on as its case.
            return redirect("cases:detail", reference=draft.submitted_application.reference)
        return view(request, StaffJourney(request, draft), *args, **kwargs)

    return staff_required(wrapped)


@dataclass(frozen=True)
class EntryRow:
    """One unfinished entry as the list shows it (the applicant's name, if it has been entered yet)."""

    draft: Draft
    applicant: str
    received: str


@staff_required
def entries(request: HttpRequest) -> HttpResponse:
    """Where a coordinator starts entering a request, and finds the ones they have not finished."""
    user = signed_in_user(request)
    partnerships = list(entry_partnerships_for(user))
    if not partnerships:
        raise PermissionDenied
    rows = [
        EntryRow(
            draft=draft,
            applicant=(draft.answers.get("you") or {}).get("name", ""),
            received=received_words(draft.answers),
        )
        for draft in entry_list_for(user)
    ]
    return render(
        request,
        "applications/staff/entries.html",
        {"partnerships": partnerships, "rows": rows, "lifetime_days": DRAFT_LIFETIME.days},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, slug: str) -> HttpResponse:
    """The first page of a new entry: how and when the request came in. The entry starts once this
    is answered."""
    user = signed_in_user(request)
    partnership = entry_partnership_for(user, slug)
    form = ReceivedForm(request.POST or None, languages=offered(partnership.languages))
    if request.method == "POST" and form.is_valid():
        draft = entry_start(partnership=partnership, actor=user, received=form.answers())
        return redirect("entry:step", draft.pk, journey.STEPS[0])
    return _received_page(request, partnership, form)


@staff_journey
@require_http_methods(["GET", "POST"])
def received(request: HttpRequest, context: StaffJourney) -> HttpResponse:
    """Change how and when the request came in. The day cannot move before an incident or report."""
    draft = context.entry
    form = ReceivedForm(
        request.POST or None,
        initial=ReceivedForm.initial_from(draft.answers["received"]),
        latest_entered=latest_date(draft.answers),
        languages=offered(context.partnership.languages),
    )
    if request.method == "POST" and form.is_valid():
        draft = draft_update(draft=draft, changes={"received": form.answers()})
        if context.changing and journey.ready_to_submit(draft.answers):
            return redirect(context.step_url("check-answers"))
        return redirect(context.step_url(journey.first_unanswered(draft.answers)))
    return _received_page(request, context.partnership, form, context)


def _received_page(
    request: HttpRequest, partnership: Partnership, form: ReceivedForm, context: StaffJourney | None = None
) -> HttpResponse:
    page = {"form": form, "partnership": partnership, "back_url": reverse("entry:list")}
    if context is None:
        return render(request, "applications/staff/received.html", page)
    return context.render("staff/received.html", **page)


@staff_journey
def carry_on(request: HttpRequest, context: StaffJourney) -> HttpResponse:
    """From the list of unfinished entries: the first page still to answer."""
    return redirect(context.step_url(journey.first_unanswered(context.entry.answers)))


@staff_journey
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, context: StaffJourney) -> HttpResponse:
    draft = context.entry
    user = signed_in_user(request)
    name = (draft.answers.get("you") or {}).get("name")
    entries_url = reverse("entry:list")

    def remove() -> None:
        entry_delete(draft=draft, actor=user)
        messages.success(request, gettext("Entry deleted."))

    return confirm_removal(
        request,
        context,
        title=f"Are you sure you want to delete the entry for {name}?"
        if name
        else "Are you sure you want to delete this entry?",
        warning="Everything entered for it will be deleted. This cannot be undone.",
        required_message="Select yes if you want to delete this entry",
        back_url=entries_url,
        remove=remove,
        removed_url=entries_url,
    )


def _ended_page(template: str, step: str) -> Callable[..., HttpResponse]:
    """A page that explains why the request cannot go ahead, with the way back to `step` to change the
    answer, and the way to delete the entry."""

    @staff_journey
    def view(request: HttpRequest, context: StaffJourney) -> HttpResponse:
        return context.render(template, back_url=context.step_url(step), delete_url=context.url("delete"))

    return view


no_consent = _ended_page("staff/no_consent.html", "consent")
