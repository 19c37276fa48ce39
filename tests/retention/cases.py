"""Small cases for the retention rules, each ended on a given day: closed after a review decision,
threshold not met, withdrawn, escalated; lighter than builders.lived_case."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import time_machine
from applications.builders import partnership, submitted

from community_trigger.cases.models import Application
from community_trigger.cases.services import case_transition
from community_trigger.cases.services.decisions import application_acknowledge, threshold_decide
from community_trigger.domain.workflow import State


def ended(coordinator: Any, to: State, on: datetime, **overrides: Any) -> Application:
    """A submitted case moved on `on` to `to`: threshold not met, withdrawn, escalated after not met,
    or closed straight after a decision that it was not met."""
    with time_machine.travel(on, tick=False):
        case = submitted(partnership(), **overrides)
        application_acknowledge(application=case, actor=coordinator)
        if to == State.WITHDRAWN:
            case_transition(application=case, to=State.WITHDRAWN, actor=coordinator)
        else:
            threshold_decide(
                application=case, outcome="threshold_not_met", reasons="Too few.", actor=coordinator
            )
            if to in (State.ESCALATED, State.CLOSED):
                case_transition(application=case, to=to, actor=coordinator)
    case.refresh_from_db()
    assert case.state == to
    return case
