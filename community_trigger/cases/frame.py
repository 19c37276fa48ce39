"""What the identity bar at the top of every page of a case says: the reference, the state in words,
the owner, the next step and when it is due, and the main steps its viewer may take now, so that no
page of a case buries them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from community_trigger.cases.models import Application
from community_trigger.cases.owners import Signatory, owner_shown
from community_trigger.cases.selectors import CaseActions
from community_trigger.common.calendar import working_days_left
from community_trigger.common.wording import next_step_words, state_words
from community_trigger.domain.actions import Action


@dataclass(frozen=True)
class BarAction:
    """One step in the bar: a link to its page, or (`post`) a button that takes it at once."""

    action: Action
    text: str | Promise
    url: str
    post: bool = False
    secondary: bool = False


# The steps that move the case on, the first available one the bar's main button, in the procedure's
# order; then the everyday ones every page of the case offers (secondary). Each: its words, the URL
# name, whether it is about the latest meeting, whether it is taken by a button (POST).
_MAIN: list[tuple[Action, Any, str, bool, bool]] = [
    (Action.ACKNOWLEDGE, gettext_lazy("Acknowledge the request"), "cases:acknowledge", False, True),
    (Action.DECIDE_THRESHOLD, gettext_lazy("Record the threshold decision"), "cases:decide", False, False),
    (
        Action.REQUEST_INFORMATION,
        gettext_lazy("Request information from every agency"),
        "cases:request_information",
        False,
        True,
    ),
    (Action.ARRANGE_MEETING, gettext_lazy("Arrange the review meeting"), "reviews:schedule", False, False),
    (Action.RECORD_MEETING, gettext_lazy("Record the review meeting"), "reviews:record", True, False),
    (Action.SEND_OUTCOME, gettext_lazy("Send the outcome"), "reviews:outcome", True, False),
]
_EVERYDAY: list[tuple[Action, Any, str]] = [
    (Action.WRITE_IN_DIARY, gettext_lazy("Write in the diary"), "diary:add"),
    (Action.ADD_DOCUMENT, gettext_lazy("Add a document"), "documents:add"),
    (Action.CHANGE_OWNER, gettext_lazy("Give the case to another coordinator"), "cases:owner_change"),
]


@dataclass(frozen=True)
class CaseFrame:
    """The identity bar of one case for one viewer."""

    case: Application
    state: str
    owner: Signatory | None
    next_step: str | None
    due: date | None
    # Working days until `due`; negative once it is overdue.
    days_left: int | None
    actions: list[BarAction]

    @property
    def overdue_by(self) -> int:
        """Working days the next step is overdue (0 when it is not)."""
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


def _bar_actions(case: Application, actions: CaseActions) -> list[BarAction]:
    shown: list[BarAction] = []
    for action, text, name, about_meeting, post in _MAIN:
        if not actions[action].available or (about_meeting and actions.meeting_id is None):
            continue
        args = [case.reference, actions.meeting_id] if about_meeting else [case.reference]
        shown.append(BarAction(action, text, reverse(name, args=args), post=post, secondary=bool(shown)))
    shown.extend(
        BarAction(action, text, reverse(name, args=[case.reference]), secondary=True)
        for action, text, name in _EVERYDAY
        if actions[action].available
    )
    return shown


def case_frame_of(case: Application, actions: CaseActions, *, today: date | None = None) -> CaseFrame:
    """The identity bar of `case` for the viewer whose rulebook answer is `actions` (already cut to
    them: the bar offers only what they may do now)."""
    today = today or timezone.localdate()
    due = case.due_by
    return CaseFrame(
        case=case,
        state=state_words(case.state),
        owner=owner_shown(case),
        next_step=next_step_words(case.state),
        due=due,
        days_left=None if due is None else working_days_left(due, today),
        actions=_bar_actions(case, actions),
    )
