"""The back office's case list and case page. Both start from the one access selector."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community_trigger.accounts.decorators import staff_required
from community_trigger.agencies.models import Agency
from community_trigger.agencies.selectors import StaffAccess
from community_trigger.audit.models import AuditEntry
from community_trigger.casefile.selectors import (
    CaseView,
    case_form_for,
    case_list_export_for,
    case_list_page_for,
    case_view_for,
)
from community_trigger.cases.exports import cases_csv_chunks
from community_trigger.cases.models import Application, Report, ThresholdDecision
from community_trigger.cases.owners import coordinators_of, owner_shown
from community_trigger.cases.sections import SECTION_WORDS, Section, case_section_url
from community_trigger.cases.selectors import (
    DEFAULT_CASE_SORT,
    case_for_step,
    case_list_agencies_for,
    case_sort_of,
)
from community_trigger.cases.services import TransitionRefused
from community_trigger.cases.services.decisions import (
    DecisionNeedsReasons,
    application_acknowledge,
    threshold_decide,
)
from community_trigger.cases.services.owners import NotACoordinator, OwnerRefused, case_owner_change
from community_trigger.common.forms import GovukDateField, GovukForm
from community_trigger.common.saved_searches import posted_names, search_find, search_save
from community_trigger.common.wording import STATE_WORDS
from community_trigger.domain.access import Capability
from community_trigger.domain.actions import Action, Why
from community_trigger.domain.workflow import State
from community_trigger.notifications.selectors import messages_failed_of
from community_trigger.sharing.forms import InformationAnswerForm, RecordAnswerForm
from community_trigger.sharing.models import InformationRequest
from community_trigger.sharing.selectors import deliveries
from community_trigger.sharing.services import (
    AlreadyAnswered,
    Answer,
    AnswerNotWanted,
    DueDateRefused,
    RecordRefused,
    information_answer,
    information_answer_record,
    information_request_all,
    information_request_due_date_change,
)

PAGE_SIZE = 25


class CaseFilterForm(GovukForm):
    q = forms.CharField(required=False, max_length=100)
    state = forms.ChoiceField(
        required=False, choices=[("", gettext_lazy("Any state"))] + [(s.value, STATE_WORDS[s]) for s in State]
    )
    overdue = forms.BooleanField(required=False)
    agency = forms.ChoiceField(required=False, choices=[])
    owner = forms.ChoiceField(
        required=False, choices=[("", gettext_lazy("Anyone")), ("me", gettext_lazy("Me"))]
    )
    year = forms.IntegerField(
        required=False,
        min_value=2014,
        max_value=2100,
        error_messages={"invalid": gettext_lazy("Enter a year, like 2026")},
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", gettext_lazy("Any agency"))] + [
            (str(agency.pk), agency.name) for agency in agencies
        ]


# The list's filters never travel in a URL: a search may be someone's name. The form posts them, they
# are kept in the session (common.saved_searches), and the list, its pages and its download name only
# the saved search: /staff/cases/?search=<id>.
SEARCH_KIND = "cases"
FILTERS = posted_names(CaseFilterForm)


def _saved_search_url(name: str, search_id: str, *, sort: str = "") -> str:
    """The list (or its download) of the saved search `search_id` (none when empty), in `sort`'s order."""
    query = QueryDict(mutable=True)
    if search_id:
        query["search"] = search_id
    if sort:
        query["sort"] = sort
    return f"{reverse(name)}?{query.urlencode()}" if query else reverse(name)


def _filters_in_url(request: HttpRequest) -> bool:
    """Whether the URL carries filters itself: an old bookmark or link, from before they were saved."""
    return any(field in request.GET for field in FILTERS)


def _saved_filters(request: HttpRequest) -> tuple[QueryDict | None, bool]:
    """The filters of the saved search the URL names (None for none), and whether it named one that
    this session does not have (ended with an earlier session, or someone else's link)."""
    search_id = request.GET.get("search", "")
    if not search_id:
        return None, False
    data = search_find(request, kind=SEARCH_KIND, search_id=search_id)
    return data, data is None


def _filters(request: HttpRequest, data: QueryDict | None) -> tuple[CaseFilterForm, dict[str, Any]]:
    """The filter form, its choice of agencies those of the partnerships this member of staff works in, and
    the filters it holds: none while they are in error (the form says what is wrong)."""
    form = CaseFilterForm(data or None, agencies=case_list_agencies_for(request.user))
    return form, form.cleaned_data if form.is_valid() else {}


