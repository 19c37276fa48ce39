"""How fast an agency's incident records are taken in: rows per second for a file of 100,000 rows
(`--rows`), on SQLite or PostgreSQL (whichever DATABASE_URL names; without it, a SQLite database in a
temporary folder, never the project's own).

The file is generated: a year of ASB incidents of one police force, callers with phone numbers and
postcodes, a sixth of the incidents also in the council's file (so the grouping finds them). Then it
times, through the services the upload page and the API call:
- the police file, CSV, checked and kept whole (`records_import`), cold: nothing held before;
- the council's file, whose records are grouped with the police's;
- the police file again, every row held already (a re-upload adds nothing);
- one API call of 5,000 records (`records_add`).
Target: at least 1,000 rows a second (100,000 rows within 100 seconds) for the upload.

    .venv/bin/python bench/incidents_import.py [--rows 100000] [--json]
    DATABASE_URL=postgres://user:password@127.0.0.1:5432/bench .venv/bin/python bench/incidents_import.py
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

import argparse  # noqa: E402
import csv  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from typing import IO, Any  # noqa: E402

if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='bench-incidents-')}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.measure import Target, table, verdict  # noqa: E402
from community_trigger.agencies.models import Agency, Partnership  # noqa: E402
from community_trigger.incidents.models import ApiToken, ImportBatch, IncidentRecord  # noqa: E402
from community_trigger.incidents.services import (  # noqa: E402
    intake_turn_on,
    records_add,
    records_import,
    token_create,
)

TARGET = Target(1000, unit="rows/s", at_least=True)
SLUG = "bench-incidents"
HEADERS = ("Ref", "Date", "Time", "Type", "Summary", "Caller", "Tel", "Street", "Postcode")
MAPPING = {
    "reference": "Ref",
    "occurred_at": "Date",
    "occurred_time": "Time",
    "category": "Type",
    "description": "Summary",
    "reporter_name": "Caller",
    "reporter_phone": "Tel",
    "location_address": "Street",
    "location_postcode": "Postcode",
}
FIRST = ("Robin", "Sam", "Alex", "Jo", "Priya", "Tomasz", "Aisha", "Gareth", "Siân", "Chris")
LAST = ("Example", "Smith", "Jones", "Patel", "Nowak", "Evans", "Khan", "Taylor", "Brown", "Davies")
STREETS = ("High Street", "Hill Road", "Church Lane", "Station Road", "Mill Close", "Park View")
CATEGORIES = ("personal", "nuisance", "environmental")


def _rows(count: int, seed: int) -> tuple[list[list[str]], list[list[str]]]:
    """The police file's rows and the council's (a sixth of the same incidents, told by the same caller
    within the hour, under the council's own references)."""
    chance = random.Random(seed)
    start = date.today() - timedelta(days=365)
    police, council = [], []
    for number in range(count):
        day = start + timedelta(days=chance.randrange(365))
        hour, minute = chance.randrange(24), chance.randrange(60)
        caller = f"{chance.choice(FIRST)} {chance.choice(LAST)}"
        tel = f"07700 9{chance.randrange(100_000):05d}"
        street = f"{chance.randrange(1, 200)} {chance.choice(STREETS)}"
        letters = "".join(chance.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2))
        postcode = f"SP{chance.randrange(1, 12)} {chance.randrange(1, 10)}{letters}"
        category = chance.choice(CATEGORIES)
        police.append(
            [
                f"P{number:07d}",
                day.isoformat(),
                f"{hour:02d}:{minute:02d}",
                category,
                "Noise and shouting",
                caller,
                tel,
                street,
                postcode,
            ]
        )
        if number % 6 == 0:
            later = min(minute + 20, 59)
            council.append(
                [
                    f"C{number:07d}",
                    day.strftime("%d/%m/%Y"),
                    f"{hour:02d}:{later:02d}",
                    category,
                    "Reported noise",
                    caller,
                    tel,
                    street,
                    postcode,
                ]
            )
    return police, council


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _opener(content: bytes) -> Any:
    def opener() -> IO[bytes]:
        return io.BytesIO(content)

    return opener


