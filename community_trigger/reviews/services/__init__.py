"""Writes for the review, one module per part of it: the meeting (meetings), the recommendations, the
action plan, the outcome and closing the case (plans), and escalations (escalations).

Each is one transaction that locks the case first and ends by recording its event: a move through
`cases.services.case_transition`, which checks the workflow table, any other change through
`cases.history.event_record`. The letters, emails, counts and audit entries follow from the event
(community_trigger/consequences); nothing here writes them.
"""

from __future__ import annotations


class ReviewRefused(Exception):
    """The review cannot take this step: the message says why, in words for the member of staff, and
    `field` names the input it is about, when it is about one (a form shows it there)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def refuse_unless(condition: bool, message: str, *, field: str | None = None) -> None:
    if not condition:
        raise ReviewRefused(message, field=field)
