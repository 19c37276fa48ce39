"""The rows that count an application in a figure, one per year basis. Which event counts in which
figure, and when, is the dispatcher's to say (community_trigger/consequences/dispatch.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from community_trigger.domain.reporting_years import YearBasis, year_of

Figure = str  # a value of statistics.models.Counted.Figure


def counted_rows(
    model: Any, *, partnership_id: int, application_id: int, figure: Figure, at: datetime
) -> list[Any]:
    """The rows that count one application in `figure` in the year of `at`, one per year basis."""
    day = timezone.localdate(at)
    return [
        model(
            partnership_id=partnership_id,
            application_id=application_id,
            figure=figure,
            year_basis=basis.value,
            year_start=year_of(day, basis).start_year,
        )
        for basis in YearBasis
    ]
