"""Reads for deadlines: what is due for a member of staff, and everything due, for the reminders job."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.paginator import Page, Paginator

from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record_many
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


# What "Due and overdue" sorts by; the item's key (its kind and row id) breaks ties.
_KIND_ORDER = {source.kind: position for position, source in enumerate(SOURCES)}
DUE_SORTS: dict[str, Callable[[DueItem], tuple[Any, ...]]] = {
    "due": lambda item: (item.due_on, item.reference, _KIND_ORDER[item.kind], item.key),
    "reference": lambda item: (item.reference, item.due_on, _KIND_ORDER[item.kind], item.key),
    "kind": lambda item: (_KIND_ORDER[item.kind], item.due_on, item.reference, item.key),
}
DEFAULT_DUE_SORT = "due"


def due_sort_of(value: object) -> tuple[str, bool]:
    """The sort a `sort` value asks for, as (key, descending): "due" is soonest (the longest overdue)
    first, "-due" latest first. Anything else is the default."""
    text = str(value or "")
    key = text.removeprefix("-")
    if key not in DUE_SORTS:
        return DEFAULT_DUE_SORT, False
    return key, text.startswith("-")


@dataclass(frozen=True)
class DueFilters:
    """The page's filters: only the sources of `kind` (None for all); only items on the user's own
    cases or named to them (`mine`); only an agency's (`agency`); only what is overdue."""

    kind: str | None = None
    mine: bool = False
    agency: int | None = None
    overdue: bool = False


def due_page_for(
    user: AbstractBaseUser | AnonymousUser,
    *,
    today: date,
    filters: DueFilters,
    sort: object,
    number: Any,
    per_page: int,
) -> Page[DueItem]:
    """Page `number` of what is due on the cases `user` may see, as `filters` cut it (in each source's
    query) and `sort` orders it; each case on the page recorded in the audit log once, as seen on a
    list of cases."""
    scope = replace(
        Scope.of(user),
        mine=user.pk if filters.mine else None,
        agency=filters.agency,
        due_before=today if filters.overdue else None,
    )
    items = _gathered(scope, today, filters.kind)
    key, descending = due_sort_of(sort)
    items.sort(key=DUE_SORTS[key], reverse=descending)
    page = Paginator(items, per_page).get_page(number)
    cases = list({item.case.pk: item.case for item in page}.values())
    if cases:
        audit_record_many(
            actor=user,
            action=AuditEntry.Action.VIEW,
            subjects=cases,
            detail="due list",
            purpose=AuditEntry.Purpose.CASE_LIST,
        )
    return page
