"""How fast the back office answers for a partnership of 100,000 cases, on PostgreSQL.

Builds (once, then reuses) a partnership of 100,000 cases over 10 years, with what a real one holds
beside them: the people named, information requests to its five agencies (answered, or waiting on
the cases that wait for them), meetings and recommendations, steps due on the open cases, and the
metadata of documents. A second partnership, a tenth its size, holds rows every page must leave out.
Then, signed in as the partnership's coordinator and as an officer of its police, it times through
Django's test client: the case list (first page, a search by name and by reference, filtered by state
and by agency, the last page), "Due and overdue" (first page, and filtered), and the CSV download of
every case (time and peak memory, in a process of its own). Targets: the issue's table, printed with
each figure.

    DATABASE_URL=postgres://user:password@127.0.0.1:5432/bench_backoffice make bench   (bench/README.md)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Run as a script, this folder comes first on sys.path, where statistics.py (the figures bench) would
# stand in for the standard library's `statistics`: the project's root goes there instead.
HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import timedelta  # noqa: E402
from typing import Any  # noqa: E402

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_static.models import StaticDevice  # noqa: E402

from bench import statistics as figures  # noqa: E402
from bench.measure import Target, milliseconds, percentile, table, verdict  # noqa: E402
from community_trigger.agencies.models import Agency, Membership, Partnership  # noqa: E402
from community_trigger.cases.models import Application, Person, PersonRole  # noqa: E402
from community_trigger.documents.models import Document, DocumentKind, ScanResult  # noqa: E402
from community_trigger.domain.access import Role  # noqa: E402
from community_trigger.domain.deadlines import ANSWERS_WANTED, NEXT_STEP  # noqa: E402
from community_trigger.sharing.models import InformationRequest  # noqa: E402

# Raise it when what the build writes changes: a data set of another version is built again.
DATA_VERSION = 1
BENCH_SLUG = "bench-backoffice"
OTHER_SLUG = "bench-backoffice-other"
COORDINATOR = "bench-coordinator"
OFFICER = "bench-police-officer"
OTHER_COORDINATOR = "bench-other-coordinator"
BATCH = 5_000

PAGE = Target(100)
DUE_PAGE = Target(300)
EXPORT_TIME = Target(10, unit="s")
EXPORT_MEMORY = Target(200, unit="MB")

FIRST_NAMES = [
    "Aisha",
    "Alan",
    "Amira",
    "Ben",
    "Bethan",
    "Carys",
    "Chloe",
    "Dafydd",
    "Daniel",
    "Eleri",
    "Emma",
    "Fatima",
    "Gareth",
    "Grace",
    "Harri",
    "Ian",
    "Jack",
    "Jade",
    "Kieran",
    "Leah",
    "Megan",
    "Mohammed",
    "Nia",
    "Oliver",
    "Owen",
    "Priya",
    "Rhys",
    "Sara",
    "Tom",
    "Zoe",
]
SURNAMES = [
    "Ahmed",
    "Baker",
    "Clarke",
    "Davies",
    "Edwards",
    "Evans",
    "Fletcher",
    "Griffiths",
    "Hughes",
    "Jenkins",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Murphy",
    "Owen",
    "Patel",
    "Phillips",
    "Price",
    "Roberts",
    "Rowlands",
    "Singh",
    "Smith",
    "Taylor",
    "Thomas",
    "Walker",
    "Williams",
    "Wright",
]
KINDS = [kind for kind, _ in Agency.Kind.choices]


@dataclass(frozen=True)
class Built:
    partnership: Partnership
    agencies: dict[str, Agency]


def marker(slug: str) -> str:
    """The partnership's name: it says which version of the build made it."""
    return f"Bench {slug} (data set {DATA_VERSION})"


def staff(username: str) -> Any:
    user, _ = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": username.split("-")[1].capitalize(), "last_name": "Bench"},
    )
    if not StaticDevice.objects.filter(user=user).exists():
        StaticDevice.objects.create(user=user, name="Backup codes")
    return user


def remove(slug: str) -> None:
    """A bench partnership and every row of its cases, this bench's and the figures bench's."""
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        return
    cases = Application.objects.filter(partnership=partnership)
    Document.objects.filter(application__in=cases).delete()
    Person.objects.filter(application__in=cases).delete()
    InformationRequest.objects.filter(application__in=cases).delete()
    Membership.objects.filter(agency__partnership=partnership).delete()
    figures.remove(slug)


