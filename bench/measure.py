"""What the benches share that needs no database: percentiles, targets and the lines they print."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) of `values`, by the nearest rank: the smallest value with at least
    q% of the values at or below it (so p95 of 10 runs is the slowest but none, p50 the middle)."""
    if not values:
        raise ValueError("no values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} is not between 0 and 100")
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Target:
    """A figure's limit: at most `limit` (times, memory) or, with `at_least`, at least it (ratios)."""

    limit: float
    unit: str = "ms"
    at_least: bool = False

    def met(self, value: float) -> bool:
        return value >= self.limit if self.at_least else value <= self.limit

    def words(self) -> str:
        sign = "≥" if self.at_least else "≤"
        return f"{sign} {self.limit:g}{' ' + self.unit if self.unit else ''}"


def verdict(value: float | None, target: Target) -> str:
    """ "met", "MISSED" (capitals, to stand out in a column of "met"), or "n/a" when not measured."""
    if value is None:
        return "n/a"
    return "met" if target.met(value) else "MISSED"


def table(headings: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Rows as a plain text table, the first column left-aligned and the others right-aligned."""
    cells = [[str(cell) for cell in row] for row in [headings, *rows]]
    widths = [max(len(row[column]) for row in cells) for column in range(len(headings))]
    lines = []
    for row in cells:
        first, *rest = row
        lines.append(
            "  ".join([first.ljust(widths[0])] + [cell.rjust(widths[i + 1]) for i, cell in enumerate(rest)])
        )
    return "\n".join(lines)


def milliseconds(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}" if value >= 100 else f"{value:.1f}"
