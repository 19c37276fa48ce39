"""Writes for the partnership's first decisions on a request: acknowledge it, and decide whether the
threshold for a case review is met."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from community_trigger.cases.models import (
    Application,
    ThresholdDecision,
)
from community_trigger.cases.services import TransitionRefused, case_lock, case_transition, step_check
from community_trigger.domain.actions import Action
from community_trigger.domain.workflow import State


class DecisionNeedsReasons(Exception):
    """A decision that differs from the engine, or is discretionary, must say why."""


@transaction.atomic
def application_acknowledge(
    *, application: Application, actor: Any, now: datetime | None = None
) -> Application:
    """Record that the partnership has acknowledged the request, and write to the applicant."""
    locked = case_lock(application)
    step_check(locked, Action.ACKNOWLEDGE, actor=actor, refused=TransitionRefused, now=now)
    return case_transition(application=locked, to=State.ACKNOWLEDGED, actor=actor, now=now)


@transaction.atomic
def threshold_decide(
    *, application: Application, outcome: str, reasons: str, actor: Any, now: datetime | None = None
) -> ThresholdDecision:
    """Record the threshold decision next to the engine's answer, move the case, and write to the applicant.

    Reasons are required when the decision is not what the engine said, and for a discretionary review.
    """
    now = now or timezone.now()
    locked = case_lock(application)
    step_check(locked, Action.DECIDE_THRESHOLD, actor=actor, refused=TransitionRefused, now=now)
    assessment = locked.assessments.first()
    engine_met = bool(assessment and assessment.threshold_met)
    agrees = (outcome == ThresholdDecision.Outcome.MET) == engine_met
    if (not agrees or outcome == ThresholdDecision.Outcome.DISCRETIONARY) and not reasons.strip():
        raise DecisionNeedsReasons(gettext("Give the reasons for this decision"))
    # The decision first, so that the letter its move sends has it.
    decision = ThresholdDecision.objects.create(
        application=locked,
        outcome=outcome,
        reasons=reasons,
        engine_threshold_met=engine_met,
        decided_by=actor,
        decided_at=now,
    )
    if outcome != ThresholdDecision.Outcome.NOT_MET:
        # The one decision to review a case can have (statistics: where each application stands).
        Application.objects.filter(pk=locked.pk).update(review_decision=outcome)
    case_transition(application=locked, to=State(outcome), actor=actor, reason=reasons, now=now)
    return decision
