"""Reads for cases. Every list, search, page and export starts from `case_list_for`: the one place
that answers "which cases may this user see"."""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import reduce
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, Model, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from community_trigger.agencies.models import Agency
from community_trigger.agencies.selectors import StaffAccess
from community_trigger.cases.models import Application, Incident, Person, PersonRole, Report
from community_trigger.common.search_keys import (
    CLOSE_ENOUGH,
    closeness,
    is_outward_code,
    postcode_format,
    postcode_key,
    text_key,
    uprn_clean,
    words_of,
)
from community_trigger.common.wording import next_step_words
from community_trigger.domain import recommendations as rules
from community_trigger.domain.access import Capability
from community_trigger.domain.actions import (
    Action,
    Actions,
    Asked,
    Availability,
    CaseFacts,
    Standing,
    Why,
    rulebook,
)
from community_trigger.domain.workflow import State

if TYPE_CHECKING:
    # Information sharing builds on cases, not the other way round: its models are named here only to
    # describe what a case's disclosure cuts.
    from community_trigger.sharing.models import InformationRequest, ReportCheck

_Row = TypeVar("_Row", bound=Model)


def _related_model(model: type[Model], relation: str) -> type[Model]:
    """The model at the other end of `model`'s reverse relation `relation`, read from the relation
    rather than imported: the apps that build on cases (sharing, reviews) are not imported here."""
    related = model._meta.get_field(relation).related_model
    assert isinstance(related, type)
    assert issubclass(related, Model)
    return related


def case_list_for(
    user: AbstractBaseUser | AnonymousUser, *, partnership_id: int | None = None
) -> QuerySet[Application]:
    """The cases `user` may see (in `partnership_id` only, when given): all of a partnership's for its
    coordinator, panel chair and auditor; for an agency officer, only the cases their agency has been
    asked about or given a recommendation on. Nothing for anyone else.

    Each case appears once without de-duplicating anything: the agency's branches are `EXISTS`
    sub-queries, not joins, and only the branches the user's roles need are asked at all (a
    coordinator's list is their partnership's cases, read straight from its indexes)."""
    access = StaffAccess(user)
    whole = access.partnerships_where(Capability.SEE_ALL_PARTNERSHIP_CASES)
    asked = access.agencies_where(Capability.SEE_REQUESTED_CASES)
    branches: list[Q | Exists] = []
    if whole:
        branches.append(Q(partnership_id__in=whole))
    if asked:
        requests = _related_model(Application, "information_requests")
        meetings = _related_model(Application, "meetings")
        recommendations = _related_model(meetings, "recommendations")
        branches.append(
            Exists(requests._default_manager.filter(application=OuterRef("pk"), agency_id__in=asked))
        )
        branches.append(
            Exists(
                recommendations._default_manager.filter(
                    meeting__application=OuterRef("pk"), agency_id__in=asked
                )
            )
        )
    if not branches:
        return Application.objects.none()
    # Every case a person may see is in a partnership they hold a role in: said outright, so that even
    # an agency officer's list is read from its partnership's indexes in the order asked.
    cases = Application.objects.filter(reduce(operator.or_, branches), partnership_id__in=list(access.roles))
    if partnership_id is not None:
        cases = cases.filter(partnership_id=partnership_id)
    return cases


def case_list_agencies_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Agency]:
    """The agencies a member of staff may filter their case list by: those of the partnerships they
    hold a role in, read from the partnership, never from the cases (which would read every case)."""
    return Agency.objects.filter(partnership_id__in=list(StaffAccess(user).roles)).order_by("name", "pk")


@dataclass(frozen=True)
class CaseRow:
    """One case in the case list and its CSV file: only what everyone who may see the case at all may
    see of it (see `Disclosure`), so that neither can show more than the least of them may."""

    reference: str
    partnership_name: str
    applicant_name: str
    state: str  # the stored state, for `state_words`
    public_state: str
    next_step: str  # empty once nothing is due
    due_by: date | None
    submitted_at: datetime
    channel: str  # how it was received, in words

    @classmethod
    def of(cls, case: Application) -> CaseRow:
        """`case`, annotated with `applicant_name` (as `case_list_matching` gives it), as a row."""
        due = case.due_by
        return cls(
            reference=case.reference,
            partnership_name=case.partnership.name,
            applicant_name=getattr(case, "applicant_name", "") or "",
            state=case.state,
            public_state=str(case.public_state),
            next_step=(next_step_words(case.state) or "") if due else "",
            due_by=due,
            submitted_at=case.submitted_at,
            channel=str(case.get_channel_display()),
        )


