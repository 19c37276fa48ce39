"""The order of the question pages, and which apply to whom.

One thing per page (GOV.UK Design System). Pages that do not apply to the person's answers are
skipped: only someone acting for a victim is asked about the victim, only someone acting for a group
is asked about its members.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

# In the order a person meets them. Each name is also the page's URL segment.
STEPS = (
    "single-organisation",
    "who",
    "your-details",
    "victim",
    "members",
    "incidents",
    "satisfaction",
    "impact",
    "consent",
    "check-answers",
)

# When a page counts as answered; list pages count once the person says they have added them all.
_DONE_WHEN: dict[str, Callable[[Mapping[str, Any]], bool]] = {
    "single-organisation": lambda a: a.get("single_organisation") == "no",
    "who": lambda a: "role" in a,
    "your-details": lambda a: "you" in a,
    "victim": lambda a: "victim" in a,
    "members": lambda a: bool(a.get("members")) and a.get("members_done") is True,
    "incidents": lambda a: bool(a.get("incidents")) and a.get("incidents_done") is True,
    "satisfaction": lambda a: "satisfaction" in a,
    "impact": lambda a: "impact" in a,
    "consent": lambda a: a.get("consent") == "yes",
    "check-answers": lambda a: False,
}


def applies(step: str, answers: Mapping[str, Any]) -> bool:
    if step == "victim":
        return answers.get("role") == "representative"
    if step == "members":
        return answers.get("role") == "group_representative"
    return True


def steps_for(answers: Mapping[str, Any]) -> list[str]:
    return [step for step in STEPS if applies(step, answers)]


def next_step(step: str, answers: Mapping[str, Any]) -> str:
    """The page after `step`, skipping pages that do not apply."""
    remaining = STEPS[STEPS.index(step) + 1 :]
    return next(name for name in remaining if applies(name, answers))


def first_unanswered(answers: Mapping[str, Any]) -> str:
    """Where to take someone who comes back: the first page still to answer, or check answers."""
    return next(step for step in steps_for(answers) if not _DONE_WHEN[step](answers))


def can_visit(step: str, answers: Mapping[str, Any]) -> bool:
    """A page is open once every page before it is answered, so nobody skips ahead by URL."""
    if not applies(step, answers):
        return False
    order = steps_for(answers)
    return order.index(step) <= order.index(first_unanswered(answers))


def ready_to_submit(answers: Mapping[str, Any]) -> bool:
    return first_unanswered(answers) == "check-answers"