def build(slug: str, prefix: str, *, per_year: int, years: int, seed: int, coordinator: Any) -> Built:
    """The partnership, its cases and everything about them, in one transaction (a build stopped
    halfway leaves nothing a later run would take for a finished one)."""
    rng = random.Random(seed)
    with transaction.atomic():
        remove(slug)
        partnership = Partnership.objects.create(name=marker(slug), slug=slug, reference_prefix=prefix)
        agencies = {
            kind: Agency.objects.create(partnership=partnership, name=f"{prefix} {label}", kind=kind)
            for kind, label in Agency.Kind.choices
        }
        Membership.objects.create(user=coordinator, agency=agencies["council"], role=Role.COORDINATOR)
        # The cases and their history, decisions, meetings, recommendations and escalations, as the
        # figures bench writes them (COPY).
        ids = figures.next_ids()
        for rows in figures.chunks(
            partnership,
            ids,
            years=years,
            per_year=per_year,
            user=coordinator.pk,
            agency=agencies["council"].pk,
            seed=seed,
        ):
            figures.copy(rows)
        figures.reset_sequences()
        _owned_and_due(partnership, coordinator, list(agencies.values()))
        cases = list(
            Application.objects.filter(partnership=partnership).values_list(
                "pk", "submitted_at", "state", "review_decision"
            )
        )
        _people(cases, rng)
        _information_requests(cases, list(agencies.values()), rng)
        _documents(cases, list(agencies.values()), rng)
    with connection.cursor() as cursor:
        for table_name in (
            "cases_application",
            "cases_person",
            "cases_informationrequest",
            "documents_document",
            "reviews_meeting",
            "reviews_recommendation",
        ):
            cursor.execute(f"ANALYZE {table_name}")
    return Built(partnership, agencies)


def _owned_and_due(partnership: Partnership, coordinator: Any, agencies: list[Agency]) -> None:
    """Each case owned by the coordinator; each open one with its next step due, about half of them
    overdue; each recommendation addressed to one of the agencies, those of the last year still open."""
    open_states = [state.value for state in NEXT_STEP]
    agency_ids = [agency.pk for agency in agencies]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_application SET owner_id = %s, due_by = CASE WHEN state = ANY(%s) "
            "THEN CURRENT_DATE + (id %% 41)::int - 20 END WHERE partnership_id = %s",
            [coordinator.pk, open_states, partnership.pk],
        )
        cursor.execute(
            "UPDATE reviews_recommendation r SET agency_id = (%s::int[])[1 + r.id %% %s], "
            "status = CASE WHEN r.due_by >= CURRENT_DATE - 365 THEN 'accepted' ELSE 'done' END, "
            "due_by = CASE WHEN r.due_by >= CURRENT_DATE - 365 THEN CURRENT_DATE + (r.id %% 61)::int - 30 "
            "ELSE r.due_by END "
            "FROM reviews_meeting m, cases_application a "
            "WHERE r.meeting_id = m.id AND m.application_id = a.id AND a.partnership_id = %s",
            [agency_ids, len(agency_ids), partnership.pk],
        )


def _people(cases: list[tuple[Any, ...]], rng: random.Random) -> None:
    """The applicant, and for about a third of the cases the victim they apply for or group members."""
    people = []
    for pk, _, _, _ in cases:
        named = 1 + (rng.random() < 0.3) + (rng.random() < 0.1)
        for position in range(1, named + 1):
            first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            people.append(
                Person(
                    application_id=pk,
                    role=PersonRole.APPLICANT if position == 1 else PersonRole.VICTIM,
                    position=position,
                    engine_id=f"P{position}",
                    name=f"{first} {last}",
                    address=f"{rng.randint(1, 200)} High Street",
                    postcode=f"SO{rng.randint(10, 99)} {rng.randint(1, 9)}AB",
                    email=f"{first.lower()}.{last.lower()}{pk}@example.com",
                    dissatisfied=True,
                )
            )
    Person.objects.bulk_create(people, batch_size=BATCH)


def _information_requests(cases: list[tuple[Any, ...]], agencies: list[Agency], rng: random.Random) -> None:
    """Two to four agencies asked about each case the partnership decided to review; answered, except
    on the cases still waiting for the answers (asked in the last month, some overdue)."""
    waiting = {state.value for state in ANSWERS_WANTED}
    now = timezone.now()
    requests = []
    for pk, submitted, state, decision in cases:
        if not decision and state not in waiting:
            continue
        asked = (
            now - timedelta(days=rng.randint(1, 30)) if state in waiting else submitted + timedelta(days=8)
        )
        for agency in rng.sample(agencies, rng.randint(2, 4)):
            requests.append(
                InformationRequest(
                    application_id=pk,
                    agency=agency,
                    requested_at=asked,
                    due_by=asked.date() + timedelta(days=14),
                    answered_at=None if state in waiting else asked + timedelta(days=rng.randint(1, 14)),
                )
            )
    InformationRequest.objects.bulk_create(requests, batch_size=BATCH)


