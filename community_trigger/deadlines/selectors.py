"""Reads for deadlines: what is due for a member of staff, and everything due, for the reminders job."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from community_trigger.deadlines.sources import SOURCES, DueItem, Scope


def _gathered(scope: Scope, today: date, kind: str | None, *, reminded_only: bool = False) -> list[DueItem]:
    items = [
        item
        for source in SOURCES
        if kind in (None, source.kind) and (source.reminded or not reminded_only)
        for item in source.gather(scope, today)
    ]
    # The earliest due date first is overdue first (the longest overdue at the top), then due today,
    # then coming up, soonest first.
    return sorted(items, key=lambda item: (item.due_on, item.reference, item.kind, item.key))


def due_items_for(
    user: AbstractBaseUser | AnonymousUser, *, today: date, kind: str | None = None
) -> list[DueItem]:
    """What is due on the cases `user` may see (starting from `case_list_for`), overdue first; only
    the sources of `kind` when given."""
    return _gathered(Scope.of(user), today, kind)


def due_items_everywhere(*, today: date) -> list[DueItem]:
    """Everything due in every partnership that the reminders remind of, for the reminders job."""
    return _gathered(Scope.everywhere(), today, None, reminded_only=True)