def _sort_asked(request: HttpRequest) -> str:
    """The sort the address asks for, as `case_sort_of` reads it: "" for the default."""
    key, descending = case_sort_of(request.GET.get("sort"))
    if (key, descending) == (DEFAULT_CASE_SORT, False):
        return ""
    return f"-{key}" if descending else key


@dataclass(frozen=True)
class SelectedFilter:
    """One filter in use, shown as a tag above the filters (MoJ's filter pattern); following `remove`
    takes it away and keeps the others."""

    heading: str
    text: str
    remove: str


def _selected(
    form: CaseFilterForm, filters: dict[str, Any], *, search_id: str, sort: str
) -> list[SelectedFilter]:
    """The filters in use, each in words, with the address that lists the cases without it."""

    def named(name: str, value: str) -> str:
        field = form.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return str(dict(field.choices).get(value, value))  # type: ignore[arg-type]

    shown: dict[str, tuple[str, Callable[[Any], str]]] = {
        "q": (gettext("Search"), str),
        "state": (gettext("State"), lambda value: named("state", value)),
        "agency": (gettext("Agency"), lambda value: named("agency", value)),
        "owner": (gettext("Owner"), lambda value: named("owner", value)),
        "year": (gettext("Year"), str),
        "overdue": (gettext("Due"), lambda value: gettext("Overdue only")),
    }
    selected = []
    for name in FILTERS:
        value = filters.get(name)
        if value in (None, "", False):
            continue
        query = QueryDict(mutable=True)
        query.update({"search": search_id, "remove": name})
        if sort:
            query["sort"] = sort
        heading, words = shown[name]
        selected.append(
            SelectedFilter(
                heading=heading,
                text=str(words(value)),
                remove=f"{reverse('cases:list')}?{query.urlencode()}",
            )
        )
    return selected


def _without(request: HttpRequest, data: QueryDict, name: str) -> HttpResponse:
    """The list of a new saved search: this one's filters but `name` (a tag removed)."""
    kept = data.copy()
    kept.pop(name, None)
    remaining = [field for field in FILTERS if field != name and kept.getlist(field)]
    if not remaining:
        return redirect(_saved_search_url("cases:list", "", sort=_sort_asked(request)))
    search_id = search_save(request, kind=SEARCH_KIND, data=kept, fields=remaining)
    return redirect(_saved_search_url("cases:list", search_id, sort=_sort_asked(request)))


@staff_required
@require_http_methods(["GET", "POST"])
def case_list(request: HttpRequest) -> HttpResponse:
    """Cases this member of staff may see, soonest deadline first unless sorted otherwise (by the
    server, so that the sort covers every page), with filters and search. Posting the filters saves
    them and comes back to the list of the saved search (post/redirect/get); a filter's tag removes it
    the same way."""
    sort = _sort_asked(request)
    if request.method == "POST" or _filters_in_url(request):
        posted = request.POST if request.method == "POST" else request.GET
        search_id = search_save(request, kind=SEARCH_KIND, data=posted, fields=FILTERS)
        return redirect(_saved_search_url("cases:list", search_id, sort=sort))
    data, search_ended = _saved_filters(request)
    if data is not None and request.GET.get("remove") in FILTERS:
        return _without(request, data, request.GET["remove"])
    form, filters = _filters(request, data)
    page = case_list_page_for(
        request.user, {**filters, "sort": sort}, number=request.GET.get("page"), per_page=PAGE_SIZE
    )
    search_id = request.GET["search"] if data is not None else ""
    key, descending = case_sort_of(sort)
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "today": timezone.localdate(),
            # What the pages, the sort and the download carry: never a filter itself.
            "query": _saved_search_url("cases:list", search_id, sort=sort).partition("?")[2],
            "search_id": search_id,
            "sort": sort,
            "sort_key": key,
            "sort_order": "descending" if descending else "ascending",
            "selected": _selected(form, filters, search_id=search_id, sort=sort),
            "cleared": _saved_search_url("cases:list", "", sort=sort),
            "export_query": QueryDict.fromkeys(["search"], search_id).urlencode() if search_id else "",
            "search_ended": search_ended,
        },
    )


