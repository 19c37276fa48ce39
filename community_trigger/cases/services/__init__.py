"""Writes for cases, one module per part of the procedure: intake (submit, assess, withdraw) and
decisions (acknowledge, decide the threshold). Here, the one move every step makes: `case_transition`,
after `case_lock`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from community_trigger.cases.history import event_record
from community_trigger.cases.models import Application, Happened
from community_trigger.common.calendar import bank_holidays_from
from community_trigger.domain.deadlines import due_date
from community_trigger.domain.workflow import State, can_move


class TransitionRefused(Exception):
    """The workflow table does not allow this move from the case's current state."""


@transaction.atomic
def case_transition(
    *,
    application: Application,
    to: State,
    actor: Any = None,
    actor_label: str = "",
    reason: str = "",
    facts: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> Application:
    """Move a case to `to` if the workflow table allows it, appending the event (with `reason` kept
    beside it, and `facts` for what follows from it) in the same transaction.

    The row is locked first, so two people acting at once cannot both move it from the same state.
    `now` is when it happened, for a step recorded after the fact; the next step is due from then.
    """
    now = now or timezone.now()
    locked = case_lock(application)
    current = State(locked.state)
    if not can_move(current, to):
        raise TransitionRefused(f"A case that is {current.value} cannot move to {to.value}")
    today = timezone.localdate(now)
    locked.state = to
    locked.due_by = due_date(to, today, locked.partnership.timescales, bank_holidays_from(today))
    locked.save(update_fields=["state", "due_by", "updated_at"])
    event_record(
        application=locked,
        kind=Happened.MOVED,
        moved_from=current,
        moved_to=to,
        actor=actor,
        actor_label=actor_label,
        at=now,
        facts=facts,
        words=reason,
    )
    return locked


def case_lock(application: Application) -> Application:
    """The case, locked until the transaction ends: every step that changes a case takes this first,
    so steps taken at the same moment happen one after the other."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("partnership")
        .get(pk=application.pk)
    )