# The search, for 100,000 cases. The database narrows first, on what it can look up: the reference;
# people's names, addresses, emails and postcodes; the incidents' locations; the agencies' references
# (reports' and answers'); and the places and alleged perpetrators, through their keys (lowercase
# letters and digits, postcodes without spaces; common.search_keys), indexed (on PostgreSQL, parts of
# words through pg_trgm's trigram indexes, cases 0024). Each source is its own sub-query on case ids,
# joined in one UNION, so no join multiplies the rows. When that finds nothing the search may be
# misspelt ("Smyth" for "Smith", "Hight Street"): then a bounded set of candidates (names and
# addresses sharing the first two letters of a word of the search, the newest FUZZY_CANDIDATES of each
# source among the cases the user may see) is scored with rapidfuzz (`closeness`), and those close
# enough are the results. A misspelling in the first two letters is not found.
FUZZY_CANDIDATES = 1000
# Where a misspelt name or address is looked for: what the database narrows on, and what is compared.
_MISSPELT_IN = (
    ("people__name__icontains", "people__name"),
    ("people__address__icontains", "people__address"),
    ("alleged_perpetrators__name_key__contains", "alleged_perpetrators__names"),
    ("places__address_key__contains", "places__address"),
)


def _exactly(term: str) -> QuerySet[Any]:
    """The ids of the cases the database finds for `term` as typed (give or take case, spaces and
    punctuation): one `UNION` of each source's case ids, each source read from its own index (on
    PostgreSQL, trigram indexes for the parts of a reference, a name, an address or a location), never
    an OR across joins that would read every case."""
    key = text_key(term)
    postcode = postcode_format(term)
    # Each of a person's fields is a source of its own: an OR across them would read every person.
    people = [Q(name__icontains=term), Q(address__icontains=term), Q(email__iexact=term)]
    places = [Q(address_key__contains=key)] if key else []
    perpetrators = [Q(name_key__contains=key), Q(address_key__contains=key)] if key else []
    if postcode:
        people.append(Q(postcode__iexact=postcode))
        places.append(Q(postcode_key=postcode_key(postcode)))
        perpetrators.append(Q(postcode_key=postcode_key(postcode)))
    elif is_outward_code(term):
        # "SO51" is the area of every SO51 postcode, not of SO5's.
        area = f"{postcode_key(term)} "
        people.append(Q(postcode__istartswith=area))
        places.append(Q(postcode__istartswith=area))
    uprn = uprn_clean(term)
    if uprn and len(uprn) >= 6:
        places.append(Q(uprn=uprn))
    requests = _related_model(Application, "information_requests")
    place = _related_model(Application, "places")
    perpetrator = _related_model(Application, "alleged_perpetrators")
    sources: list[QuerySet[Any]] = [
        Application.objects.filter(reference__icontains=term).values_list("pk"),
        *(Person.objects.filter(found).values_list("application_id") for found in people),
        Incident.objects.filter(location__icontains=term).values_list("application_id"),
        Report.objects.filter(reference__iexact=term).values_list("incident__application_id"),
        # The agencies' own references, in their answers (sharing's ReportCheck, read by its relation).
        requests._default_manager.filter(response__checks__their_reference__iexact=term).values_list(
            "application_id"
        ),
        *(place._default_manager.filter(found).values_list("application_id") for found in places),
        *(perpetrator._default_manager.filter(found).values_list("application_id") for found in perpetrators),
    ]
    first, *rest = sources
    return first.order_by().union(*(source.order_by() for source in rest))