@staff_required
@require_GET
def case_export(request: HttpRequest) -> HttpResponse:
    """The cases the list's saved search picks out, every page of them, as a CSV file; each one exported
    is recorded in the audit log. Filters that do not make sense, or a search that has ended, send the
    user back to the list, which says what is wrong."""
    if _filters_in_url(request):
        search_id = search_save(request, kind=SEARCH_KIND, data=request.GET, fields=FILTERS)
        return redirect(_saved_search_url("cases:export", search_id))
    data, search_ended = _saved_filters(request)
    form, filters = _filters(request, data)
    # Never every case in place of a search that has ended; never a download of filters in error.
    if search_ended or (data is not None and not form.is_valid()):
        return redirect(_saved_search_url("cases:list", request.GET["search"]))
    rows = case_list_export_for(request.user, filters)
    today = timezone.localdate()
    # Sent as it is written: every case of a partnership is too many to hold in memory at once.
    response = StreamingHttpResponse(
        cases_csv_chunks(rows, today=today), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="cases-{today:%Y-%m-%d}.csv"'
    response["Cache-Control"] = "no-store"
    # It streams; the staff decorator's type speaks of the plain response.
    return cast(HttpResponse, response)


def _summary(request: HttpRequest, view: CaseView) -> dict[str, Any]:
    return {
        "safe_contact": view.safe_contact,
        "owner": view.owner,
        "decisions": view.decisions,
        "assessment": view.assessment,
        "diary": view.diary,
        "format_need": view.format_need,
    }


def _information(request: HttpRequest, view: CaseView) -> dict[str, Any]:
    access = StaffAccess(request.user)
    manages = access.can(Capability.MANAGE_CASES, view.case.partnership_id)
    return {
        "answers": view.answers,
        # How each agency receives its request, for the coordinator's warnings.
        "deliveries": deliveries(answer.request for answer in view.answers) if manages else {},
        "can_answer_for": access.agencies_where(Capability.ANSWER_INFORMATION_REQUESTS),
        # Where a document may be added to an answer.
        "documents": view.documents,
    }


def _letters(request: HttpRequest, view: CaseView) -> dict[str, Any]:
    manages = StaffAccess(request.user).can(Capability.MANAGE_CASES, view.case.partnership_id)
    return {
        "letters": view.letters,
        "format_need": view.format_need,
        "can_manage": manages,
        "messages_failed": messages_failed_of(view.case.pk) if manages else [],
    }


# What each section of the case page shows, read from the view only when that section is asked for.
_SECTION_PARTS: dict[Section, Callable[[HttpRequest, CaseView], dict[str, Any]]] = {
    Section.SUMMARY: _summary,
    Section.PEOPLE: lambda request, view: {"people": view.people},
    Section.INCIDENTS: lambda request, view: {"incidents": view.incidents, "related": view.related},
    Section.INFORMATION: _information,
    # With where a document may be added to a meeting.
    Section.REVIEW: lambda request, view: {"review": view.review, "documents": view.documents},
    Section.LETTERS: _letters,
    Section.DOCUMENTS: lambda request, view: {"documents": view.documents},
    Section.HISTORY: lambda request, view: {"events": view.events},
}
_SECTION_TEMPLATES = {section: f"cases/sections/{section.value.split('-')[0]}.html" for section in Section}


def _case_page(request: HttpRequest, reference: str, section: Section) -> HttpResponse:
    """One section of the case page, as this member of staff may see it (`Disclosure` says how much;
    404 for a section they do not have), with the case's identity bar and the sub navigation."""
    words = SECTION_WORDS[section]
    view = case_view_for(
        request.user,
        reference,
        purpose=AuditEntry.Purpose.CASE_PAGE,
        section=section,
        detail="case page" if section == Section.SUMMARY else f"case page: {str(words).lower()}",
    )
    context = {
        "case": view.case,
        "disclosure": view.disclosure,
        "actions": view.actions,
        "frame": view.frame,
        "section_words": words,
        "sections": [
            {
                "words": SECTION_WORDS[shown],
                "url": case_section_url(view.case, shown),
                "current": shown == section,
            }
            for shown in view.sections
        ],
    }
    return render(request, _SECTION_TEMPLATES[section], context | _SECTION_PARTS[section](request, view))


@staff_required
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """The case page's summary: the case at a glance, and the way to its other sections."""
    return _case_page(request, reference, Section.SUMMARY)


@staff_required
@require_GET
def case_section(request: HttpRequest, reference: str, section: str) -> HttpResponse:
    """One of the case page's other sections (people, incidents, information, …)."""
    return _case_page(request, reference, Section(section))


@staff_required
@require_POST
def acknowledge(request: HttpRequest, reference: str) -> HttpResponse:
    case, actions = case_for_step(request.user, reference, Action.ACKNOWLEDGE)
    # Already acknowledged by someone else: the case page shows where it stands.
    if actions[Action.ACKNOWLEDGE]:
        with suppress(TransitionRefused):
            application_acknowledge(application=case, actor=request.user)
    return redirect(case_section_url(reference, Section.SUMMARY))


class ThresholdDecisionForm(GovukForm):
    outcome = forms.ChoiceField(
        choices=ThresholdDecision.Outcome.choices,
        error_messages={
            "required": gettext_lazy("Select the decision"),
            "invalid_choice": gettext_lazy("Select the decision"),
        },
    )
    reasons = forms.CharField(required=False, max_length=5000)


@staff_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, reference: str) -> HttpResponse:
    """Record met / not met / discretionary review, with the engine's answer in view."""
    view = case_form_for(request.user, reference, Action.DECIDE_THRESHOLD, detail="threshold decision")
    case = view.case
    if not view.actions[Action.DECIDE_THRESHOLD]:  # decided meanwhile: the case page shows the decision
        return redirect(case_section_url(reference, Section.SUMMARY))
    form = ThresholdDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            # Decided meanwhile by someone else: the case page shows their decision.
            with suppress(TransitionRefused):
                threshold_decide(
                    application=case,
                    outcome=form.cleaned_data["outcome"],
                    reasons=form.cleaned_data["reasons"],
                    actor=request.user,
                )
            return redirect(case_section_url(reference, Section.SUMMARY))
        except DecisionNeedsReasons:
            form.add_error(
                "reasons",
                "Give the reasons for this decision: it differs from the threshold engine's answer or is "
                "a discretionary review",
            )
    return render(request, "cases/decide.html", {"case": case, "form": form, "assessment": view.assessment})


