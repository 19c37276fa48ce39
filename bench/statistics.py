"""How long the published statistics take: every figure of every year of one partnership, on PostgreSQL.

Builds (once, then reuses) a partnership with 100,000 applications over 10 years (`--per-year 100000`
for a million), whose cases went every way the procedure allows: withdrawn, not met, escalated and
upheld, reviewed with and without recommendations, at the partnership's discretion, still waiting,
with every case event on record. A second partnership holds a tenth as many, so the figures must
pick their partnership's rows out. The rows are written with COPY, not through the services (the data
set is the bench's own; the services are tested elsewhere). Then it times `live_figures` and
`year_statements` (what every page, download and API answer calls) for the large partnership, with
each query's time. Target: at most 200 ms.

    DATABASE_URL=postgres://user:password@127.0.0.1:5432/bench make bench   (see bench/README.md)
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this folder comes first on sys.path, and this file would stand in for the standard
# library's `statistics` for anything that imports it; the project's root is what should be there.
HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from typing import Any  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

import django  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from community_trigger.agencies.models import Agency, Partnership  # noqa: E402
from community_trigger.consequences.dispatch import recount  # noqa: E402
from community_trigger.statistics.models import Counted  # noqa: E402
from community_trigger.statistics.selectors import live_figures, year_statements  # noqa: E402

TARGET_MS = 200.0
BENCH_SLUG = "bench-statistics"
OTHER_SLUG = "bench-statistics-other"
CHUNK = 20_000
LONDON = ZoneInfo("Europe/London")


@dataclass
class Rows:
    """The rows of one chunk of applications, table by table, ready for COPY."""

    applications: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    decisions: list[tuple[Any, ...]] = field(default_factory=list)
    meetings: list[tuple[Any, ...]] = field(default_factory=list)
    recommendations: list[tuple[Any, ...]] = field(default_factory=list)
    escalations: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass
class Ids:
    """The next free id of each table: rows are written with their ids, so children can name parents."""

    application: int
    event: int
    decision: int
    meeting: int
    recommendation: int
    escalation: int


@dataclass
class Case:
    """One generated case as it goes along: its rows, its state, the moment it has reached."""

    rows: Rows
    ids: Ids
    application: int
    user: int
    agency: int
    at: datetime
    state: str = "received"
    review_decision: str = ""  # as threshold_decide keeps it: the decision to hold a review, if any

    def later(self, rng: random.Random, days: int) -> datetime:
        self.at += timedelta(days=rng.randint(1, days), minutes=rng.randint(0, 600))
        return self.at

    def move(self, to: str, rng: random.Random, days: int = 10, **facts: Any) -> None:
        at = self.later(rng, days)
        self.event("moved", at, self.state, to, **facts)
        self.state = to

    def event(self, kind: str, at: datetime, was: str = "", to: str = "", **facts: Any) -> None:
        """One row of the case's history, as cases.history.event_record writes it."""
        self.rows.events.append(
            (self.ids.event, self.application, kind, at, was, to, "bench", json.dumps(facts))
        )
        self.ids.event += 1

    def decide(self, outcome: str, rng: random.Random) -> None:
        self.move(outcome, rng, 12)
        if outcome in ("threshold_met", "discretionary_review"):
            self.review_decision = outcome
        self.rows.decisions.append(
            (self.ids.decision, self.application, outcome, "", True, self.user, self.at)
        )
        self.ids.decision += 1

    def review(self, rng: random.Random) -> None:
        self.move("information_requested", rng, 5)
        self.move("review_scheduled", rng, 10)
        meeting = self.ids.meeting
        self.ids.meeting += 1
        # A review counts on the day of its meeting, which the event says (here, the day it is held).
        held_on = self.later(rng, 15)
        self.event("moved", held_on, self.state, "review_held", meeting=meeting, held_on=held_on.isoformat())
        self.state = "review_held"
        self.rows.meetings.append(
            (
                meeting,
                self.application,
                self.at,
                "",
                "",
                self.user,
                False,
                "attending",
                "",
                self.user,
                self.at,
                True,
                "",
                "",
                True,
                self.user,
                self.at,
                "",
                "",
                "",
            )
        )
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            self.rows.recommendations.append(
                (
                    self.ids.recommendation,
                    meeting,
                    self.agency,
                    self.user,
                    "Act",
                    self.at.date(),
                    "accepted",
                    "",
                    self.at,
                )
            )
            self.event(
                "recommendation_added",
                self.at,
                meeting=meeting,
                recommendation=self.ids.recommendation,
                held_on=held_on.isoformat(),
            )
            self.ids.recommendation += 1
        self.move("outcome_sent", rng, 10)

    def escalate(self, rng: random.Random, upheld: bool) -> None:
        escalated_from = self.state
        self.move("escalated", rng, 15)
        requested = self.at
        decided = self.later(rng, 20)
        self.rows.escalations.append(
            (
                self.ids.escalation,
                self.application,
                "application",
                "[]",
                "",
                escalated_from,
                requested,
                requested.date() + timedelta(days=28),
                False,
                upheld,
                "",
                self.user,
                decided,
                "",
            )
        )
        self.ids.escalation += 1
        back = {"threshold_not_met": "acknowledged", "outcome_sent": "information_requested"}
        to = back[escalated_from] if upheld else escalated_from
        self.event("moved", decided, "escalated", to, escalation=self.ids.escalation - 1)
        self.state = to


