"""Reads for the published statistics: every figure of every year of one partnership, counted in the
database in a fixed number of queries (two, however many years and cases), and what the public is
shown for each year: the published snapshot where there is one, otherwise the live figures.

Years are told apart in the service's time zone (Europe/London), so an application sent at 00:30 on
1 April during British Summer Time counts in the new financial year although it is still 31 March in
UTC: each year starts at local midnight, and rows are compared with those moments.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import (
    Case,
    Count,
    Expression,
    IntegerField,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from community_trigger.agencies.models import Partnership
from community_trigger.cases.models import Application
from community_trigger.common.language import ENGLISH, current_language
from community_trigger.common.wording import year_span
from community_trigger.domain.figures import Cohort, YearFigures, cohort
from community_trigger.domain.reporting_years import (
    EARLIEST_YEAR,
    ReportingYear,
    year_of,
    years_between,
)
from community_trigger.domain.workflow import State
from community_trigger.statistics.models import Counted, PublishedFigures
from community_trigger.statistics.wording import sentence


def _year(moment: str, years: Sequence[ReportingYear]) -> Expression:
    """The start year of the reporting year that the timestamp `moment` falls in, among `years` (oldest
    first; earlier times count in the first, later in the last).

    A CASE that halves the years at each step compares each row's timestamp with the years' first
    moments, local midnight, a few times: no time zone arithmetic per row, on either database. (Extract
    functions convert every row's time zone, which made the figures several times slower.)
    """
    if len(years) == 1:
        return Value(years[0].start_year, output_field=IntegerField())
    middle = len(years) // 2
    starts = timezone.make_aware(datetime.combine(years[middle].first_day, time.min))
    return Case(
        When(**{f"{moment}__lt": starts}, then=_year(moment, years[:middle])),
        default=_year(moment, years[middle:]),
        output_field=IntegerField(),
    )


def _by_year(
    queryset: QuerySet[Any],
    moment: str,
    years: Sequence[ReportingYear],
    *group_by: str,
    **counts: Count,
) -> list[dict[str, int | str]]:
    """One row per reporting year (and per `group_by`), each count over the year's rows."""
    rows = queryset.annotate(reporting_year=_year(moment, years)).values("reporting_year", *group_by)
    return list(rows.annotate(**counts).order_by())


@dataclass(frozen=True)
class LiveYear:
    """One year's figures as the cases say now."""

    year: ReportingYear
    figures: YearFigures
    cohort: Cohort

    @property
    def sentence(self) -> str:
        return sentence(self.year.label, self.cohort)


def live_figures(partnership: Partnership, *, today: date | None = None) -> list[LiveYear]:
    """Every figure for every year of `partnership`, oldest year first, from its first application's
    year to this year (a year with nothing is listed with noughts: a year with no requests is a
    figure too). Two queries, each a count grouped by year, however many cases and years.

    What each figure counts (YearFigures), by the date it happened on in the year:
    - received: applications submitted in the year (Application.submitted_at; for one entered by
      staff, the day it was received);
    - threshold_not_met: applications with a "threshold not met" decision made in the year; a
      discretionary review is not counted here: under s104(5) it is a decision to review a case below
      the threshold, counted as discretionary_reviews;
    - reviews_carried_out: applications whose review meeting was held in the year (by the meeting's
      day, not the day its record was written);
    - reviews_with_recommendations: of those, applications whose meeting made at least one
      recommendation (whatever the agency then did with it);
    - withdrawn: applications withdrawn in the year;
    - escalations_requested: applications whose applicant asked for an escalation in the year
      (late ones included);
    - escalations_upheld: applications with an escalation decided in their favour in the year.
    Each counts an application once a year even if an escalation took it through the step twice. All
    but received are counted as they happen (statistics.counting), so they are read from one table.

    The cohort (Cohort) takes the applications received in the year and counts where each stands now,
    from its state and its decision to review (domain.figures.standing).
    """
    basis = partnership.reporting_basis
    today = today or timezone.localdate()
    this_year = year_of(today, basis)
    # Every year an application can be in: from the Community Trigger's first to this one.
    possible = years_between(ReportingYear(basis, EARLIEST_YEAR), this_year)

    received = _by_year(
        Application.objects.filter(partnership=partnership),
        "submitted_at",
        possible,
        "state",
        "review_decision",
        n=Count("pk"),
    )
    counted = (
        Counted.objects.filter(partnership=partnership, year_basis=basis.value)
        .values("year_start", "figure")
        .annotate(n=Count("pk"))
        .order_by()
    )

    figures: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in received:
        figures[int(row["reporting_year"])]["received"] += int(row["n"])
    for row in counted:
        figures[int(row["year_start"])][str(row["figure"])] += int(row["n"])
    cohorts = _cohorts(received)

    seen = [ReportingYear(basis, start) for start in figures] + [this_year]
    return [
        LiveYear(
            year=year,
            figures=YearFigures.from_dict(figures.get(year.start_year, {})),
            cohort=cohorts.get(year.start_year, Cohort()),
        )
        for year in years_between(min(seen), max(seen))
    ]


def _cohorts(received: Iterable[Mapping[str, int | str]]) -> dict[int, Cohort]:
    """Each year's cohort, from its applications counted by state and decision to review."""
    by_state: dict[int, dict[State, int]] = defaultdict(lambda: defaultdict(int))
    to_review: dict[int, dict[tuple[State, State], int]] = defaultdict(lambda: defaultdict(int))
    for row in received:
        year, state, n = int(row["reporting_year"]), State(str(row["state"])), int(row["n"])
        by_state[year][state] += n
        if row["review_decision"]:
            to_review[year][(state, State(str(row["review_decision"])))] += n
    return {year: cohort(states, to_review[year]) for year, states in by_state.items()}


# What the public is shown ----------------------------------------------------------------------------


@dataclass(frozen=True)
class YearStatement:
    """One year as the public page, the downloads and the API state it, with the live figures beside
    it for the coordinator: the latest published version if there is one, else the live figures,
    provisional."""

    live: LiveYear
    today: date
    versions: list[PublishedFigures] = field(default_factory=list)  # oldest first

    @property
    def year(self) -> ReportingYear:
        return self.live.year

    @property
    def published(self) -> PublishedFigures | None:
        return self.versions[-1] if self.versions else None

    @property
    def earlier_versions(self) -> list[PublishedFigures]:
        return self.versions[:-1]

    @property
    def figures(self) -> YearFigures:
        return self.published.year_figures if self.published else self.live.figures

    @property
    def cohort(self) -> Cohort:
        return self.published.year_cohort if self.published else self.live.cohort

    @property
    def sentence(self) -> str:
        """As published, in English; in another language, the same figures told in its words."""
        if self.published is None:
            return self.live.sentence
        if current_language() == ENGLISH:
            return self.published.sentence
        return sentence(self.year.label, self.published.year_cohort)

    @property
    def span(self) -> str:
        """The year's first and last months, in the language being spoken."""
        return year_span(self.year)

    @property
    def complete(self) -> bool:
        """The year has ended, so its figures can be published."""
        return self.year.has_ended(self.today)

    @property
    def status(self) -> str:
        return "published" if self.published else "provisional"

    @property
    def changed_since_published(self) -> bool:
        """The cases were corrected after the latest version was published: publishing again would
        add a version that differs."""
        published = self.published
        return bool(
            published
            and (published.year_figures != self.live.figures or published.year_cohort != self.live.cohort)
        )

    @property
    def publishable(self) -> bool:
        return self.complete and (self.published is None or self.changed_since_published)


def year_statements(partnership: Partnership, *, today: date | None = None) -> list[YearStatement]:
    """Every year of `partnership`, oldest first, with its published versions: three queries (the two
    of live_figures, one for the versions)."""
    today = today or timezone.localdate()
    versions: dict[int, list[PublishedFigures]] = defaultdict(list)
    for published in PublishedFigures.objects.filter(
        partnership=partnership, year_basis=partnership.year_basis
    ).select_related("published_by"):
        versions[published.year_start].append(published)
    return [
        YearStatement(live=live, today=today, versions=versions.get(live.year.start_year, []))
        for live in live_figures(partnership, today=today)
    ]


def figures_fingerprint(statement: YearStatement) -> str:
    """A short digest of a year's live figures and latest version: two looks at the year with the same
    fingerprint saw the same figures to publish."""
    seen = {
        "figures": statement.live.figures.as_dict(),
        "cohort": statement.live.cohort.as_dict(),
        "version": statement.published.version if statement.published else 0,
    }
    return hashlib.sha256(json.dumps(seen, sort_keys=True).encode()).hexdigest()[:32]


def year_statement(
    partnership: Partnership, year: ReportingYear, *, today: date | None = None
) -> YearStatement | None:
    """One year of `partnership`, or None when the year is outside those on record."""
    return next(
        (statement for statement in year_statements(partnership, today=today) if statement.year == year), None
    )