def _closely(visible: QuerySet[Application], term: str) -> set[int]:
    """The ids of cases among `visible` with a name or address close to `term` typed differently."""
    # Only words: a reference, a postcode or a number is looked up as typed, never guessed at.
    words = [word for word in words_of(term) if len(word) >= 3 and word.isalpha()]
    if len(text_key(term)) < 4 or not words:
        return set()
    starts = [word[:2] for word in words]
    ids = visible.values("pk")
    found: set[int] = set()
    for looked_up, shown in _MISSPELT_IN:
        rows = (
            Application.objects.filter(pk__in=ids)
            .filter(_any(looked_up, starts))
            .order_by("-pk")
            .values_list("pk", shown)[:FUZZY_CANDIDATES]
        )
        found |= {case_id for case_id, text in rows if text and closeness(term, text) >= CLOSE_ENOUGH}
    return found


def _any(lookup: str, values: Iterable[str]) -> Q:
    """`lookup` matching any of `values`."""
    either = Q(pk__in=[])
    for value in values:
        either |= Q(**{lookup: value})
    return either


def with_applicant_name(cases: QuerySet[Application]) -> QuerySet[Application]:
    """`cases`, each with its applicant's name as `applicant_name` (what `CaseRow` reads)."""
    # Ordered by position alone: a person's default order would join their case for every row.
    applicant_name = (
        Person.objects.filter(application=OuterRef("pk"), role=PersonRole.APPLICANT)
        .order_by("position")
        .values("name")[:1]
    )
    return cases.annotate(applicant_name=Subquery(applicant_name)).select_related("partnership")


# What the case list sorts by: each key an indexed column (the reference is unique; the state and the
# received time have indexes of their own with the id, the due date one of its own), so a page of
# 100,000 cases is read from an index, not sorted whole. The id breaks ties the same way round.
CASE_SORTS = {
    "reference": "reference",
    "state": "state",
    "due": "due_by",
    "received": "submitted_at",
}
DEFAULT_CASE_SORT = "due"


def case_sort_of(value: object) -> tuple[str, bool]:
    """The sort a case list's `sort` value asks for, as (key, descending): "due" is soonest first,
    "-due" latest first. Anything else is the default, soonest deadline first."""
    text = str(value or "")
    key = text.removeprefix("-")
    if key not in CASE_SORTS:
        return DEFAULT_CASE_SORT, False
    return key, text.startswith("-")


def _case_ordering(sort: object) -> list[Any]:
    key, descending = case_sort_of(sort)
    column = F(CASE_SORTS[key])
    # Cases with nothing due (closed, withdrawn) last either way round, on every database. Only the
    # due date is ever empty: the other keys are sorted plainly, so that their indexes read backwards
    # serve the reverse order.
    if key == "due":
        first = column.desc(nulls_last=True) if descending else column.asc(nulls_last=True)
    else:
        first = column.desc() if descending else column.asc()
    ties = ["-pk"] if descending else ["pk"]
    if key == "due":
        # Among cases due the same day, the longest waiting first (reversed with the rest).
        ties = ["-submitted_at", "-pk"] if descending else ["submitted_at", "pk"]
    return [first, *ties]


def case_list_matching(
    user: AbstractBaseUser | AnonymousUser, filters: Mapping[str, Any], *, first: int | None = None
) -> QuerySet[Application]:
    """The cases `user` may see that the case list's filters pick out (each optional: `q`, a reference,
    a name, an address, a postcode or an agency's reference, or a name or address misspelt (see above);
    `state`; `overdue`; `agency`, asked or reported to; `year`; `owner`, "me" for the user's own), in
    the order `sort` asks (`case_sort_of`: soonest deadline first unless asked otherwise), each with
    its applicant's name as `applicant_name`.

    With `first` (a list that pages through only its first rows, `BoundedPaginator`), a search keeps
    the first `first` cases it finds in that order, looked up once: the count and the page then read
    them by id, and never search again."""
    cases = case_list_for(user)
    if filters.get("state"):
        cases = cases.filter(state=filters["state"])
    if filters.get("overdue"):
        cases = cases.filter(due_by__lt=timezone.localdate())
    if filters.get("agency"):
        agency = filters["agency"]
        requests = _related_model(Application, "information_requests")
        cases = cases.filter(
            Exists(requests._default_manager.filter(application=OuterRef("pk"), agency_id=agency))
            | Exists(Report.objects.filter(incident__application=OuterRef("pk"), agency_id=agency))
        )
    if filters.get("year"):
        cases = cases.filter(year=filters["year"])
    if filters.get("owner") == "me":
        cases = cases.filter(owner_id=user.pk)
    ordering = _case_ordering(filters.get("sort"))
    term = " ".join(str(filters.get("q") or "").split())
    if term:
        found = cases.filter(pk__in=_exactly(term))
        if first is not None:
            ids = list(found.order_by(*ordering).values_list("pk", flat=True)[:first])
            # Nothing as typed, so perhaps it was misspelt: the close ones. Either way they are ids of
            # cases the user may see that the filters pick out, so they are not asked about again.
            cases = Application.objects.filter(pk__in=ids or _closely(cases, term))
        elif found.exists():
            cases = found
        else:
            cases = cases.filter(pk__in=_closely(cases, term))
    return with_applicant_name(cases).order_by(*ordering)


