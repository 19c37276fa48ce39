"""Reads for the review: a case's meetings, recommendations and escalations, as one member of staff
may see them, who may open a meeting's pack or act on a recommendation, and the dates and people the
review's steps are checked against (the comments window, the escalation window, who took part)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from community_trigger.agencies.models import Agency, Membership, Partnership
from community_trigger.agencies.selectors import StaffAccess, agencies_reached
from community_trigger.cases.models import Application
from community_trigger.cases.selectors import Disclosure, case_get_for
from community_trigger.common.calendar import working_days_after, working_days_left
from community_trigger.domain import recommendations as rules
from community_trigger.domain.access import Capability
from community_trigger.letters.models import Letter
from community_trigger.reviews.models import (
    TOOK_PART,
    Escalation,
    Meeting,
    Recommendation,
    RecommendationUpdate,
)
from community_trigger.sharing.selectors import asked_about

User = AbstractBaseUser | AnonymousUser


def meeting_get_for(user: User, reference: str, meeting_id: int) -> Meeting:
    """A meeting of a case `user` may see; 404 otherwise."""
    case = case_get_for(user, reference)
    meeting = case.meetings.filter(pk=meeting_id).select_related("application__partnership", "chair").first()
    if meeting is None:
        raise Http404
    return meeting


def on_panel(user: User, meeting: Meeting) -> bool:
    return bool(user.is_authenticated and meeting.panel.filter(pk=user.pk).exists())


def recommendation_get_for(user: User, reference: str, recommendation_id: int) -> Recommendation:
    case = case_get_for(user, reference)
    found = (
        Recommendation.objects.filter(pk=recommendation_id, meeting__application=case)
        .select_related("agency", "owner", "meeting__application__partnership")
        .first()
    )
    if found is None:
        raise Http404
    return found


def may_update(user: User, recommendation: Recommendation) -> bool:
    """The addressed agency's officers update their own recommendations; the coordinator may too."""
    access = StaffAccess(user)
    partnership = recommendation.meeting.application.partnership_id
    if access.can(Capability.MANAGE_CASES, partnership):
        return True
    return recommendation.agency_id in access.agencies_where(Capability.ANSWER_INFORMATION_REQUESTS)


def may_record(user: User, meeting: Meeting) -> bool:
    """The coordinator or the meeting's own chair writes its record and the panel's recommendations."""
    return StaffAccess(user).can(Capability.MANAGE_CASES, meeting.application.partnership_id) or (
        user.is_authenticated and meeting.chair_id == user.pk
    )


@dataclass(frozen=True)
class EscalationWindow:
    """The window to ask for an escalation as it stands on a given day: open until and including its last
    day, counted in working days as every deadline is."""

    ends: date
    open: bool
    working_days_left: int  # 0 on the last day; negative once it has ended

    @classmethod
    def on(cls, ends: date, today: date) -> EscalationWindow:
        # By date, not by working days left: the weekend after a Friday's last day has no working day
        # between, yet the window has ended.
        return cls(ends=ends, open=today <= ends, working_days_left=working_days_left(ends, today))

    @property
    def last_day(self) -> bool:
        return self.working_days_left == 0 and self.open


@dataclass(frozen=True)
class MeetingView:
    meeting: Meeting
    recommendations: list[Recommendation]
    on_panel: bool
    updatable: set[int]
    changeable: set[int]  # reworded or re-dated by this viewer: the coordinator or the chair, while open
    # The last day for the applicant's comments on the draft plan, once it has been sent.
    comments_by: date | None


@dataclass(frozen=True)
class ReviewView:
    """The review part of a case page. What may be done next is the case's rulebook's to say
    (`CaseActions`), not this."""

    meetings: list[MeetingView]
    escalations: list[Escalation]
    escalation_windows: list[tuple[Escalation, EscalationWindow]]  # each escalation, with its window today
    open_recommendations: int