def one_case(case: Case, rng: random.Random, recent: bool) -> None:
    """Walk one case through the procedure, the way about that share of real cases go."""
    if recent and rng.random() < 0.1:
        if rng.random() < 0.5:
            case.move("acknowledged", rng, 3)
        return
    case.move("acknowledged", rng, 3)
    path = rng.random()
    if path < 0.08:
        case.move("withdrawn", rng, 10)
    elif path < 0.50:
        case.decide("threshold_not_met", rng)
        if rng.random() < 0.08:
            upheld = rng.random() < 0.3
            case.escalate(rng, upheld)
            if upheld:
                case.decide("threshold_met", rng)
                case.review(rng)
        elif rng.random() < 0.8:
            case.move("closed", rng, 20)
    else:
        case.decide("discretionary_review" if path < 0.55 else "threshold_met", rng)
        if recent and rng.random() < 0.3:
            case.move("information_requested", rng, 5)
            return
        case.review(rng)
        if rng.random() < 0.05:
            upheld = rng.random() < 0.25
            case.escalate(rng, upheld)
            if upheld:
                case.review(rng)
        if rng.random() < 0.9:
            case.move("closed", rng, 30)


def chunks(
    partnership: Partnership, ids: Ids, *, years: int, per_year: int, user: int, agency: int, seed: int
) -> Iterator[Rows]:
    """The partnership's cases, CHUNK applications at a time; the last year is the one in progress."""
    rng = random.Random(seed)
    today = timezone.localdate()
    this_year = today.year - (1 if today.month < 4 else 0)
    rows = Rows()
    for offset in range(years):
        start_year = this_year - years + 1 + offset
        start = datetime(start_year, 4, 1, tzinfo=LONDON)
        end = min(datetime(start_year + 1, 4, 1, tzinfo=LONDON), datetime.now(UTC) - timedelta(days=1))
        seconds = int((end - start).total_seconds())
        recent = start_year == this_year
        for number in range(1, per_year + 1):
            submitted = start + timedelta(seconds=rng.randrange(seconds))
            case = Case(rows, ids, ids.application, user, agency, submitted)
            case.event("moved", submitted, "", "received", channel="online")
            one_case(case, rng, recent)
            rows.applications.append(
                (
                    case.application,
                    partnership.pk,
                    f"{partnership.reference_prefix}-{start_year}-{number:06d}",
                    start_year,
                    number,
                    "online",
                    case.state,
                    submitted,
                    "victim",
                    False,
                    "not_satisfied",
                    "",
                    "",
                    "",
                    submitted.date() + timedelta(days=7),
                    None,
                    None,
                    case.review_decision,
                    "en",
                    "standard",
                    "",
                    submitted,
                    submitted,
                )
            )
            ids.application += 1
            if len(rows.applications) >= CHUNK:
                yield rows
                rows = Rows()
    if rows.applications:
        yield rows


