"""Writes for an escalation (Schedule 4, paragraph 3): the applicant asks for their case to be looked at
again, and a reviewer who took no part decides it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from community_trigger.cases.history import moves_of
from community_trigger.cases.models import Application
from community_trigger.cases.selectors import took_part
from community_trigger.cases.services import case_lock, case_transition, step_check
from community_trigger.domain.actions import Action, Why
from community_trigger.domain.workflow import State, after_escalation, closed_after
from community_trigger.reviews.models import (
    Escalation,
)
from community_trigger.reviews.selectors import escalation_window_ends, window_opened
from community_trigger.reviews.services import ReviewRefused, refuse_unless


@transaction.atomic
def escalation_request(
    *,
    application: Application,
    about: str,
    grounds: Iterable[str],
    details: str,
    entered_by: Any = None,
    received_on: date | None = None,
    now: datetime | None = None,
) -> Escalation:
    """The applicant asks for the way their application was dealt with, or the review was carried out,
    to be looked at again (Schedule 4, paragraph 3). A request after the window is kept and flagged as
    late, never turned away: the reviewer decides what to do with it.

    One made by phone or post and recorded by staff (`entered_by`) keeps the day it was received
    (`received_on`: not in the future, not before the decision or outcome it is about), and its
    lateness counts from that day, not from the day it was typed in."""
    now = now or timezone.now()
    application = case_lock(application)
    current = State(application.state)
    not_yet = gettext("An escalation can be asked for once you have our decision or outcome")
    # Asked for by the applicant online, or recorded by the coordinator (`entered_by`) from a call or letter.
    step_check(
        application,
        Action.RECORD_ESCALATION,
        actor=entered_by,
        applicant=entered_by is None,
        refused=ReviewRefused,
        because={Why.NOT_AT_THIS_STEP: lambda _: ReviewRefused(not_yet)},
        now=now,
    )
    grounds = sorted(set(grounds))
    refuse_unless(bool(grounds), gettext("Choose at least one reason"))
    refuse_unless(
        all(ground in Escalation.Ground.values for ground in grounds),
        gettext("Choose the reasons from the list"),
    )
    refuse_unless(about in Escalation.About.values, gettext("Say what you would like looked at again"))
    refuse_unless(bool(details.strip()), gettext("Tell us what you think went wrong"))
    today = timezone.localdate(now)
    window_ends = escalation_window_ends(application) or today
    if received_on is not None:
        refuse_unless(
            received_on <= today,
            gettext("The day it was received must be today or in the past"),
            field="received_on",
        )
        opened = window_opened(application)
        refuse_unless(
            opened is None or received_on >= opened,
            gettext("The day it was received must be on or after the decision or outcome it is about"),
            field="received_on",
        )
    late = (received_on or today) > window_ends
    escalation = Escalation.objects.create(
        application=application,
        about=about,
        grounds=grounds,
        details=details.strip(),
        escalated_from=current,
        requested_at=now,
        window_ends=window_ends,
        late=late,
        received_on=received_on,
        entered_by=entered_by,
    )
    case_transition(
        application=application,
        to=State.ESCALATED,
        actor=entered_by,
        reason=f"Escalation asked for{' after the window closed' if late else ''}",
        facts={"escalation": escalation.pk, "late": late} | _asked_at(received_on),
        now=now,
    )
    return escalation


def _asked_at(received_on: date | None) -> dict[str, datetime]:
    """When the applicant asked, for the figures, when that was before it was typed in: midday of the
    day the phone call or letter was received, in UK time (the figures count by the UK day)."""
    if received_on is None:
        return {}
    return {"asked_at": timezone.make_aware(datetime.combine(received_on, time(12)))}


def _closed_after(application: Application) -> State | None:
    """The step the case was last closed after, from its history in the order the moves were made."""
    return closed_after(moves_of(application))


@transaction.atomic
def escalation_decide(
    *,
    escalation: Escalation,
    upheld: bool,
    reasons: str,
    actor: Any,
    refer_to_pcc: bool = False,
    pcc_note: str = "",
    now: datetime | None = None,
) -> Escalation:
    """Decide an escalation: upheld sends the case back for a new decision or review, not upheld
    returns it to where it was. The applicant gets a letter either way. A referral to the Police and
    Crime Commissioner's office can be recorded with it."""
    now = now or timezone.now()
    case = case_lock(escalation.application)
    not_a_reviewer = gettext("Only a reviewer of the partnership can decide an escalation")
    step_check(
        case,
        Action.DECIDE_ESCALATION,
        actor=actor,
        refused=ReviewRefused,
        because={Why.NOT_YOUR_ROLE: lambda _: ReviewRefused(not_a_reviewer)},
        now=now,
    )
    locked = (
        Escalation.objects.select_for_update()
        .select_related("application__partnership")
        .get(pk=escalation.pk)
    )
    application = locked.application
    refuse_unless(not locked.decided, gettext("This escalation has been decided already"))
    refuse_unless(
        not took_part(actor, application),
        gettext(
            "You took part in this case's review or decision: someone who did not must decide the escalation"
        ),
    )
    refuse_unless(bool(reasons.strip()), gettext("Give the reasons for the decision"))
    escalated_from = State(locked.escalated_from)
    closed_after_step = _closed_after(application) if escalated_from == State.CLOSED else None
    back_to = after_escalation(escalated_from, upheld=upheld, closed_after=closed_after_step)
    locked.upheld = upheld
    locked.reasons = reasons.strip()
    locked.decided_by = actor
    locked.decided_at = now
    if refer_to_pcc:
        locked.referred_to_pcc_at = now
        locked.pcc_referral_note = pcc_note.strip()
    locked.save()
    case_transition(
        application=application,
        to=back_to,
        actor=actor,
        reason=f"Escalation {'upheld' if upheld else 'not upheld'}",
        # The letter speaks of a threshold decision, not a review, when that is what was escalated,
        # also when the case had been closed since.
        facts={
            "escalation": locked.pk,
            "of_a_decision": (closed_after_step or escalated_from) == State.THRESHOLD_NOT_MET,
        },
        now=now,
    )
    return locked
