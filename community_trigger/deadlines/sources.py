"""Where due items come from: one function per kind of thing that falls due on a case.

Each source finds its rows in a Scope (whose cases, and how much of them) as one query, and turns
rows into DueItems in one or two more, however many items there are. The "Due and overdue" page
lists every source's rows together in the database (one UNION ALL, ordered and paged there) and
builds DueItems only for the page it shows. To add a kind, write one more pair of such functions and
list them in SOURCES: the page, its filter and the reminder emails take it from there.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community_trigger.agencies.selectors import StaffAccess
from community_trigger.cases.models import Application
from community_trigger.cases.selectors import case_list_for
from community_trigger.common.calendar import working_days_left
from community_trigger.common.wording import next_step_words
from community_trigger.datarequests.models import CLOSED as DATA_REQUEST_CLOSED
from community_trigger.datarequests.models import DataRequest
from community_trigger.domain import recommendations as rules
from community_trigger.domain.access import Capability
from community_trigger.domain.deadlines import ANSWERS_WANTED, NEXT_STEP
from community_trigger.notifications.models import Message
from community_trigger.notifications.selectors import messages_failed as undelivered
from community_trigger.reviews.models import Recommendation
from community_trigger.sharing.models import InformationRequest
from community_trigger.sharing.selectors import Delivery, deliveries

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


_Row = TypeVar("_Row", bound=Model)


@dataclass(frozen=True, slots=True)
class Responsible:
    """Who must do it: in words for the page, and as a capability question for the reminders (whose
    role in the partnership, or at the agency when there is one, grants `capability`). When one
    person is named (a recommendation's owner), the reminders go to them alone while they may still
    do it, and to everyone who may otherwise."""

    name: str
    capability: Capability
    partnership_id: int
    agency_id: int | None = None
    person_id: int | None = None


@dataclass(frozen=True, slots=True)
class DueItem:
    """One thing with a deadline on a case, as of one day."""

    kind: str
    # Stable for as long as it is the same thing to do: the reminders are recorded against it.
    key: str
    # None for what is due on no case (a data request: `reference` is then the request's).
    case: Application | None
    reference: str
    what: str
    due_on: date
    # Negative once overdue: -2 is two working days late.
    working_days_left: int
    overdue: bool
    due_today: bool
    responsible: Responsible
    # The page where it is done, from the site's root.
    path: str
    # What the coordinator should know about it: an agency that cannot answer in the service.
    warning: str = ""

    @property
    def working_days_overdue(self) -> int:
        return max(0, -self.working_days_left)


@dataclass(frozen=True)
class Scope:
    """Whose due items: the cases someone may see, and in which partnerships they see all of a case's
    work rather than only their own agency's part. `partnerships` is None for the reminders job, which
    looks at every partnership on behalf of no one user."""

    cases: QuerySet[Application]
    partnerships: Collection[int] | None = None
    agencies: Collection[int] = ()
    # The "Due and overdue" page's filters, applied by each source in its query: items on cases this
    # user owns or named to them (`mine`); items an agency is to do (`agency`: a case's own steps and
    # messages are the partnership's, never an agency's); items due before `due_before` (overdue).
    mine: int | None = None
    agency: int | None = None
    due_before: date | None = None
    # The partnerships whose data requests they handle (None: every partnership's, for the job).
    data_requests: Collection[int] | None = None

    @classmethod
    def of(cls, user: AbstractBaseUser | AnonymousUser) -> Scope:
        """What `user` may see, from the one access selector."""
        access = StaffAccess(user)
        return cls(
            cases=case_list_for(user),
            partnerships=access.partnerships_where(Capability.SEE_ALL_PARTNERSHIP_CASES),
            agencies=access.agencies_where(Capability.SEE_REQUESTED_CASES),
            data_requests=access.partnerships_where(Capability.HANDLE_DATA_REQUESTS),
        )

    @classmethod
    def everywhere(cls) -> Scope:
        return cls(cases=Application.objects.all())

    def narrowed(
        self,
        rows: QuerySet[_Row],
        *,
        owner: str,
        due: str,
        agency: str | None = None,
        person: str | None = None,
    ) -> QuerySet[_Row]:
        """`rows` cut by the page's filters, given the field paths to the case's owner, the due date,
        and (where the item has them) the agency that is to do it and the person named to."""
        if self.mine is not None:
            own = Q(**{owner: self.mine})
            if person is not None:
                own |= Q(**{person: self.mine})
            rows = rows.filter(own)
        if self.agency is not None:
            rows = rows.filter(**{agency: self.agency}) if agency is not None else rows.none()
        if self.due_before is not None:
            rows = rows.filter(**{f"{due}__lt": self.due_before})
        return rows

    def covers(self, *, partnership: str, agency: str | None = None) -> Q:
        """A filter for rows in this scope: those of a partnership it sees whole, or (given the field
        path to an agency) those of one of its own agencies."""
        if self.partnerships is None:
            return Q()
        covered = Q(**{f"{partnership}__in": list(self.partnerships)})
        if agency is not None:
            covered |= Q(**{f"{agency}__in": list(self.agencies)})
        return covered


def _item(
    *,
    kind: str,
    key: str,
    case: Application | None,
    what: str,
    due_on: date,
    responsible: Responsible,
    today: date,
    warning: str = "",
    reference: str = "",
    path: str = "",
) -> DueItem:
    """A due item on `case` (its reference and page), or on no case, given its `reference` and `path`."""
    return DueItem(
        kind=kind,
        key=key,
        case=case,
        reference=case.reference if case is not None else reference,
        what=what,
        due_on=due_on,
        working_days_left=working_days_left(due_on, today),
        overdue=due_on < today,
        due_today=due_on == today,
        responsible=responsible,
        path=reverse("cases:detail", args=[case.reference]) if case is not None else path,
        warning=warning,
    )


CASE_STEP = "case_step"
INFORMATION_REQUEST = "information_request"
RECOMMENDATION = "recommendation"
MESSAGE = "message"
DATA_REQUEST = "data_request"


def _case_step_rows(scope: Scope) -> QuerySet[Application]:
    # Only those who see a partnership's cases whole see its steps: an agency officer's part of a case
    # is their agency's answer. A state with nothing due keeps no due date, but a stray one is left out.
    cases = Application.objects.filter(
        pk__in=scope.cases.values("pk"), due_by__isnull=False, state__in=[state.value for state in NEXT_STEP]
    ).filter(scope.covers(partnership="partnership_id"))
    return scope.narrowed(cases, owner="owner_id", due="due_by")


def _case_step_items(rows: QuerySet[Application], today: date) -> list[DueItem]:
    """Each case's next step, due on `Application.due_by`, for the partnership's coordinators."""
    items = []
    for case in rows.select_related("partnership"):
        what = next_step_words(case.state)
        if what is None or case.due_by is None:
            continue
        items.append(
            _item(
                kind=CASE_STEP,
                key=f"{CASE_STEP}:{case.pk}:{case.state}",
                case=case,
                what=what,
                due_on=case.due_by,
                responsible=Responsible(
                    name=case.partnership.name,
                    capability=Capability.MANAGE_CASES,
                    partnership_id=case.partnership_id,
                ),
                today=today,
            )
        )
    return items


def _information_request_rows(scope: Scope) -> QuerySet[InformationRequest]:
    # An agency officer sees only their own agency's requests; a coordinator sees every agency's.
    requests = InformationRequest.objects.filter(
        application__in=scope.cases.values("pk"),
        application__state__in=list(ANSWERS_WANTED),
        answered_at__isnull=True,
    ).filter(scope.covers(partnership="application__partnership_id", agency="agency_id"))
    return scope.narrowed(requests, owner="application__owner_id", due="due_by", agency="agency_id")


def _information_request_items(rows: QuerySet[InformationRequest], today: date) -> list[DueItem]:
    """Each information request still waiting for its agency's answer, with a warning on those whose
    agency has nobody who may answer in the service."""
    waiting = list(rows.select_related("application__partnership", "agency"))
    delivered = deliveries(waiting)
    return [
        _item(
            kind=INFORMATION_REQUEST,
            key=f"{INFORMATION_REQUEST}:{request.pk}",
            case=request.application,
            what="Answer the information request",
            due_on=request.due_by,
            responsible=Responsible(
                name=request.agency.name,
                capability=Capability.ANSWER_INFORMATION_REQUESTS,
                partnership_id=request.agency.partnership_id,
                agency_id=request.agency_id,
            ),
            today=today,
            warning=_undelivered(request, delivered[request.pk]),
        )
        for request in waiting
    ]


def _undelivered(request: InformationRequest, delivery: Delivery) -> str:
    if delivery.in_service:
        return ""
    if delivery.not_delivered:
        return gettext(
            "Not delivered: no one at %(agency)s can answer in the service and it has no contact address"
        ) % {"agency": request.agency.name}
    return gettext(
        "No one at %(agency)s can answer in the service: the request went to %(to)s. Record their answer "
        "when it comes"
    ) % {"agency": request.agency.name, "to": delivery.to}


def _recommendation_rows(scope: Scope) -> QuerySet[Recommendation]:
    open_ones = (
        Recommendation.objects.filter(meeting__application__in=scope.cases.values("pk"))
        .exclude(status__in=[status.value for status in rules.SETTLED])
        .filter(scope.covers(partnership="meeting__application__partnership_id", agency="agency_id"))
    )
    return scope.narrowed(
        open_ones, owner="meeting__application__owner_id", due="due_by", agency="agency_id", person="owner_id"
    )


def _recommendation_items(rows: QuerySet[Recommendation], today: date) -> list[DueItem]:
    """Each of a review's recommendations that the addressed agency has not yet done or declined, for
    that agency's officers (reminding its owner); a coordinator sees every agency's."""
    return [
        _item(
            kind=RECOMMENDATION,
            key=f"{RECOMMENDATION}:{recommendation.pk}",
            case=recommendation.meeting.application,
            what=f"Carry out a recommendation ({recommendation.get_status_display().lower()})",
            due_on=recommendation.due_by,
            responsible=Responsible(
                name=f"{recommendation.owner.get_full_name() or recommendation.owner.get_username()}, "
                f"{recommendation.agency.name}",
                capability=Capability.ANSWER_INFORMATION_REQUESTS,
                partnership_id=recommendation.agency.partnership_id,
                agency_id=recommendation.agency_id,
                person_id=recommendation.owner_id,
            ),
            today=today,
        )
        for recommendation in rows.select_related("meeting__application", "agency", "owner")
    ]


def _failed_messages() -> QuerySet[Message]:
    # Due the day it last failed, in the service's time zone, as `_message_items` says below.
    return undelivered().annotate(
        failed_on=TruncDate(Coalesce("delivery_updated_at", "last_attempt_at", "created_at"))
    )


def _message_rows(scope: Scope) -> QuerySet[Message]:
    failed = (
        _failed_messages()
        .filter(case__in=scope.cases.values("pk"))
        .filter(scope.covers(partnership="case__partnership_id"))
    )
    return scope.narrowed(failed, owner="case__owner_id", due="failed_on")


def _message_items(rows: QuerySet[Message], today: date) -> list[DueItem]:
    """Each message about a case that the worker gave up sending, or the provider could not deliver, for
    the partnership's coordinators to send again (or reach the person another way) from the case page;
    due the day it last failed. Who it was to stays on the case page."""
    items = []
    for message in rows.select_related("case__partnership"):
        case = message.case
        assert case is not None  # filtered on its case
        items.append(
            _item(
                kind=MESSAGE,
                key=f"{MESSAGE}:{message.pk}",
                case=case,
                what=(
                    gettext("%(message)s did not arrive: reach them another way")
                    if message.undelivered
                    else gettext("%(message)s could not be sent: send it again")
                )
                % {"message": message.label},
                due_on=timezone.localdate(
                    message.delivery_updated_at or message.last_attempt_at or message.created_at
                ),
                responsible=Responsible(
                    name=case.partnership.name,
                    capability=Capability.MANAGE_CASES,
                    partnership_id=case.partnership_id,
                ),
                today=today,
            )
        )
    return items


def _data_request_rows(scope: Scope) -> QuerySet[DataRequest]:
    # Only those who handle a partnership's data requests see them; they belong to no case or agency.
    requests = DataRequest.objects.exclude(state__in=[state.value for state in DATA_REQUEST_CLOSED])
    if scope.data_requests is not None:
        requests = requests.filter(partnership_id__in=list(scope.data_requests))
    return scope.narrowed(requests, owner="handler_id", due="due_by")


def _data_request_items(rows: QuerySet[DataRequest], today: date) -> list[DueItem]:
    """Each open subject access, rectification or erasure request, due one calendar month after it
    was received (or later when extended), for whoever handles the partnership's data requests."""
    return [
        _item(
            kind=DATA_REQUEST,
            key=f"{DATA_REQUEST}:{request.pk}",
            case=None,
            reference=request.reference,
            what=gettext("Answer the %(kind)s request") % {"kind": request.get_kind_display().lower()},
            due_on=request.due_by,
            responsible=Responsible(
                name=request.partnership.name,
                capability=Capability.HANDLE_DATA_REQUESTS,
                partnership_id=request.partnership_id,
            ),
            today=today,
            path=reverse("datarequests:detail", args=[request.pk]),
        )
        for request in rows.select_related("partnership")
    ]


@dataclass(frozen=True, slots=True)
class Source:
    """One kind of due item: `rows` finds them in a scope as a query (cut by the page's filters),
    `items` turns rows into DueItems. `due`, `reference` and `owner` are the field paths, on a row, to
    its due date, its case's reference and its case's owner, so that every kind's rows can be listed,
    ordered and paged together in the database (see selectors.due_rows)."""

    kind: str
    label: StrOrPromise  # the kind in words, plural, for the page's filter
    rows: Callable[[Scope], QuerySet[Any]]
    items: Callable[[QuerySet[Any], date], list[DueItem]]
    model: type[Model]
    due: str
    reference: str
    owner: str
    # Whether the reminder emails remind of it: not of an email that could not be sent.
    reminded: bool = True
    # Whether it is chased once late (1, 3 and 5 working days after), then its lead contact told.
    chased: bool = False

    def gather(self, scope: Scope, today: date) -> list[DueItem]:
        """Every item of this kind in `scope`, in two or three queries however many there are."""
        return self.items(self.rows(scope), today)

    def these(self, ids: Collection[int], today: date) -> list[DueItem]:
        """The items of the rows `ids` (already found in a scope), by id."""
        base = _failed_messages() if self.kind == MESSAGE else self.model._default_manager.all()
        return self.items(base.filter(pk__in=list(ids)), today)


SOURCES: tuple[Source, ...] = (
    Source(
        kind=CASE_STEP,
        label=_("Case steps"),
        rows=_case_step_rows,
        items=_case_step_items,
        model=Application,
        due="due_by",
        reference="reference",
        owner="owner_id",
    ),
    Source(
        kind=INFORMATION_REQUEST,
        label=_("Information requests"),
        rows=_information_request_rows,
        items=_information_request_items,
        model=InformationRequest,
        due="due_by",
        reference="application__reference",
        owner="application__owner_id",
        chased=True,
    ),
    Source(
        kind=RECOMMENDATION,
        label=_("Recommendations"),
        rows=_recommendation_rows,
        items=_recommendation_items,
        model=Recommendation,
        due="due_by",
        reference="meeting__application__reference",
        owner="meeting__application__owner_id",
    ),
    Source(
        kind=MESSAGE,
        label=_("Emails not sent"),
        rows=_message_rows,
        items=_message_items,
        model=Message,
        due="failed_on",
        reference="case__reference",
        owner="case__owner_id",
        reminded=False,
    ),
    Source(
        kind=DATA_REQUEST,
        label=_("Data requests"),
        rows=_data_request_rows,
        items=_data_request_items,
        model=DataRequest,
        due="due_by",
        reference="reference",
        owner="handler_id",
        # Not in the reminder emails yet: those link to a case.
        reminded=False,
    ),
)