COLUMNS = {
    "applications": (
        "cases_application",
        "id, partnership_id, reference, year, number, channel, state, submitted_at, applicant_role, "
        "about_single_organisation, satisfaction, impact, vulnerability, support_wanted, acknowledge_by, "
        "due_by, review_date, review_decision, language, letter_format, letter_format_detail, created_at, "
        "updated_at",
    ),
    "events": ("cases_caseevent", "id, application_id, kind, at, from_state, to_state, actor_label, facts"),
    "decisions": (
        "cases_thresholddecision",
        "id, application_id, outcome, reasons, engine_threshold_met, decided_by_id, decided_at",
    ),
    "meetings": (
        "reviews_meeting",
        "id, application_id, starts_at, place, online_link, chair_id, chair_independent, "
        "victim_involvement, not_invited_reason, scheduled_by_id, scheduled_at, held, attendees, findings, "
        "further_action_possible, recorded_by_id, recorded_at, applicant_comments, summary_for_applicant, "
        "unanswered_reason",
    ),
    "recommendations": (
        "reviews_recommendation",
        "id, meeting_id, agency_id, owner_id, action, due_by, status, declined_reason, created_at",
    ),
    "escalations": (
        "reviews_escalation",
        "id, application_id, about, grounds, details, escalated_from, requested_at, window_ends, late, "
        "upheld, reasons, decided_by_id, decided_at, pcc_referral_note",
    ),
}


def next_ids() -> Ids:
    with connection.cursor() as cursor:

        def after(table: str) -> int:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608 (our own names)
            return int(cursor.fetchone()[0])

        return Ids(
            application=after("cases_application"),
            event=after("cases_caseevent"),
            decision=after("cases_thresholddecision"),
            meeting=after("reviews_meeting"),
            recommendation=after("reviews_recommendation"),
            escalation=after("reviews_escalation"),
        )


def copy(rows: Rows) -> None:
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        for name, (table, columns) in COLUMNS.items():
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copying:
                for row in getattr(rows, name):
                    copying.write_row(row)


def reset_sequences() -> None:
    with connection.cursor() as cursor:
        for table, _ in COLUMNS.values():
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608
            )


def remove(slug: str) -> None:
    """Delete a bench partnership and everything of its cases (the bench's own rows only)."""
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        return
    # Case events are append-only in the database: their triggers let these generated ones go only
    # while the maintenance table holds a row, written and removed in this one transaction.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO append_only_maintenance (reason) VALUES ('bench data removed')")
        cursor.execute("DELETE FROM statistics_counted WHERE partnership_id = %s", [partnership.pk])
        apps = "SELECT id FROM cases_application WHERE partnership_id = %s"
        meetings = f"SELECT id FROM reviews_meeting WHERE application_id IN ({apps})"  # noqa: S608
        recommendations = f"DELETE FROM reviews_recommendation WHERE meeting_id IN ({meetings})"  # noqa: S608
        cursor.execute(recommendations, [partnership.pk])
        for table in ("reviews_meeting", "reviews_escalation", "cases_thresholddecision", "cases_caseevent"):
            sql = f"DELETE FROM {table} WHERE application_id IN ({apps})"  # noqa: S608 (our own table names)
            cursor.execute(sql, [partnership.pk])
        cursor.execute("DELETE FROM cases_application WHERE partnership_id = %s", [partnership.pk])
        cursor.execute("DELETE FROM cases_referencecounter WHERE partnership_id = %s", [partnership.pk])
        cursor.execute("DELETE FROM append_only_maintenance")
        partnership.agencies.all().delete()
        partnership.delete()


def build(slug: str, prefix: str, years: int, per_year: int, seed: int) -> Partnership:
    """The partnership and all its cases, made in one transaction: a build stopped halfway (Ctrl-C, a
    column the schema gained) leaves the data set as it was, never one the next run would reuse."""
    with transaction.atomic():
        remove(slug)
        partnership = Partnership.objects.create(name=f"Bench {slug}", slug=slug, reference_prefix=prefix)
        agency = Agency.objects.create(
            partnership=partnership, name=f"{slug} council", kind=Agency.Kind.COUNCIL
        )
        user, _ = get_user_model().objects.get_or_create(username="bench-statistics")
        ids = next_ids()
        for rows in chunks(
            partnership, ids, years=years, per_year=per_year, user=user.pk, agency=agency.pk, seed=seed
        ):
            copy(rows)
        reset_sequences()
        # The recount joins the rows just copied; planned with whatever statistics autovacuum last left
        # (an empty table's, another partnership's), its plan, and the build's time, would be luck.
        with connection.cursor() as cursor:
            for table, _ in COLUMNS.values():
                cursor.execute(f"ANALYZE {table}")
        # What the services count as each case moves, rebuilt from the records just written.
        recount([partnership.pk])
    return partnership


def applications_of(partnership: Partnership) -> int:
    return partnership.applications.count()


