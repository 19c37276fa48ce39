"""Writes for the review meeting: arrange it, change it while it is still to come, and record it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from community_trigger.agencies.models import Agency, Membership
from community_trigger.agencies.selectors import StaffAccess
from community_trigger.cases.history import event_record
from community_trigger.cases.models import Application, Happened
from community_trigger.cases.services import case_lock, case_transition, step_check
from community_trigger.common.dates import long_date
from community_trigger.domain.access import Capability, Role, capabilities
from community_trigger.domain.actions import Action
from community_trigger.domain.workflow import State
from community_trigger.reviews.models import (
    AgencyAttendance,
    AgencySummary,
    Attendance,
    Meeting,
    MeetingChange,
    MeetingChangeWords,
    PanelSeat,
    VictimInvolvement,
)
from community_trigger.reviews.selectors import under_review
from community_trigger.reviews.services import ReviewRefused, refuse_unless
from community_trigger.sharing.selectors import unanswered


def _partnership_staff(partnership_id: int) -> Q:
    return Q(memberships__agency__partnership_id=partnership_id)


def _memberships(user: Any, partnership_id: int) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user, agency__partnership_id=partnership_id)
        .select_related("agency")
        .order_by("agency__name", "pk")
    )


def _arranged(
    *,
    application: Application,
    starts_at: datetime,
    was_starts_at: datetime | None = None,
    now: datetime,
    place: str,
    online_link: str,
    chair: Any,
    chair_independent: bool,
    agencies: list[Agency],
    panel: list[Any],
    victim_involvement: str,
    not_invited_reason: str,
) -> dict[str, Any]:
    """Refuse a meeting's arrangements that the review cannot work with (see `meeting_schedule`), and
    answer them as the meeting stores them, field by field. A meeting is arranged, or moved, only to a
    time still to come (`was_starts_at`: when it was before a change, which may stay as it is)."""
    partnership_id = application.partnership_id
    if starts_at != was_starts_at:
        refuse_unless(starts_at > now, gettext("The meeting must be in the future"), field="day")
    refuse_unless(
        bool(place.strip() or online_link.strip()),
        gettext("Give the place of the meeting or its online link"),
    )
    refuse_unless(
        StaffAccess(chair).can(Capability.CHAIR_REVIEWS, partnership_id),
        gettext("The chair must be one of the partnership's panel chairs"),
    )
    refuse_unless(bool(agencies), gettext("Choose the agencies attending"))
    refuse_unless(
        all(agency.partnership_id == partnership_id for agency in agencies),
        gettext("Only the partnership's own agencies can attend"),
    )
    staff_ids = set(
        get_user_model().objects.filter(_partnership_staff(partnership_id)).values_list("pk", flat=True)
    )
    refuse_unless(
        all(member.pk in staff_ids for member in panel),
        gettext("Only the partnership's own staff sit on the panel"),
    )
    not_invited = victim_involvement == VictimInvolvement.NOT_INVITED
    refuse_unless(
        not not_invited or bool(not_invited_reason.strip()), gettext("Say why the victim is not invited")
    )
    if chair_independent:
        # Guidance asks for a chair independent of the agencies whose response is under review.
        reviewed = under_review(application, agencies)
        for membership in _memberships(chair, partnership_id):
            refuse_unless(
                membership.agency_id not in reviewed,
                gettext(
                    "The chair works for %(agency)s, whose response is under review: they are not independent"
                )
                % {"agency": membership.agency.name},
                field="chair_independent",
            )
    return {
        "starts_at": starts_at,
        "place": place.strip(),
        "online_link": online_link.strip(),
        "chair_id": chair.pk,
        "chair_independent": chair_independent,
        "victim_involvement": victim_involvement,
        "not_invited_reason": not_invited_reason.strip() if not_invited else "",
    }


def _organisation(user: Any, *, partnership_id: int, chairs: bool, attending: set[int]) -> Agency | None:
    """The partnership's agency `user` sits on the panel for, from their memberships: for the chair,
    the agency where they are a panel chair; for anyone else, an attending agency they belong to, or
    else their first. None for someone who belongs to none (an independent or other organisation)."""
    memberships = _memberships(user, partnership_id)
    if chairs:
        preferred = [m for m in memberships if Capability.CHAIR_REVIEWS in capabilities([Role(m.role)])]
    else:
        preferred = [m for m in memberships if m.agency_id in attending]
    chosen = preferred or memberships
    return chosen[0].agency if chosen else None


def _seat(meeting: Meeting, *, agencies: list[Agency], chair: Any, panel: list[Any]) -> None:
    """Set who attends and who sits on the panel (the chair always does), each with the organisation
    they sit for, and the case's review date."""
    meeting.agencies.set(agencies)
    partnership_id = meeting.application.partnership_id
    attending = {agency.pk for agency in agencies}
    members = {chair.pk: chair} | {member.pk: member for member in panel}
    meeting.seats.all().delete()
    PanelSeat.objects.bulk_create(
        PanelSeat(
            meeting=meeting,
            user=member,
            organisation=_organisation(
                member, partnership_id=partnership_id, chairs=member.pk == chair.pk, attending=attending
            ),
        )
        for member in members.values()
    )
    Application.objects.filter(pk=meeting.application_id).update(
        review_date=timezone.localdate(meeting.starts_at)
    )


