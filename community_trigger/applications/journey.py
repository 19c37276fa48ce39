"""The order of the question pages, and which apply to whom.

One thing per page (GOV.UK Design System). Pages that do not apply to the person's answers are
skipped: only someone acting for a victim is asked about the victim, only someone acting for a group
is asked about its members.

Nobody is turned away before they have told us what happened: consent comes first (nothing is shared
without it, and saying no deletes nothing until the person confirms), and whether the request is also
about how a member of staff behaved is asked only after the incidents, and never ends the request.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

# In the order a person meets them. Each name is also the page's URL segment.
STEPS = (
    "who",
    "consent",
    "your-details",
    "contact",
    "letter-format",
    "victim",
    "members",
    "incidents",
    "staff-conduct",
    "satisfaction",
    "impact",
    "check-answers",
)

# When a page counts as answered; list pages count once the person says they have added them all.
_DONE_WHEN: dict[str, Callable[[Mapping[str, Any]], bool]] = {
    "who": lambda a: "role" in a,
    "consent": lambda a: a.get("consent") == "yes",
    "your-details": lambda a: "you" in a,
    "contact": lambda a: "contact" in a,
    "letter-format": lambda a: "letter_format" in a,
    "victim": lambda a: "victim" in a,
    "members": lambda a: bool(a.get("members")) and a.get("members_done") is True,
    "incidents": lambda a: bool(a.get("incidents")) and a.get("incidents_done") is True,
    "staff-conduct": lambda a: a.get("staff_conduct") in ("yes", "no"),
    "satisfaction": lambda a: "satisfaction" in a,
    "impact": lambda a: "impact" in a,
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


def resume_place(answers: Mapping[str, Any]) -> list[str]:
    """Where someone coming back by link or code carries on: the page they saved while typing on it
    (as a URL name and its arguments), or the first page still to answer."""
    typed = answers.get("typed")
    if isinstance(typed, dict) and isinstance(typed.get("page"), list):
        return [str(part) for part in typed["page"]]
    return ["step", first_unanswered(answers)]