def review_view_for(user: User, case: Application, shown: Disclosure) -> ReviewView:
    # The notes typed when each was updated, oldest first, for whoever may see the recommendation.
    noted = RecommendationUpdate.objects.filter(words__isnull=False).select_related("words", "by")
    recommendations = (
        Recommendation.objects.select_related("agency", "owner")
        .prefetch_related(Prefetch("updates", queryset=noted.order_by("at", "pk"), to_attr="notes"))
        .prefetch_related("changes__words")
        .order_by("due_by", "pk")
    )
    if not shown.whole_case:
        recommendations = recommendations.filter(agency_id__in=shown.own_agencies)
    meetings = (
        case.meetings.select_related("chair", "recorded_by")
        .prefetch_related(
            "agencies",
            "summaries__agency",
            "attendance__agency",
            "changes__changed_by",
            "seats__user",
            "seats__organisation",
            Prefetch("recommendations", queryset=recommendations),
        )
        .order_by("starts_at", "pk")
    )
    panels: set[int] = set()
    if user.pk is not None:
        panels = set(
            Meeting.panel.through.objects.filter(meeting__application=case, user_id=user.pk).values_list(
                "meeting_id", flat=True
            )
        )
    views = []
    for meeting in meetings:
        made = list(meeting.recommendations.all())
        views.append(
            MeetingView(
                meeting=meeting,
                recommendations=made,
                on_panel=meeting.pk in panels,
                updatable={r.pk for r in made if rules.MOVES[rules.Status(r.status)] and may_update(user, r)},
                changeable={r.pk for r in made if r.status not in rules.SETTLED}
                if may_record(user, meeting)
                else set(),
                comments_by=plan_comments_by(case.partnership, meeting.plan_shared_at)
                if meeting.plan_shared_at
                else None,
            )
        )
    all_statuses = [
        rules.Status(s)
        for s in Recommendation.objects.filter(meeting__application=case).values_list("status", flat=True)
    ]
    escalations = (
        list(case.escalations.select_related("decided_by", "entered_by")) if shown.whole_case else []
    )
    today = timezone.localdate()
    return ReviewView(
        meetings=views,
        escalations=escalations,
        escalation_windows=[
            (escalation, EscalationWindow.on(escalation.window_ends, today)) for escalation in escalations
        ],
        open_recommendations=len(rules.open_recommendations(all_statuses)),
    )


def owners_for(case: Application) -> list[tuple[str, str]]:
    """Who can own a recommendation: each membership of the partnership's staff, as "Name, Agency"."""
    memberships = (
        Membership.objects.filter(agency__partnership_id=case.partnership_id, user__is_active=True)
        .select_related("user", "agency")
        .order_by("agency__name", "user__first_name", "user__username")
    )
    seen: set[tuple[int, int]] = set()
    choices = []
    for membership in memberships:
        if (membership.user_id, membership.agency_id) in seen:
            continue
        seen.add((membership.user_id, membership.agency_id))
        name = membership.user.get_full_name() or membership.user.get_username()
        choices.append((f"{membership.user_id}:{membership.agency_id}", f"{name}, {membership.agency.name}"))
    return choices


def staff_choices(case: Application) -> list[tuple[str, str]]:
    """The partnership's staff, for the panel."""
    users: dict[int, Any] = {}
    for membership in Membership.objects.filter(
        agency__partnership_id=case.partnership_id, user__is_active=True
    ).select_related("user", "agency"):
        users.setdefault(membership.user_id, (membership.user, set()))[1].add(membership.agency.name)
    return sorted(
        (
            (str(pk), f"{user.get_full_name() or user.get_username()} ({', '.join(sorted(agencies))})")
            for pk, (user, agencies) in users.items()
        ),
        key=lambda choice: choice[1],
    )


def under_review(application: Application, agencies: Iterable[Agency]) -> set[int]:
    """The agencies whose response the review looks at: every agency asked about the case, and every
    agency attending the meeting."""
    return asked_about(application) | {agency.pk for agency in agencies}


def plan_comments_by(partnership: Partnership, shared_at: datetime) -> date:
    """The last day for the applicant's comments on a draft plan sent at `shared_at`: the partnership's
    own window, in working days."""
    return working_days_after(timezone.localdate(shared_at), partnership.plan_comments_within_days)