def case_get_for(user: AbstractBaseUser | AnonymousUser, reference: str) -> Application:
    """The case with `reference` if `user` may see it; 404 otherwise, so nobody learns it exists."""
    case = case_list_for(user).select_related("partnership").filter(reference=reference).first()
    if case is None:
        raise Http404
    return case


def case_to_act_on(
    user: AbstractBaseUser | AnonymousUser, reference: str, capability: Capability
) -> Application:
    """The case, for someone whose role lets them do this to it: 404 if they cannot see it, so nobody
    learns it exists; 403 if they can see it but their role does not allow this (an auditor, say)."""
    case = case_get_for(user, reference)
    if not StaffAccess(user).can(capability, case.partnership_id):
        raise PermissionDenied
    return case


@dataclass(frozen=True)
class AnswerShown:
    """One agency's information request with its answer cut to what one viewer may read: the parts
    they may not read are empty, and `risk_withheld` says a risk note marked sensitive was left out.
    Templates read the answer from these fields, never from `request.response`."""

    request: InformationRequest
    checks: list[ReportCheck]
    action_taken: str
    outcome: str
    other_history: str
    risk: str
    risk_withheld: bool


@dataclass(frozen=True)
class Disclosure:
    """How much of one case one member of staff may see: every page, pack, letter list and export of
    a case asks this, and nothing else, what to show.

    The coordinator and the panel chair see the whole case. The auditor sees it too, except the risk
    notes an agency marked sensitive. An agency officer sees what their agency needs to search its
    records and answer: the people and their contact details, the incidents, the reports made to
    their own agency, the threshold decision (not its reasons), and their own agency's request and
    whole answer, its sensitive risk note included; not what was reported to other agencies or their
    answers, the engine's assessment, the reasons for decisions or for not inviting the victim, the
    applicant's own account of the impact on them, their vulnerability and the support they want,
    or the letters sent.

    In the meeting pack (`at_meeting`), an agency officer on the panel also reads what every agency
    did and what came of it (each answer's "action taken" and "outcome"), because the panel reviews
    the partnership's joint response, and another agency's risk note that it did not mark sensitive
    (a sensitive one is only said to exist: the chair has it). They still do not read another
    agency's report checks or other history, and the pack, a document that may be printed, leaves
    out the people's addresses, emails and phone numbers, which they need at their desk, not at the
    meeting.

    The case list and its CSV file show, for each case someone may see at all, only what every such
    person may see: its reference, partnership, applicant's name, state, next step and dates.
    """

    whole_case: bool
    sensitive: bool
    correspondence: bool
    own_agencies: frozenset[int]
    at_meeting: bool = False

    @property
    def applicants_account(self) -> bool:
        """The impact on them, their vulnerability and the support they want, in their own words."""
        return self.whole_case

    @property
    def contact_details(self) -> bool:
        return self.whole_case or not self.at_meeting

    @property
    def places(self) -> bool:
        """Where the incidents happen, as recorded by the coordinator: everyone who may see the case,
        as they see the incidents' locations."""
        return True

    @property
    def alleged_perpetrators(self) -> bool:
        """Who is said to be responsible: the whole case's readers, and an agency asked about the case
        at their desk, because checking its own records (a tenancy, a call-out, a crime report) about
        the behaviour needs the name; not in the meeting pack, a document that may be printed. Never
        the applicant or anyone outside the partnership: nothing they receive reads it."""
        return self.whole_case or not self.at_meeting

    @property
    def links(self) -> bool:
        """Why the coordinator linked this case to another: it may tell about the other case."""
        return self.whole_case

    @property
    def assessment(self) -> bool:
        """The threshold engine's assessment, criterion by criterion."""
        return self.whole_case

    @property
    def decision_reasons(self) -> bool:
        return self.whole_case

    @property
    def event_reasons(self) -> bool:
        """Why each step of the timeline was taken, as written at the time."""
        return self.whole_case

    @property
    def due_date_changes(self) -> bool:
        """Who gave an agency more time to answer, and why."""
        return self.whole_case

    @property
    def not_invited_reason(self) -> bool:
        """Why the victim was not invited to the meeting (often about their health or safety)."""
        return self.whole_case

    @property
    def meeting_record(self) -> bool:
        """The meeting's record, its changes, the action plan and the applicant's comments on it,
        and any escalation."""
        return self.whole_case

    def reports(self, reports: QuerySet[Report]) -> QuerySet[Report]:
        return reports if self.whole_case else reports.filter(agency_id__in=self.own_agencies)

    def requests(self, requests: QuerySet[InformationRequest]) -> QuerySet[InformationRequest]:
        if self.whole_case or self.at_meeting:
            return requests
        return requests.filter(agency_id__in=self.own_agencies)

    def answers(self, requests: Iterable[InformationRequest]) -> list[AnswerShown]:
        """`requests` (already cut by `requests`, with their responses) as this viewer reads them."""
        return [self._answer(request) for request in requests]

    def letters(self, letters: QuerySet[_Row]) -> QuerySet[_Row]:
        return letters if self.correspondence else letters.none()

    def _answer(self, request: InformationRequest) -> AnswerShown:
        response = request.response if request.answered_at is not None else None
        if response is None:
            return AnswerShown(request, [], "", "", "", "", risk_withheld=False)
        own = request.agency_id in self.own_agencies
        whole = self.whole_case or own
        summary = whole or self.at_meeting
        readable_risk = summary and (not response.risk_sensitive or self.sensitive or own)
        return AnswerShown(
            request,
            checks=list(response.checks.all()) if whole else [],
            action_taken=response.action_taken if summary else "",
            outcome=response.outcome if summary else "",
            other_history=response.other_history if whole else "",
            risk=response.risk if readable_risk else "",
            risk_withheld=bool(response.risk) and not readable_risk,
        )