def ready(slug: str, applications: int) -> Partnership | None:
    """The bench partnership `slug` if an earlier run built it whole at this size, else None."""
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None or applications_of(partnership) != applications:
        return None
    return partnership if Counted.objects.filter(partnership=partnership).exists() else None


def data_set(*, years: int, per_year: int, rebuild: bool = False) -> tuple[Partnership, float]:
    """The large partnership, built with the other one unless an earlier run left both whole at this
    size, and the seconds the build took (0 when reused). bench/public.py's figures page uses it too."""
    other_per_year = max(1, per_year // 10)
    partnership = ready(BENCH_SLUG, years * per_year)
    if not rebuild and partnership is not None and ready(OTHER_SLUG, years * other_per_year):
        return partnership, 0.0
    started = time.perf_counter()
    partnership = build(BENCH_SLUG, "BEN", years, per_year, seed=2024)
    build(OTHER_SLUG, "BEO", years, other_per_year, seed=2025)
    # A live database's tables are kept compact, analysed and their pages marked all-visible by
    # autovacuum; a rebuilt data set would otherwise leave the old one's space behind, the planner
    # without statistics, and no page an index-only scan could trust (VACUUM FULL marks none).
    with connection.cursor() as cursor:
        for table in [table for table, _ in COLUMNS.values()] + ["statistics_counted"]:
            cursor.execute(f"VACUUM (FULL, ANALYZE) {table}")
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    return partnership, time.perf_counter() - started


def machine() -> str:
    """What the figures were measured on, to compare them with the README's."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    return f"{os.cpu_count()} CPUs, PostgreSQL {server.split()[0]}, Python {sys.version.split()[0]}"


def timed(function: Any, repeat: int) -> list[float]:
    """Milliseconds per call, `repeat` times, after one call to warm the caches."""
    function()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--per-year", type=int, default=10_000, help="applications a year")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true", help="build the data set even if it is there")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    arguments = parser.parse_args()
    if connection.vendor != "postgresql":
        print(
            "statistics: skipped. Set DATABASE_URL to a PostgreSQL database the bench may use "
            "(it adds two partnerships of its own), e.g. "
            "DATABASE_URL=postgres://user:password@127.0.0.1:5432/bench make bench"
        )
        return 0
    call_command("migrate", verbosity=0)

    partnership, built_in = data_set(
        years=arguments.years, per_year=arguments.per_year, rebuild=arguments.rebuild
    )
    years = live_figures(partnership)
    live = timed(lambda: live_figures(partnership), arguments.repeat)
    statements = timed(lambda: year_statements(partnership), arguments.repeat)
    result: dict[str, Any] = {
        "machine": machine(),
        "applications": applications_of(partnership),
        "years": len(years),
        "built_in_s": round(built_in, 1),
        "live_figures_ms": summary(live),
        "year_statements_ms": summary(statements),
        "queries_ms": query_times(partnership, arguments.repeat),
        "target_ms": TARGET_MS,
    }
    if arguments.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"on {result['machine']}")
    if built_in:
        print(f"built the data set in {built_in:.1f} s")
    print(f"{result['applications']:,} applications over {len(years)} years in {partnership.name}")
    for year in years[-2:]:
        print(f"  {year.year.label}: {year.figures}")
    median = result["year_statements_ms"]["median"]
    print(
        f"live_figures     best {min(live):7.1f} ms  median {result['live_figures_ms']['median']:7.1f} ms\n"
        f"year_statements  best {min(statements):7.1f} ms  median {median:7.1f} ms  "
        f"({'within' if median <= TARGET_MS else 'OVER'} the target of {TARGET_MS:g} ms)\n"
        f"each query, best: {', '.join(f'{ms:.1f}' for ms in result['queries_ms'])} ms"
    )
    return 0


def summary(timings: list[float]) -> dict[str, float]:
    return {"best": round(min(timings), 1), "median": round(sorted(timings)[len(timings) // 2], 1)}


def query_times(partnership: Partnership, repeat: int) -> list[float]:
    """The best time of each of year_statements' queries, in their order, in milliseconds."""
    best: list[float] = []
    for _ in range(repeat):
        connection.queries_log.clear()  # a full log would leave the capture empty
        with CaptureQueriesContext(connection) as captured:
            year_statements(partnership)
        times = [float(query["time"]) * 1000 for query in captured.captured_queries]
        best = [min(pair) for pair in zip(best, times, strict=True)] if best else times
    return [round(ms, 1) for ms in best]


if __name__ == "__main__":
    sys.exit(main())