def took_part_in_review(meeting: Meeting) -> list[Agency]:
    """The agencies that took part in the review, as the outcome letter names them: those that answered
    the information request about the case, and those that attended the meeting or sent it a written
    contribution. An agency asked that did neither, or only sent its apologies, did not take part. (A
    meeting recorded before attendance was kept counts every agency invited as attending.)"""
    answered = Q(
        information_requests__application_id=meeting.application_id,
        information_requests__answered_at__isnull=False,
    )
    if meeting.attendance.exists():
        came = Q(pk__in=meeting.attendance.filter(attendance__in=TOOK_PART).values("agency_id"))
    else:
        came = Q(meetings=meeting)
    return list(Agency.objects.filter(answered | came).distinct().order_by("name"))


@dataclass(frozen=True)
class Invitee:
    """Someone a meeting's invitation goes to: `who` names them for good (a user, or an agency's
    contact address), so each version of the invitation goes to each of them once."""

    who: str
    email: str
    name: str


def meeting_invitees(meeting: Meeting) -> list[Invitee]:
    """Who is invited to `meeting`: its chair and panel, and each attending agency's officers (those who
    answer for it), or the agency's contact address when nobody there may answer in the service. Each
    address once; staff without an email address cannot be sent one."""
    invitees: list[Invitee] = []
    seen: set[str] = set()

    def add(who: str, email: str, name: str) -> None:
        if email and email.lower() not in seen:
            seen.add(email.lower())
            invitees.append(Invitee(who=who, email=email, name=name))

    for seat in meeting.seats.select_related("user").order_by("pk"):
        add(f"user{seat.user_id}", seat.user.email, seat.user.get_full_name() or seat.user.get_username())
    agencies = list(meeting.agencies.order_by("name"))
    reached = agencies_reached(agencies, partnership_id=meeting.application.partnership_id)
    for agency in agencies:
        reach = reached[agency.pk]
        for officer in reach.officers:
            add(f"user{officer.user_id}", officer.user.email, officer.user.get_full_name() or agency.name)
        add(f"agency{agency.pk}", reach.contact_address, agency.contact_name or agency.name)
    return invitees


class Progress:
    """How far one agreed action of the plan has got, as the applicant's status page says it."""

    DONE = "done"
    IN_PROGRESS = "in_progress"
    DECLINED = "declined"


@dataclass(frozen=True)
class PlanItem:
    agency_name: str
    action: str
    due_by: date
    progress: str


def plan_progress_of(application: Application) -> list[PlanItem]:
    """The latest final action plan, action by action: what, by when, and whether it is done, in
    progress, or was declined. Empty until a plan is final (a draft's actions are not agreed yet)."""
    meeting = application.meetings.filter(plan_final_at__isnull=False).order_by("-starts_at", "-pk").first()
    if meeting is None:
        return []
    progress = {rules.Status.DONE: Progress.DONE, rules.Status.DECLINED: Progress.DECLINED}
    return [
        PlanItem(
            agency_name=recommendation.agency.name,
            action=recommendation.action,
            due_by=recommendation.due_by,
            progress=progress.get(rules.Status(recommendation.status), Progress.IN_PROGRESS),
        )
        for recommendation in meeting.recommendations.select_related("agency").order_by("due_by", "pk")
    ]


def open_recommendations_of(application: Application) -> list[Recommendation]:
    return [
        recommendation
        for recommendation in Recommendation.objects.filter(meeting__application=application).select_related(
            "agency"
        )
        if recommendation.status not in rules.SETTLED
    ]


def _opening_letter(application: Application) -> Letter | None:
    return (
        application.letters.filter(kind__in=[Letter.Kind.THRESHOLD_DECISION, Letter.Kind.OUTCOME])
        .order_by("-created_at", "-pk")
        .first()
    )


def window_opened(application: Application) -> date | None:
    """The day the escalation window opened: the day of the latest decision or outcome letter."""
    letter = _opening_letter(application)
    return timezone.localdate(letter.created_at) if letter else None


def escalation_window_ends(application: Application) -> date | None:
    """The last day to ask for an escalation: the partnership's window, in working days, from the
    latest decision or outcome letter; None before either was sent."""
    opened = window_opened(application)
    if opened is None:
        return None
    return working_days_after(opened, application.partnership.escalation_window_days)