def case_disclosure_for(
    user: AbstractBaseUser | AnonymousUser, case: Application, *, at_meeting: bool = False
) -> Disclosure:
    """What `user` may see of `case` (see `Disclosure`); `at_meeting` for the pack of a meeting
    whose panel they sit on."""
    access = StaffAccess(user)
    partnership = case.partnership_id
    return Disclosure(
        whole_case=access.can(Capability.SEE_ALL_PARTNERSHIP_CASES, partnership),
        sensitive=access.can(Capability.SEE_SENSITIVE_INFORMATION, partnership),
        correspondence=access.can(Capability.SEE_CORRESPONDENCE, partnership),
        own_agencies=frozenset(access.agencies_where(Capability.SEE_REQUESTED_CASES)),
        at_meeting=at_meeting,
    )


@dataclass(frozen=True)
class CaseActions:
    """The rulebook's answer (domain/actions.py) for one person on one case now, with the facts it was
    given. Templates read each step by name (`actions.close.available`); views refuse what is not
    available, answering each reason in their own way."""

    facts: CaseFacts
    standing: Standing
    steps: Actions
    # The case's latest meeting, the one the steps about a meeting are about; None before one.
    meeting_id: int | None

    def __getitem__(self, action: str) -> Availability:
        return self.steps[action]

    def refusal(self, action: Action) -> str:
        """Why `action` is not available, in the reader's language; empty when it is."""
        reason = self.steps[action].reason
        return gettext(reason) if reason else ""

    def refusal_of(self, step: Availability) -> str:
        """Why `step` (one of these, perhaps about a meeting) is not available, in the reader's language."""
        return gettext(step.reason) if step.reason else ""

    def about_meeting(self, action: Action, meeting_id: int) -> Availability:
        """`action` on the meeting `meeting_id`: only the latest meeting takes the review's steps."""
        if meeting_id != self.meeting_id:
            return Availability(reasons=(*self.steps[action].reasons, Why.NOT_AT_THIS_STEP))
        return self.steps[action]


