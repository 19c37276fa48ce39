"""Reads for deadlines: what is due for a member of staff, a page at a time, and everything due, for
the reminders job."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Case, F, IntegerField, QuerySet, Value, When

from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record_many
from community_trigger.deadlines.sources import SOURCES, DueItem, Scope, Source

# The columns every kind's rows are listed by, together: its kind (by its place in SOURCES, so that
# sorting by kind follows the filter's order), its row's id, its due date and its case's reference;
# and whether the case is someone else's (0 for the reader's own), for lists that put theirs first.
KIND, ROW, DUE, REFERENCE, NOT_MINE = "due_kind", "due_row", "due_on", "due_reference", "due_not_mine"

# What "Due and overdue" sorts by, as columns; the kind and the row's id break ties. The earliest due
# date first is overdue first (the longest overdue at the top), then due today, then coming up.
DUE_SORTS: dict[str, tuple[str, ...]] = {
    "due": (DUE, REFERENCE, KIND, ROW),
    "reference": (REFERENCE, DUE, KIND, ROW),
    "kind": (KIND, DUE, REFERENCE, ROW),
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


def _sources(kind: str | None, *, reminded_only: bool = False) -> list[tuple[int, Source]]:
    return [
        (position, source)
        for position, source in enumerate(SOURCES)
        if kind in (None, source.kind) and (source.reminded or not reminded_only)
    ]


def due_rows(scope: Scope, *, kind: str | None = None, mine_first: int | None = None) -> QuerySet[Any]:
    """Every source's rows in `scope` as one UNION ALL of small queries, each row (kind, row id, due
    date, case reference, not mine) as a dict, for the database to count, order and page; items are
    built only for the rows on a page (`items_of`). With `mine_first`, a user's id, their own cases'
    rows say so (NOT_MINE 0)."""
    parts = []
    for position, source in _sources(kind):
        not_mine: Any = Value(1, output_field=IntegerField())
        if mine_first is not None:
            not_mine = Case(
                When(**{source.owner: mine_first}, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        parts.append(
            source.rows(scope)
            .order_by()
            .values(
                **{
                    KIND: Value(position, output_field=IntegerField()),
                    ROW: F("pk"),
                    DUE: F(source.due),
                    REFERENCE: F(source.reference),
                    NOT_MINE: not_mine,
                }
            )
        )
    if not parts:
        return SOURCES[0].model._default_manager.none()
    first, *rest = parts
    return first.union(*rest, all=True) if rest else first


def items_of(rows: Sequence[dict[str, Any]], today: date) -> list[DueItem]:
    """The due items of `rows` (from `due_rows`), in their order: one or two queries per kind among
    them, however many rows."""
    wanted: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        wanted[row[KIND]].append(row[ROW])
    built: dict[tuple[int, int], DueItem] = {}
    for position, ids in wanted.items():
        for found in SOURCES[position].these(ids, today):
            built[position, int(found.key.split(":")[1])] = found
    # A row gone between the two reads (answered meanwhile) is left out rather than shown stale.
    return [item for row in rows if (item := built.get((row[KIND], row[ROW]))) is not None]


def _gathered(scope: Scope, today: date, kind: str | None, *, reminded_only: bool = False) -> list[DueItem]:
    sources = _sources(kind, reminded_only=reminded_only)
    items = [item for _, source in sources for item in source.gather(scope, today)]
    return sorted(items, key=lambda item: (item.due_on, item.reference, item.kind, item.key))


def due_items_for(
    user: AbstractBaseUser | AnonymousUser, *, today: date, kind: str | None = None
) -> list[DueItem]:
    """Everything due on the cases `user` may see (starting from `case_list_for`), overdue first; only
    the sources of `kind` when given. Unbounded: pages use `due_page_for` and `due_today_for`."""
    return _gathered(Scope.of(user), today, kind)


def due_items_everywhere(*, today: date, due_before: date | None = None) -> list[DueItem]:
    """Everything due in every partnership that the reminders remind of, for the reminders job; only
    what is due before `due_before` when given (what is further off brings no reminder yet)."""
    return _gathered(replace(Scope.everywhere(), due_before=due_before), today, None, reminded_only=True)


@dataclass(frozen=True)
class DueFilters:
    """The page's filters: only the sources of `kind` (None for all); only items on the user's own
    cases or named to them (`mine`); only an agency's (`agency`); only what is overdue."""

    kind: str | None = None
    mine: bool = False
    agency: int | None = None
    overdue: bool = False


def _record_seen(user: AbstractBaseUser | AnonymousUser, items: Sequence[DueItem], detail: str) -> None:
    cases = list({item.case.pk: item.case for item in items if item.case is not None}.values())
    if cases:
        audit_record_many(
            actor=user,
            action=AuditEntry.Action.VIEW,
            subjects=cases,
            detail=detail,
            purpose=AuditEntry.Purpose.CASE_LIST,
        )


def due_page_for(
    user: AbstractBaseUser | AnonymousUser,
    *,
    today: date,
    filters: DueFilters,
    sort: object,
    number: Any,
    per_page: int,
) -> Page[DueItem]:
    """Page `number` of what is due on the cases `user` may see (starting from `case_list_for`), as
    `filters` cut it and `sort` orders it, counted, ordered and paged in the database; each case on
    the page recorded in the audit log once, as seen on a list of cases."""
    scope = replace(
        Scope.of(user),
        mine=user.pk if filters.mine else None,
        agency=filters.agency,
        due_before=today if filters.overdue else None,
    )
    key, descending = due_sort_of(sort)
    order = [f"-{column}" if descending else column for column in DUE_SORTS[key]]
    page = Paginator(due_rows(scope, kind=filters.kind).order_by(*order), per_page).get_page(number)
    page.object_list = items_of(list(page.object_list), today)
    _record_seen(user, page.object_list, "due list")
    return page


@dataclass(frozen=True)
class DueToday:
    """The first `shown` things due today or overdue for a user, their own cases' first, and how many
    there are in all."""

    items: list[DueItem]
    count: int


def due_today_for(user: AbstractBaseUser | AnonymousUser, *, today: date, shown: int) -> DueToday:
    """What is due today or overdue on the cases `user` may see, their own cases first, then the longest
    overdue first: the first `shown` of them and the count of all, in a bounded number of queries."""
    scope = replace(Scope.of(user), due_before=today + timedelta(days=1))
    rows = due_rows(scope, mine_first=user.pk)
    first = list(rows.order_by(NOT_MINE, DUE, REFERENCE, KIND, ROW)[:shown])
    count = len(first) if len(first) < shown else rows.count()
    return DueToday(items=items_of(first, today), count=count)