@transaction.atomic
def meeting_schedule(
    *,
    application: Application,
    starts_at: datetime,
    place: str,
    online_link: str,
    chair: Any,
    chair_independent: bool,
    agencies: Iterable[Agency],
    panel: Iterable[Any],
    victim_involvement: str,
    not_invited_reason: str = "",
    unanswered_reason: str = "",
    actor: Any,
    now: datetime | None = None,
) -> Meeting:
    """Arrange the case review meeting, tell the applicant, and move the case to "review scheduled".

    The meeting is still to come. The chair must be one of the partnership's panel chairs, and sits on
    the panel; the chair is called independent only when they belong to no agency asked about the case
    or attending. The agencies and the panel must be the partnership's own. Not inviting the victim
    needs a reason (Home Office guidance: victims should always be considered for an invitation), and
    so does going ahead before every agency asked has answered (kept on the meeting; with every
    answer in, no reason is kept).
    """
    now = now or timezone.now()
    application = case_lock(application)
    step_check(application, Action.ARRANGE_MEETING, actor=actor, refused=ReviewRefused, now=now)
    agencies, panel = list(agencies), list(panel)
    not_answered = unanswered(application)
    refuse_unless(
        not not_answered or bool(unanswered_reason.strip()),
        gettext("Say why the meeting is going ahead before every agency has answered"),
        field="unanswered_reason",
    )
    fields = _arranged(
        application=application,
        now=now,
        starts_at=starts_at,
        place=place,
        online_link=online_link,
        chair=chair,
        chair_independent=chair_independent,
        agencies=agencies,
        panel=panel,
        victim_involvement=victim_involvement,
        not_invited_reason=not_invited_reason,
    )
    meeting = Meeting.objects.create(
        application=application,
        **fields,
        unanswered_reason=unanswered_reason.strip() if not_answered else "",
        scheduled_by=actor,
        scheduled_at=now,
    )
    _seat(meeting, agencies=agencies, chair=chair, panel=panel)
    local = timezone.localtime(starts_at)
    case_transition(
        application=application,
        to=State.REVIEW_SCHEDULED,
        actor=actor,
        reason=f"Review meeting on {long_date(local)} at {local:%H:%M}",
        facts={"meeting": meeting.pk},
        now=now,
    )
    return meeting


# What the applicant's meeting letter tells them: a change to any of these gets them a new letter.
_TOLD_TO_APPLICANT = frozenset(
    {"starts_at", "place", "online_link", "chair_independent", "victim_involvement", "not_invited_reason"}
)