def _setup() -> tuple[Agency, Agency]:
    call_command("migrate", verbosity=0)
    partnership, _ = Partnership.objects.get_or_create(
        slug=SLUG, defaults={"name": "Bench Incidents Partnership", "reference_prefix": "BIP"}
    )
    police, _ = Agency.objects.get_or_create(
        partnership=partnership, name="Bench Police", defaults={"kind": "police"}
    )
    council, _ = Agency.objects.get_or_create(
        partnership=partnership, name="Bench Council", defaults={"kind": "council"}
    )
    IncidentRecord.objects.filter(partnership=partnership).delete()
    ImportBatch.objects.filter(partnership=partnership).delete()
    ApiToken.objects.filter(agency__partnership=partnership).delete()
    intake_turn_on(
        partnership=partnership,
        agreement_reference="ISA-BENCH",
        agreement_review_date=date.today() + timedelta(days=365),
        actor=None,
    )
    return police, council


def _timed(label: str, rows: int, work: Any) -> tuple[str, int, float, float]:
    began = time.perf_counter()
    work()
    seconds = time.perf_counter() - began
    return label, rows, seconds, rows / seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows in the police file (default 100,000)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    options = parser.parse_args()
    police, council = _setup()
    police_rows, council_rows = _rows(options.rows, seed=18)
    police_file, council_file = _csv(police_rows), _csv(council_rows)
    records = [
        {
            "reference": f"A{number:06d}",
            "occurred_at": f"{row[1]}T{row[2]}",
            "category": row[3],
            "description": row[4],
            "reporter_name": row[5],
            "reporter_phone": row[6],
            "location_address": row[7],
            "location_postcode": row[8],
        }
        for number, row in enumerate(police_rows[:5000])
    ]

    def upload(agency: Agency, content: bytes, name: str) -> Any:
        return lambda: records_import(
            agency=agency, opener=_opener(content), name=name, mapping=MAPPING, actor=None
        )

    maker, _ = get_user_model().objects.get_or_create(username="bench-incidents")
    token, _ = token_create(agency=council, name="bench", actor=maker)
    figures = [
        _timed("upload, police (new)", len(police_rows), upload(police, police_file, "police.csv")),
        _timed("upload, council (grouped)", len(council_rows), upload(council, council_file, "council.csv")),
    ]
    # How many of the council's records the grouping joined to a police record of the same incident.
    council_incidents = IncidentRecord.objects.filter(agency=council).order_by().values("incident")
    shared = IncidentRecord.objects.filter(agency=police, incident__in=council_incidents).count()
    figures += [
        _timed(
            "upload, police again (all held)", len(police_rows), upload(police, police_file, "police.csv")
        ),
        _timed("API call of 5,000", len(records), lambda: records_add(token=token, records=records)),
    ]
    first = figures[0][3]
    if options.json:
        print(
            json.dumps(
                {
                    "database": connection.vendor,
                    "figures": [
                        {
                            "what": f[0],
                            "rows": f[1],
                            "seconds": round(f[2], 2),
                            "rows_per_second": round(f[3]),
                        }
                        for f in figures
                    ],
                    "police_records_sharing_an_incident_with_the_council": shared,
                    "council_records": len(council_rows),
                    "target_rows_per_second": TARGET.limit,
                    "met": TARGET.met(first),
                }
            )
        )
        return 0
    print(
        f"Incident intake on {connection.vendor}: "
        f"{options.rows:,} police rows, {len(council_rows):,} council rows"
    )
    print(
        table(
            ("what", "rows", "seconds", "rows/s", "target", ""),
            [
                (
                    label,
                    f"{rows:,}",
                    f"{seconds:.1f}",
                    f"{rate:,.0f}",
                    TARGET.words() if index == 0 else "",
                    verdict(rate, TARGET) if index == 0 else "",
                )
                for index, (label, rows, seconds, rate) in enumerate(figures)
            ],
        )
    )
    print(f"{shared:,} police records share an incident with one of the council's {len(council_rows):,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