def _documents(cases: list[tuple[Any, ...]], agencies: list[Agency], rng: random.Random) -> None:
    """The metadata of a few documents on about a third of the cases (no files: no page reads them)."""
    kinds = [kind for kind, _ in DocumentKind.choices]
    documents = []
    for pk, submitted, _, _ in cases:
        if rng.random() >= 0.3:
            continue
        for _ in range(rng.randint(1, 3)):
            key = uuid.uuid4().hex
            documents.append(
                Document(
                    application_id=pk,
                    key=key,
                    file=f"documents/{pk}/{key}",
                    name="statement.pdf",
                    kind=rng.choice(kinds),
                    content_type="application/pdf",
                    size=rng.randint(20_000, 2_000_000),
                    sha256=key * 2,
                    scan=ScanResult.NOT_SCANNED,
                    agency=rng.choice(agencies) if rng.random() < 0.5 else None,
                    uploaded_at=submitted + timedelta(days=rng.randint(0, 30)),
                )
            )
    Document.objects.bulk_create(documents, batch_size=BATCH)


def ready(slug: str, applications: int) -> Partnership | None:
    """The partnership `slug` if a run built it whole, at this size and with this version of the build."""
    partnership = Partnership.objects.filter(slug=slug, name=marker(slug)).first()
    if partnership is None or partnership.applications.count() != applications:
        return None
    return partnership


def data_set(*, per_year: int, years: int, rebuild: bool) -> tuple[Partnership, float]:
    """The bench partnership, built unless an earlier run left it (and the other one) whole."""
    coordinator = staff(COORDINATOR)
    other_coordinator = staff(OTHER_COORDINATOR)
    officer = staff(OFFICER)
    partnership = ready(BENCH_SLUG, per_year * years)
    other_per_year = max(1, per_year // 10)
    if not rebuild and partnership is not None and ready(OTHER_SLUG, other_per_year * years) is not None:
        return partnership, 0.0
    started = time.perf_counter()
    built = build(BENCH_SLUG, "BBO", per_year=per_year, years=years, seed=2026, coordinator=coordinator)
    build(OTHER_SLUG, "BBX", per_year=other_per_year, years=years, seed=2027, coordinator=other_coordinator)
    Membership.objects.create(user=officer, agency=built.agencies["police"], role=Role.AGENCY_OFFICER)
    return built.partnership, time.perf_counter() - started


def counts(partnership: Partnership) -> dict[str, int]:
    """What the data set holds, for the report."""
    cases = Application.objects.filter(partnership=partnership)
    police = partnership.agencies.get(kind="police")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM reviews_recommendation r JOIN reviews_meeting m ON m.id = r.meeting_id "
            "JOIN cases_application a ON a.id = m.application_id WHERE a.partnership_id = %s "
            "AND r.status NOT IN ('done', 'declined')",
            [partnership.pk],
        )
        open_recommendations = int(cursor.fetchone()[0])
    return {
        "cases": cases.count(),
        "people": Person.objects.filter(application__in=cases).count(),
        "information_requests": InformationRequest.objects.filter(application__in=cases).count(),
        "waiting_requests": InformationRequest.objects.filter(
            application__in=cases, answered_at__isnull=True
        ).count(),
        "cases_asked_of_police": cases.filter(information_requests__agency=police).count(),
        "steps_due": cases.filter(due_by__isnull=False).count(),
        "open_recommendations": open_recommendations,
        "documents": Document.objects.filter(application__in=cases).count(),
    }


def signed_in(username: str) -> Client:
    """A browser signed in as `username`, through the second factor, as the sign-in pages leave it."""
    user = get_user_model().objects.get(username=username)
    device = StaticDevice.objects.filter(user=user).first() or StaticDevice.objects.create(
        user=user, name="Backup codes"
    )
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def address(client: Client, name: str, **params: str) -> str:
    """The page `name` with `params`, where the page itself puts them: a list that keeps its filters in
    a saved search answers the filtered address with a redirect to the search's, which is timed."""
    url = reverse(name)
    if params:
        response = client.get(url, params)
        location = response.headers.get("Location", "") if response.status_code in (301, 302, 303) else ""
        if location.startswith(url) or location.startswith(f"http://testserver{url}"):
            return location.removeprefix("http://testserver")
        query = "&".join(f"{key}={value}" for key, value in params.items())
        return f"{url}?{query}"
    return url