@transaction.atomic
def meeting_change(
    *,
    meeting: Meeting,
    starts_at: datetime,
    place: str,
    online_link: str,
    chair: Any,
    chair_independent: bool,
    agencies: Iterable[Agency],
    panel: Iterable[Any],
    victim_involvement: str,
    not_invited_reason: str = "",
    reason: str,
    actor: Any,
    now: datetime | None = None,
) -> Meeting:
    """Change a meeting not yet held: move it, hold it elsewhere, change its chair, agencies or panel,
    or the victim's part in it. The same checks as arranging it apply, a reason is required, and what
    it was before is kept. The applicant gets a new meeting letter when what they were told changes.
    """
    now = now or timezone.now()
    agencies, panel = list(agencies), list(panel)
    # The case first, as every step that moves it locks it; then the meeting as it is now, not as the
    # caller read it, so a record written meanwhile is seen.
    application = case_lock(meeting.application)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    step_check(
        application, Action.CHANGE_MEETING, actor=actor, refused=ReviewRefused, meeting_id=meeting.pk, now=now
    )
    refuse_unless(
        not meeting.held, gettext("The meeting has been held: its record can no longer be rearranged")
    )
    refuse_unless(
        State(application.state) == State.REVIEW_SCHEDULED,
        gettext("Only a meeting still to come can be changed"),
    )
    refuse_unless(bool(reason.strip()), gettext("Say why the meeting is changing"))
    wanted = _arranged(
        application=application,
        now=now,
        was_starts_at=meeting.starts_at,
        starts_at=starts_at,
        place=place,
        online_link=online_link,
        chair=chair,
        chair_independent=chair_independent,
        agencies=agencies,
        panel=panel,
        victim_involvement=victim_involvement,
        not_invited_reason=not_invited_reason,
    )
    changed = {field for field, value in wanted.items() if getattr(meeting, field) != value}
    same_people = {a.pk for a in agencies} == set(meeting.agencies.values_list("pk", flat=True)) and (
        {chair.pk, *(member.pk for member in panel)} == set(meeting.panel.values_list("pk", flat=True))
    )
    refuse_unless(bool(changed) or not same_people, gettext("Nothing about the meeting has changed"))
    tell = bool(changed & _TOLD_TO_APPLICANT)
    change = MeetingChange.objects.create(
        meeting=meeting,
        changed_at=now,
        changed_by=actor,
        was_starts_at=meeting.starts_at,
        applicant_told=tell,
    )
    MeetingChangeWords.objects.create(
        change=change, text=reason.strip(), was_place=meeting.place, was_online_link=meeting.online_link
    )
    for field, value in wanted.items():
        setattr(meeting, field, value)
    meeting.save(update_fields=[field.removesuffix("_id") for field in wanted])
    _seat(meeting, agencies=agencies, chair=chair, panel=panel)
    event_record(
        application=application,
        kind=Happened.MEETING_CHANGED,
        actor=actor,
        at=now,
        facts={"meeting": meeting.pk, "change": change.pk, "applicant_told": tell},
    )
    return meeting


@transaction.atomic
def meeting_record(
    *,
    meeting: Meeting,
    attendees: str,
    summaries: Mapping[int, str],
    findings: str,
    further_action_possible: bool,
    attendance: Mapping[int, str] | None = None,
    actor: Any,
    now: datetime | None = None,
) -> Meeting:
    """Write the record of the meeting (who came, what each agency had done, what the panel found,
    whether more can be done) and move the case to "review held". `summaries` maps each invited
    agency's id to its summary; `attendance` maps each to whether it attended, sent apologies, sent a
    written contribution or did not attend (None: not recorded, as before attendance was kept)."""
    now = now or timezone.now()
    case = case_lock(meeting.application)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    step_check(case, Action.RECORD_MEETING, actor=actor, refused=ReviewRefused, meeting_id=locked.pk, now=now)
    refuse_unless(not locked.held, gettext("This meeting's record has been written already"))
    refuse_unless(locked.starts_at <= now, gettext("A meeting can be recorded once it has taken place"))
    attending = set(locked.agencies.values_list("pk", flat=True))
    refuse_unless(
        set(summaries) == attending and all(text.strip() for text in summaries.values()),
        gettext("Sum up what each attending agency had done"),
    )
    refuse_unless(bool(findings.strip()), gettext("Give the panel's findings"))
    if attendance is not None:
        refuse_unless(
            set(attendance) == attending and all(value in Attendance.values for value in attendance.values()),
            gettext("Say whether each invited agency attended"),
        )
        AgencyAttendance.objects.bulk_create(
            AgencyAttendance(meeting=locked, agency_id=agency_id, attendance=value)
            for agency_id, value in attendance.items()
        )
    AgencySummary.objects.bulk_create(
        AgencySummary(meeting=locked, agency_id=agency_id, summary=text.strip())
        for agency_id, text in summaries.items()
    )
    locked.held = True
    locked.attendees = attendees.strip()
    locked.findings = findings.strip()
    locked.further_action_possible = further_action_possible
    locked.recorded_by = actor
    locked.recorded_at = now
    locked.save()
    # A review counts on the day it was held, not the day its record was written.
    case_transition(
        application=locked.application,
        to=State.REVIEW_HELD,
        actor=actor,
        reason="Review meeting held",
        facts={"meeting": locked.pk, "held_on": locked.starts_at},
        now=now,
    )
    return locked
