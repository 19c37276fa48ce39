"""Writes for cases, one module per part of the procedure: intake (submit, assess, withdraw) and
decisions (acknowledge, decide the threshold). Here, what every step does: `case_lock` first, then
`step_check` (the rulebook allows it now), and for a move `case_transition`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from community_trigger.cases.history import event_record
from community_trigger.cases.models import Application, Happened
from community_trigger.cases.selectors import case_actions_for
from community_trigger.common.calendar import bank_holidays_from
from community_trigger.domain.actions import Action, Why
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
        raise TransitionRefused(
            gettext("A case that is %(state)s cannot move to %(to)s")
            % {"state": current.value, "to": to.value}
        )
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


def step_check(
    case: Application,
    action: Action,
    *,
    actor: Any,
    refused: Callable[[str], Exception],
    because: Mapping[Why, Callable[[str], Exception]] | None = None,
    applicant: bool = False,
    meeting_id: int | None = None,
    now: datetime | None = None,
) -> None:
    """Refuse `action` on `case` (locked by the caller) unless the rulebook (domain/actions.py) lets
    `actor` take it now: the pages offer only what it allows, and the services refuse the rest, so a
    step is refused the same way whoever calls it. `applicant` for the applicant's own steps (they
    have no account: `actor` is None); `meeting_id` for a step about one meeting, which only the
    case's latest meeting takes.

    The refusal is `refused` with the rulebook's reason, or what `because` makes for that reason (a
    service's own exception or words). A step the rulebook allows once something is done first
    (TO_DO_FIRST) is left to the service's own check of that thing, which says what to do with its
    own words and field.
    """
    actions = case_actions_for(
        AnonymousUser() if actor is None else actor, case, applicant=applicant, now=now
    )
    step = actions[action] if meeting_id is None else actions.about_meeting(action, meeting_id)
    if step.available or step.to_do_first:
        return
    make = (because or {}).get(step.reasons[0], refused)
    raise make(gettext(step.reason))