def last_page(client: Client, url: str) -> str | None:
    """The address of the list's last page: the number of pages the first page gives ("Page 1 of
    4,000") or the highest page it links to, whichever is larger; None when it has one page only."""
    content = client.get(url).content.decode()
    numbers = [int(number) for number in re.findall(r"[?&;]page=(\d+)", content)]
    numbers += [int(number.replace(",", "")) for number in re.findall(r"Page \d+ of ([\d,]+)", content)]
    if not numbers or max(numbers) < 2:
        return None
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}page={max(numbers)}"


def timed(client: Client, url: str, runs: int, budget: float) -> dict[str, Any]:
    """Milliseconds of `runs` requests for `url` (after one to warm up), fewer if they take longer
    than `budget` seconds altogether (three at least)."""
    started = time.perf_counter()
    warm = client.get(url)
    if warm.status_code != 200:
        return {"url": url, "status": warm.status_code, "runs": 0}
    warm_ms = (time.perf_counter() - started) * 1000
    timings: list[float] = []
    spent = 0.0
    while len(timings) < runs and (len(timings) < 3 or spent + warm_ms / 1000 < budget):
        begun = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        timings.append((time.perf_counter() - begun) * 1000)
        spent += timings[-1] / 1000
    return {
        "url": url,
        "status": 200,
        "runs": len(timings),
        "p50_ms": round(percentile(timings, 50), 1),
        "p95_ms": round(percentile(timings, 95), 1),
        "bytes": len(warm.content),
    }


def pages(
    partnership: Partnership, runs: int, budget: float, only: list[str] | None = None
) -> list[dict[str, Any]]:
    """Each page of the issue's table, for the coordinator and the police officer."""
    police = partnership.agencies.get(kind="police")
    middle = Application.objects.filter(partnership=partnership).order_by("pk")[50_000:50_001].first()
    middle = middle or Application.objects.filter(partnership=partnership).order_by("pk").first()
    assert middle is not None
    surname = Person.objects.filter(application=middle).values_list("name", flat=True).first() or "Jones"
    results = []
    for who, username in (("coordinator", COORDINATOR), ("police officer", OFFICER)):
        client = signed_in(username)
        wanted: list[tuple[str, str | None, Target]] = [
            ("case list, first page", address(client, "cases:list"), PAGE),
            ("search by name", address(client, "cases:list", q=surname.split()[-1]), PAGE),
            ("search by reference", address(client, "cases:list", q=middle.reference), PAGE),
            ("filter by state", address(client, "cases:list", state="acknowledged"), PAGE),
            ("filter by agency", address(client, "cases:list", agency=str(police.pk)), PAGE),
        ]
        wanted.append(("last page", last_page(client, wanted[0][1] or ""), PAGE))
        wanted += [
            ("due, first page", address(client, "deadlines:due"), DUE_PAGE),
            ("due, by agency", address(client, "deadlines:due", agency=str(police.pk)), DUE_PAGE),
            ("due, overdue", address(client, "deadlines:due", overdue="on"), DUE_PAGE),
        ]
        if who == "coordinator":
            wanted.append(("due, mine", address(client, "deadlines:due", mine="on"), DUE_PAGE))
        for what, url, target in wanted:
            if only and not any(words in f"{who}: {what}" for words in only):
                continue
            measured: dict[str, Any] = (
                timed(client, url, runs, budget) if url else {"url": None, "status": None, "runs": 0}
            )
            results.append({"who": who, "page": what, "target_ms": target.limit, **measured})
            print(f"  {who}: {what}: {milliseconds(measured.get('p95_ms'))} ms p95", file=sys.stderr)
    return results


def export_once() -> dict[str, Any]:
    """One download of every case as the coordinator, read to its end: its time, bytes, rows, and
    this process's peak memory before and after (run in a process of its own, by `export`)."""
    client = signed_in(COORDINATOR)
    client.get(reverse("accounts:account"))  # the code a staff page loads, loaded before the baseline
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    response = client.get(reverse("cases:export"))
    size = lines = 0
    for chunk in response:  # a streamed response's chunks as they come; another's content whole
        size += len(chunk)
        lines += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "status": response.status_code,
        "streamed": bool(response.streaming),
        "seconds": round(seconds, 2),
        "bytes": size,
        "lines": lines,
        "peak_rss_mb": round(peak, 1),
        "rss_before_mb": round(before, 1),
    }


