"""The bar chart of the four figures s104 names, year by year, drawn on the server as SVG geometry.

One panel per figure, on one scale so the panels compare (reviews can be read against requests),
each bar labelled with its number and year, so nothing is told by colour alone. The template draws
it; the table beside it is its text alternative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from community_trigger.domain.figures import FIGURE_LABELS, STATUTORY_FIGURES, YearFigures
from community_trigger.domain.reporting_years import ReportingYear, YearBasis

WIDTH = 640
LEFT = 8
PANEL_TITLE = 26  # the panel's title line
BARS = 72  # the tallest bar
BELOW = 26  # the year labels under the bars
GAP = 16  # between panels
VALUE_ROOM = 18  # above the tallest bar, for its number


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str
    centre: float  # where its number and year are centred
    value_y: float  # the baseline of its number, just above it


@dataclass(frozen=True)
class Panel:
    title: str
    title_y: float
    baseline: float
    label_y: float  # the baseline of the years under the bars
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    panels: list[Panel]


def _year_label(year: ReportingYear, slot: float) -> str:
    """The full label where it fits, "23/24" where the bars are narrow."""
    if year.basis is YearBasis.FINANCIAL and slot < 64:
        return f"{year.start_year % 100:02d}/{(year.start_year + 1) % 100:02d}"
    return year.label


def bar_chart(years: Sequence[tuple[ReportingYear, YearFigures]]) -> Chart:
    """The geometry for `years` (oldest first): four panels, one a statutory figure."""
    slot = (WIDTH - LEFT) / max(len(years), 1)
    tallest = max([getattr(figures, name) for _, figures in years for name in STATUTORY_FIGURES] + [1])
    panels = []
    top = 0.0
    for name in STATUTORY_FIGURES:
        baseline = top + PANEL_TITLE + VALUE_ROOM + BARS
        bars = []
        for index, (year, figures) in enumerate(years):
            value = getattr(figures, name)
            height = BARS * value / tallest
            x = LEFT + index * slot + slot * 0.2
            bars.append(
                Bar(
                    x=round(x, 1),
                    y=round(baseline - height, 1),
                    width=round(slot * 0.6, 1),
                    height=round(height, 1),
                    value=value,
                    label=_year_label(year, slot),
                    centre=round(x + slot * 0.3, 1),
                    value_y=round(baseline - height - 5, 1),
                )
            )
        panels.append(
            Panel(
                title=FIGURE_LABELS[name],
                title_y=top + 18,
                baseline=baseline,
                label_y=baseline + 18,
                bars=bars,
            )
        )
        top = baseline + BELOW + GAP
    return Chart(width=WIDTH, height=round(top - GAP), panels=panels)