def _capabilities(user: AbstractBaseUser | AnonymousUser, partnership_id: int) -> frozenset[Capability]:
    access = StaffAccess(user)
    return frozenset(capability for capability in Capability if access.can(capability, partnership_id))


def case_for_step(
    user: AbstractBaseUser | AnonymousUser, reference: str, action: Action
) -> tuple[Application, CaseActions]:
    """The case, with its rulebook, for someone whose role may take `action` on it: 404 if they cannot
    see it, so nobody learns it exists; 403 if their role never takes that step. Whether the step is
    available now is the caller's to answer, from the rulebook."""
    case = case_get_for(user, reference)
    actions = case_actions_for(user, case)
    if actions[action].why == Why.NOT_YOUR_ROLE:
        raise PermissionDenied
    return case, actions


def took_part(user: Any, case: Application) -> bool:
    """Whether `user` chaired, sat on or recorded any of the case's review meetings, or made its
    threshold decision: such a person may not decide its escalation."""
    if user is None or user.pk is None:
        return False
    meetings = case.meetings.filter(Q(chair=user) | Q(panel=user) | Q(recorded_by=user))
    return meetings.exists() or case.decisions.filter(decided_by=user).exists()


def case_actions_for(
    user: AbstractBaseUser | AnonymousUser,
    case: Application,
    *,
    applicant: bool = False,
    now: datetime | None = None,
) -> CaseActions:
    """What `user` may do to `case` now, and why not the rest, read from the database once. The
    applicant, who follows the case from their status page without signing in, is `applicant` (with
    an anonymous `user`)."""
    now = now or timezone.now()
    meeting = case.meetings.order_by("-starts_at", "-pk").first()
    statuses = [
        rules.Status(status)
        for status in case.meetings.exclude(recommendations=None).values_list(
            "recommendations__status", flat=True
        )
    ]
    latest = (
        [rules.Status(s) for s in meeting.recommendations.values_list("status", flat=True)] if meeting else []
    )
    facts = CaseFacts(
        state=State(case.state),
        requests_unanswered=case.information_requests.filter(answered_at__isnull=True).count(),
        meeting=meeting is not None,
        meeting_started=meeting is not None and meeting.starts_at <= now,
        meeting_held=meeting is not None and meeting.held,
        recommendations=len(latest),
        recommendations_proposed=latest.count(rules.Status.PROPOSED),
        plan_shared=meeting is not None and meeting.plan_shared_at is not None,
        comments_recorded=meeting is not None and meeting.comments_recorded_at is not None,
        plan_final=meeting is not None and meeting.plan_final_at is not None,
        recommendations_open=len(rules.open_recommendations(statuses)),
        escalation_undecided=case.escalations.filter(decided_at__isnull=True).exists(),
    )
    access = StaffAccess(user)
    answering = access.agencies_where(Capability.ANSWER_INFORMATION_REQUESTS)
    own = case.information_requests.filter(agency_id__in=answering).order_by("pk").first()
    movable = [
        (agency_id, rules.Status(status))
        for agency_id, status in case.meetings.exclude(recommendations=None).values_list(
            "recommendations__agency_id", "recommendations__status"
        )
        if rules.MOVES[rules.Status(status)]
    ]
    signed_in = user.pk if user.is_authenticated else None
    standing = Standing(
        capabilities=_capabilities(user, case.partnership_id),
        applicant=applicant,
        chairs_meeting=meeting is not None and signed_in is not None and meeting.chair_id == signed_in,
        took_part=took_part(user if signed_in else None, case),
        own_request=Asked.NOT_ASKED if own is None else Asked.ANSWERED if own.answered_at else Asked.OPEN,
        own_recommendations_movable=any(agency in answering for agency, _ in movable),
        recommendations_movable=bool(movable),
    )
    return CaseActions(
        facts=facts,
        standing=standing,
        steps=rulebook(facts, standing),
        meeting_id=meeting.pk if meeting else None,
    )
