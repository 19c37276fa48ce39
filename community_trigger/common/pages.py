"""Pages of long lists that cost the same whatever the list's length: counted only up to a bound."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet

# How many rows a list counts before it says "more than": 40 pages of 25. Counting 100,000 cases
# would read them all for a number nobody pages through; beyond the bound, a search, a filter or the
# other order finds a case sooner.
COUNT_BOUND = 1000


class BoundedPaginator(Paginator):  # type: ignore[type-arg]
    """A paginator that counts at most `bound` rows (reading one more to know whether there are
    others) and pages through those only. `more` says the list goes on beyond them; its last rows
    are the first pages of the list sorted the other way round."""

    def __init__(self, object_list: Any, per_page: int, *, bound: int | None = None, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.bound = COUNT_BOUND if bound is None else bound

    @cached_property
    def _counted(self) -> int:
        """The rows, counted up to one beyond the bound, in one query that stops there."""
        if isinstance(self.object_list, QuerySet):
            # Only the ids: the count reads an index, never the rows' annotations.
            return self.object_list.values("pk")[: self.bound + 1].count()
        return len(self.object_list[: self.bound + 1])

    @cached_property
    def count(self) -> int:
        """The rows the pages hold: all of them, or the first `bound`."""
        return min(self._counted, self.bound)

    @property
    def more(self) -> bool:
        """Whether the list goes on beyond the rows the pages hold."""
        return self._counted > self.bound