def export(runs: int) -> dict[str, Any]:
    """The CSV download, each run in a fresh process so its peak memory is the download's own."""
    results = []
    for _ in range(runs):
        done = subprocess.run(  # noqa: S603 (this script, with our own arguments)
            [sys.executable, __file__, "--export-once"], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            return {"error": done.stderr.strip().splitlines()[-1:] or ["failed"]}
        results.append(json.loads(done.stdout))
    best = min(results, key=lambda result: result["seconds"])
    return {
        **best,
        "runs": len(results),
        "seconds_each": [result["seconds"] for result in results],
        "peak_rss_mb": max(result["peak_rss_mb"] for result in results),
        "target_seconds": EXPORT_TIME.limit,
        "target_mb": EXPORT_MEMORY.limit,
    }


def machine() -> str:
    return figures.machine()


def report(result: dict[str, Any]) -> str:
    """The figures as the README's table shows them, each with its target and whether it is met."""
    rows = [
        [
            f"{page['who']}: {page['page']}",
            page["runs"],
            milliseconds(page.get("p50_ms")),
            milliseconds(page.get("p95_ms")),
            Target(page["target_ms"]).words(),
            verdict(page.get("p95_ms"), Target(page["target_ms"])),
        ]
        for page in result["pages"]
    ]
    lines = [
        f"on {result['machine']}",
        "data set: "
        + ", ".join(f"{value:,} {name.replace('_', ' ')}" for name, value in result["data"].items()),
    ]
    if result["built_in_s"]:
        lines.append(f"built the data set in {result['built_in_s']:.0f} s")
    lines.append(table(["page", "runs", "p50 ms", "p95 ms", "target p95", ""], rows))
    download = result.get("export")
    if download and "error" not in download:
        seconds = download["seconds"]
        memory = download["peak_rss_mb"]
        lines.append(
            f"CSV export of every case: {seconds:.1f} s ({verdict(seconds, EXPORT_TIME)}: "
            f"target {EXPORT_TIME.words()}), peak memory {memory:.0f} MB "
            f"({verdict(memory, EXPORT_MEMORY)}: target {EXPORT_MEMORY.words()}), "
            f"{download['lines']:,} lines, {download['bytes'] / 1e6:.1f} MB, "
            f"{'streamed' if download['streamed'] else 'not streamed'}"
        )
    elif download:
        lines.append(f"CSV export failed: {download['error']}")
    met = all_met(result)
    lines.append(f"every target met: {'yes' if met else 'NO'}")
    return "\n".join(lines)


def all_met(result: dict[str, Any]) -> bool:
    pages_met = all(
        page.get("p95_ms") is not None and Target(page["target_ms"]).met(page["p95_ms"])
        for page in result["pages"]
    )
    download = result.get("export")
    if not download:
        return pages_met
    if "error" in download:
        return False
    return (
        pages_met
        and EXPORT_TIME.met(download["seconds"])
        and EXPORT_MEMORY.met(download["peak_rss_mb"])
        and download["streamed"]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--per-year", type=int, default=10_000, help="cases a year")
    parser.add_argument("--runs", type=int, default=20, help="timed requests of each page")
    parser.add_argument(
        "--budget", type=float, default=30.0, help="seconds at most per page (3 runs at least)"
    )
    parser.add_argument("--export-runs", type=int, default=2, help="downloads of the CSV (0: none)")
    parser.add_argument("--rebuild", action="store_true", help="build the data set even if it is there")
    parser.add_argument("--build-only", action="store_true", help="build the data set, measure nothing")
    parser.add_argument(
        "--only", action="append", help='measure only the pages whose name holds this ("due", "officer")'
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--export-once", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if connection.vendor != "postgresql":
        print(
            "backoffice: skipped. Set DATABASE_URL to a PostgreSQL database the bench may use "
            "(it adds two partnerships of its own), e.g. "
            "DATABASE_URL=postgres://user:password@127.0.0.1:5432/bench_backoffice make bench"
        )
        return 0
    if arguments.export_once:
        print(json.dumps(export_once()))
        return 0
    call_command("migrate", verbosity=0)
    partnership, built_in = data_set(
        per_year=arguments.per_year, years=arguments.years, rebuild=arguments.rebuild
    )
    if arguments.build_only:
        print(f"backoffice: data set ready ({built_in:.0f} s to build): {counts(partnership)}")
        return 0
    result: dict[str, Any] = {
        "machine": machine(),
        "built_in_s": round(built_in, 1),
        "data": counts(partnership),
        "pages": pages(partnership, arguments.runs, arguments.budget, arguments.only),
    }
    if arguments.export_runs:
        result["export"] = export(arguments.export_runs)
    result["all_met"] = all_met(result)
    print(json.dumps(result, indent=2) if arguments.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