@staff_required
@require_POST
def request_information(request: HttpRequest, reference: str) -> HttpResponse:
    """Send an information request to every agency of the partnership."""
    case, actions = case_for_step(request.user, reference, Action.REQUEST_INFORMATION)
    # Requested meanwhile by someone else, or not yet decided: the case page shows where it stands.
    if actions[Action.REQUEST_INFORMATION]:
        with suppress(TransitionRefused):
            information_request_all(application=case, actor=request.user)
    return redirect(case_section_url(reference, Section.INFORMATION))


class DueDateForm(GovukForm):
    due_by = GovukDateField(label=gettext_lazy("New due date"))
    reason = forms.CharField(
        max_length=2000, error_messages={"required": gettext_lazy("Say why the due date is changing")}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def request_due_date(request: HttpRequest, reference: str, request_id: int) -> HttpResponse:
    """Give an agency a new date to answer its information request by, saying why."""
    view = case_form_for(request.user, reference, Action.CHANGE_DUE_DATE, detail="information due date")
    case, actions = view.case, view.actions
    asked = case.information_requests.select_related("agency").filter(pk=request_id).first()
    if asked is None:
        raise Http404
    if asked.answered_at is not None or not actions[Action.CHANGE_DUE_DATE]:
        return redirect(case_section_url(reference, Section.INFORMATION))
    form = DueDateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            information_request_due_date_change(
                request=asked,
                due_by=form.cleaned_data["due_by"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
            return redirect(case_section_url(reference, Section.INFORMATION))
        except DueDateRefused as refused:
            form.add_error(refused.field or None, str(refused))
        except AlreadyAnswered:
            return redirect(case_section_url(reference, Section.INFORMATION))
    return render(request, "cases/due_date.html", {"case": case, "asked": asked, "form": form})


def _request_to_answer(request: HttpRequest, case: Application) -> InformationRequest:
    """The request to the officer's agency about this case (`case_form_for` found there is one)."""
    agencies = StaffAccess(request.user).agencies_where(Capability.ANSWER_INFORMATION_REQUESTS)
    asked = case.information_requests.select_related("agency", "application").filter(agency_id__in=agencies)
    return asked.order_by("pk")[0]


def _answer_not_wanted(request: HttpRequest, asked: InformationRequest) -> HttpResponse:
    """The page that says the case no longer takes the agency's answer, in place of its form."""
    return render(
        request,
        "cases/answer_not_wanted.html",
        {"asked": asked, "case": asked.application, "sent": request.method == "POST"},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, reference: str) -> HttpResponse:
    """An agency officer answers their agency's information request."""
    view = case_form_for(
        request.user, reference, Action.ANSWER_REQUEST, detail="agency answer", hidden_unless_asked=True
    )
    asked = _request_to_answer(request, view.case)
    step = view.actions[Action.ANSWER_REQUEST]
    if step.why == Why.ALREADY_ANSWERED:
        return redirect(case_section_url(reference, Section.INFORMATION))
    if step.why == Why.WITHDRAWN:
        return _answer_not_wanted(request, asked)
    form = InformationAnswerForm(
        request.POST if request.method == "POST" else None, reports=_reports_to(asked)
    )
    if request.method == "POST" and form.is_valid():
        try:
            information_answer(
                request=asked,
                checks=form.checks(),
                action_taken=form.cleaned_data["action_taken"],
                outcome=form.cleaned_data["outcome"],
                other_history=form.cleaned_data["other_history"],
                risk=form.cleaned_data["risk"],
                risk_sensitive=form.cleaned_data["risk_sensitive"],
                actor=request.user,
            )
        except AlreadyAnswered:  # a colleague answered meanwhile: the case page shows theirs
            pass
        except AnswerNotWanted:  # the applicant withdrew while the answer was being written
            return _answer_not_wanted(request, asked)
        return redirect(case_section_url(reference, Section.INFORMATION))
    return render(request, "cases/answer.html", {"asked": asked, "case": asked.application, "form": form})


class OwnerChangeForm(GovukForm):
    """Who the case goes to, among the partnership's coordinators, and why."""

    owner = forms.ChoiceField(
        choices=[], error_messages={"required": gettext_lazy("Select the coordinator to give the case to")}
    )
    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": gettext_lazy("Enter why the case is changing owner")},
    )

    def __init__(self, *args: Any, coordinators: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(user.pk), user.get_full_name() or user.get_username()) for user in coordinators]
        field.error_messages["invalid_choice"] = gettext_lazy("Select one of the partnership's coordinators")


# What the file attached to a recorded answer most likely is, from how the answer came.
_ATTACHED = {"email": "email", "letter": "letter", "phone": "other", "meeting": "other"}


def _reports_to(asked: InformationRequest) -> list[Report]:
    """The reports the applicant listed against the asked agency, which its answer checks one by one."""
    return list(
        Report.objects.filter(incident__application=asked.application, agency=asked.agency)
        .select_related("incident", "person")
        .order_by("incident__position", "position")
    )


@staff_required
@require_http_methods(["GET", "POST"])
def owner_change(request: HttpRequest, reference: str) -> HttpResponse:
    """Give the case to another of the partnership's coordinators, saying why; they are told by email."""
    view = case_form_for(request.user, reference, Action.CHANGE_OWNER, detail="case owner")
    case = view.case
    coordinators = [user for user in coordinators_of(case.partnership_id) if user.pk != case.owner_id]
    form = OwnerChangeForm(request.POST if request.method == "POST" else None, coordinators=coordinators)
    if request.method == "POST" and form.is_valid():
        chosen = next(user for user in coordinators if str(user.pk) == form.cleaned_data["owner"])
        try:
            case_owner_change(
                application=case, owner=chosen, reason=form.cleaned_data["reason"], actor=request.user
            )
        except NotACoordinator as refused:
            form.add_error("owner", str(refused))
        except OwnerRefused as refused:
            form.add_error(None, str(refused))
        else:
            return redirect(case_section_url(reference, Section.SUMMARY))
    return render(
        request, "cases/owner_change.html", {"case": case, "owner": owner_shown(case), "form": form}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def record_answer(request: HttpRequest, reference: str, request_id: int) -> HttpResponse:
    """The coordinator records an answer an agency sent by email, phone or letter, or gave at a
    meeting: who sent it, when and how, and what it says."""
    view = case_form_for(request.user, reference, Action.RECORD_ANSWER, detail="recorded agency answer")
    case = view.case
    asked = case.information_requests.select_related("agency", "application").filter(pk=request_id).first()
    if asked is None:
        raise Http404
    if asked.answered_at is not None or not view.actions[Action.RECORD_ANSWER]:
        return redirect(case_section_url(reference, Section.INFORMATION))
    form = RecordAnswerForm(request.POST if request.method == "POST" else None, reports=_reports_to(asked))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        received_on = data["received_on"]
        today = timezone.localdate()
        received_at = (
            timezone.now()
            if received_on == today
            else timezone.make_aware(datetime.combine(received_on, time(12)))
        )
        try:
            response = information_answer_record(
                request=asked,
                answer=Answer(**form.answer_values()),
                sender_name=data["sender_name"],
                sender_role=data["sender_role"],
                received_via=data["received_via"],
                received_at=received_at,
                actor=request.user,
            )
        except RecordRefused as refused:
            form.add_error(refused.field or None, str(refused))
        except (AlreadyAnswered, AnswerNotWanted):  # answered meanwhile, or withdrawn: the case page says
            return redirect(case_section_url(reference, Section.INFORMATION))
        else:
            if data["attach"] == "yes":
                attach = reverse("documents:add_to_answer", args=[reference, response.pk])
                return redirect(
                    f"{attach}?{QueryDict.fromkeys(['kind'], _ATTACHED[data['received_via']]).urlencode()}"
                )
            return redirect(case_section_url(reference, Section.INFORMATION))
    return render(request, "cases/record_answer.html", {"asked": asked, "case": case, "form": form})
