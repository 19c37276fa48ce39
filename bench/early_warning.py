"""Who is who, at scale: the record linkage of incident records (issue 18) on generated data whose
truth is known.

The data: people who report ASB about three times a year (one to eight), to the council, the police
or the housing association, across a year; their names typed differently now and then (a letter
transposed or dropped, a nickname: "Bob" for "Robert"), their phone or email often not given, some
moving house in the year, some sharing an address (flats, families with one surname). Every record
carries the generated truth: the person's id and the place's.

What it reports:
1. import rows per second through the real upload service (`records_import`) on the database
   DATABASE_URL names (a SQLite database in a temporary folder without it), for `--import-records`;
2. the linkage of those records on the database (`incidents_link`, training the model), and its
   precision and recall of reporter pairs against the truth;
3. an incremental daily batch of 3,000 records imported and linked (target <= 30 s);
4. the linkage of `--records` generated records (1,000,000 for the issue's figure; target <= 10
   minutes on the 2-core machine) run directly on DuckDB from generated in-memory data (importing a
   million rows through the database first would take longer than the linkage: the import rate is
   item 1's), with its precision and recall (targets >= 0.95 and >= 0.90).

    .venv/bin/python bench/early_warning.py [--records 100000] [--import-records 20000] [--json]
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
from collections import Counter  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from functools import partial  # noqa: E402
from typing import Any  # noqa: E402

if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='bench-linkage-')}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.measure import Target, table, verdict  # noqa: E402
from community_trigger.agencies.models import Agency, Partnership  # noqa: E402
from community_trigger.common.search_keys import phone_key, postcode_key, text_key  # noqa: E402
from community_trigger.demo.incidents import FIRST_NAMES  # noqa: E402
from community_trigger.incidents.linkage import (  # noqa: E402
    clusters_of,
    incidents_link,
    predict_pairs,
    table_of,
)
from community_trigger.incidents.models import (  # noqa: E402
    ImportBatch,
    IncidentPlace,
    IncidentRecord,
    LinkageModel,
    Reporter,
)
from community_trigger.incidents.services import intake_turn_on, records_import  # noqa: E402

SLUG = "bench-early-warning"
KINDS = ("council", "police", "housing")
LINK_TARGET = Target(600, unit="s")
DAILY_TARGET = Target(30, unit="s")
PRECISION = Target(0.95, unit="", at_least=True)
RECALL = Target(0.90, unit="", at_least=True)
NICKNAMES = {
    "Robert": "Bob",
    "William": "Bill",
    "Elizabeth": "Liz",
    "Margaret": "Maggie",
    "James": "Jim",
    "Katherine": "Kate",
    "Thomas": "Tom",
    "Jennifer": "Jen",
    "Michael": "Mike",
    "Patricia": "Pat",
}
FIRST = (
    *NICKNAMES,
    *(name for name in FIRST_NAMES if name not in NICKNAMES),
    *[
        "Priya",
        "Tomasz",
        "Aisha",
        "Gareth",
        "Sian",
        "Kofi",
        "Ewa",
        "Olu",
        "Mei",
        "Hamza",
        "Fatima",
        "Rhys",
        "Carys",
        "Dylan",
        "Megan",
        "Callum",
        "Niamh",
    ],
)
SYLLABLES = [
    "ash",
    "ber",
    "cal",
    "dun",
    "ers",
    "fol",
    "gar",
    "hol",
    "ing",
    "kel",
    "lan",
    "mor",
    "nor",
    "pet",
    "ros",
    "sel",
    "tan",
    "wes",
    "ham",
    "ton",
    "ley",
    "by",
    "ford",
    "wick",
    "ridge",
]
STREETS = ["Road", "Street", "Lane", "Close", "Avenue", "Way", "Drive", "Court", "Gardens", "Crescent"]


@dataclass(frozen=True)
class Person:
    truth: int
    first: str
    last: str
    phone: str
    email: str
    homes: tuple[tuple[str, str], ...]  # (address, postcode), the second after a move


def _surname(chance: random.Random) -> str:
    return "".join(chance.choice(SYLLABLES) for _ in range(chance.choice((2, 2, 3)))).capitalize()


def _postcode(chance: random.Random, districts: int) -> str:
    district = chance.randrange(districts)
    area = "ABCDEGHKLMNPRSTW"[district % 16] + "ABCDEGHKLMNPRSTW"[district // 16 % 16]
    unit = "".join(chance.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2))
    return f"{area}{district // 256 % 99 + 1} {chance.randrange(1, 10)}{unit}"


def people(count: int, seed: int) -> list[Person]:
    """`count` people: a fifth share a home with another (a family, one surname; or flatmates), a
    tenth move house in the year."""
    chance = random.Random(seed)
    districts = max(count // 40, 50)
    found: list[Person] = []
    for truth in range(count):
        if found and chance.random() < 0.2:
            other = found[chance.randrange(len(found))]
            last = other.last if chance.random() < 0.7 else _surname(chance)
            home = other.homes[0]
        else:
            last = _surname(chance)
            home = (
                f"{chance.randrange(1, 300)} {_surname(chance)} {chance.choice(STREETS)}",
                _postcode(chance, districts),
            )
        homes: tuple[tuple[str, str], ...] = (home,)
        if chance.random() < 0.1:
            homes += (
                (
                    f"{chance.randrange(1, 300)} {_surname(chance)} {chance.choice(STREETS)}",
                    _postcode(chance, districts),
                ),
            )
        first = chance.choice(FIRST)
        phone = f"07{chance.randrange(10**9):09d}" if chance.random() < 0.8 else ""
        email = f"{first.lower()}.{last.lower()}{truth}@mail.example" if chance.random() < 0.5 else ""
        found.append(Person(truth, first, last, phone, email, homes))
    return found


def _typed(name: str, chance: random.Random) -> str:
    """`name` as someone typed it: mostly right; else a transposition, a dropped letter, a nickname,
    or capitals."""
    first, last = name.split(" ", 1)
    roll = chance.random()
    if roll < 0.06 and len(last) > 3:
        at = chance.randrange(1, len(last) - 1)
        last = last[:at] + last[at + 1] + last[at] + last[at + 2 :]
    elif roll < 0.12 and len(last) > 3:
        at = chance.randrange(1, len(last))
        last = last[:at] + last[at + 1 :]
    elif roll < 0.17 and first in NICKNAMES:
        first = NICKNAMES[first]
    elif roll < 0.22:
        return f"{first} {last}".upper()
    return f"{first} {last}"


@dataclass(frozen=True)
class Generated:
    """One generated record: its cells, and the truth."""

    kind: str
    cells: dict[str, str]
    person: int
    place: tuple[str, str]


def records(count: int, seed: int, *, start: date, days: int = 365, prefix: str = "R") -> list[Generated]:
    """About `count` records of `count // 3` people over `days` days from `start`."""
    chance = random.Random(seed + 1)
    everyone = people(max(count // 3, 1), seed)
    made: list[Generated] = []
    while len(made) < count:
        person = everyone[chance.randrange(len(everyone))]
        on = start + timedelta(days=chance.randrange(days))
        home = (
            person.homes[-1]
            if len(person.homes) > 1 and on > start + timedelta(days=days // 2)
            else person.homes[0]
        )
        kind = chance.choice(KINDS)
        made.append(
            Generated(
                kind,
                {
                    "reference": f"{prefix}{len(made):08d}",
                    "occurred_at": on.isoformat(),
                    "category": chance.choice(("personal", "nuisance", "environmental")),
                    "description": "Noise and shouting",
                    "reporter_name": _typed(f"{person.first} {person.last}", chance),
                    "reporter_phone": person.phone if chance.random() < 0.7 else "",
                    "reporter_email": person.email if chance.random() < 0.6 else "",
                    "reporter_address": home[0],
                    "reporter_postcode": home[1],
                    "location_address": home[0],
                    "location_postcode": home[1],
                },
                person.truth,
                home,
            )
        )
    return made


def _keys_table(generated: list[Generated]) -> Any:
    """The generated records as the linkage reads them from the database (the same keys)."""
    chunks: list[dict[str, list[Any]]] = []
    for start in range(0, len(generated), 100_000):
        part = generated[start : start + 100_000]
        postcodes = [postcode_key(one.cells["reporter_postcode"]) for one in part]
        names = [text_key(one.cells["reporter_name"]) for one in part]
        chunks.append(
            {
                "unique_id": list(range(start, start + len(part))),
                "name": [name or None for name in names],
                "phone": [phone_key(one.cells["reporter_phone"]) or None for one in part],
                "email": [one.cells["reporter_email"].lower() or None for one in part],
                "address": [text_key(one.cells["reporter_address"]) or None for one in part],
                "postcode": [postcode or None for postcode in postcodes],
                "district": [postcode[:-3] if len(postcode) >= 5 else None for postcode in postcodes],
                "initial": [name[:1] or None for name in names],
                "reporter_id": [None] * len(part),
            }
        )
    return table_of(chunks)


def pair_scores(found: list[int], truth: list[int]) -> tuple[float, float]:
    """Precision and recall of the pairs of records put together (`found`: each record's cluster;
    `truth`: its person)."""

    def pairs(counts: Counter[Any]) -> int:
        return sum(count * (count - 1) // 2 for count in counts.values())

    both = pairs(Counter(zip(found, truth, strict=True)))
    found_pairs, true_pairs = pairs(Counter(found)), pairs(Counter(truth))
    return (both / found_pairs if found_pairs else 1.0), (both / true_pairs if true_pairs else 1.0)


def in_memory(count: int, seed: int) -> dict[str, Any]:
    generated = records(count, seed, start=date.today() - timedelta(days=365))
    began = time.perf_counter()
    frame = _keys_table(generated)
    pairs, _ = predict_pairs(frame, model=None, train=True)
    groups, _ = clusters_of(frame, pairs)
    seconds = time.perf_counter() - began
    cluster_of = [0] * len(generated)
    for root, members in groups.items():
        for uid in members:
            cluster_of[uid] = root
    precision, recall = pair_scores(cluster_of, [one.person for one in generated])
    return {
        "records": count,
        "seconds": seconds,
        "pairs": len(pairs),
        "precision": precision,
        "recall": recall,
    }


def _setup() -> tuple[Partnership, dict[str, Agency]]:
    call_command("migrate", verbosity=0)
    partnership, _ = Partnership.objects.get_or_create(
        slug=SLUG, defaults={"name": "Bench Early Warning Partnership", "reference_prefix": "BEW"}
    )
    agencies = {
        kind: Agency.objects.get_or_create(
            partnership=partnership, name=f"Bench {kind}", defaults={"kind": kind}
        )[0]
        for kind in KINDS
    }
    IncidentRecord.objects.filter(partnership=partnership).delete()
    ImportBatch.objects.filter(partnership=partnership).delete()
    Reporter.objects.filter(partnership=partnership).delete()
    IncidentPlace.objects.filter(partnership=partnership).delete()
    LinkageModel.objects.filter(partnership=partnership).delete()
    intake_turn_on(
        partnership=partnership,
        agreement_reference="ISA-BENCH",
        agreement_review_date=date.today() + timedelta(days=365),
        actor=None,
    )
    return partnership, agencies


FIELDS = (
    "reference",
    "occurred_at",
    "category",
    "description",
    "reporter_name",
    "reporter_phone",
    "reporter_email",
    "reporter_address",
    "reporter_postcode",
    "location_address",
    "location_postcode",
)


def _import(agencies: dict[str, Agency], generated: list[Generated]) -> None:
    for kind, agency in agencies.items():
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(one.cells for one in generated if one.kind == kind)
        content = buffer.getvalue().encode()
        records_import(
            agency=agency,
            opener=partial(io.BytesIO, content),
            name=f"{kind}.csv",
            mapping={name: name for name in FIELDS},
            actor=None,
        )


def on_database(count: int, seed: int) -> dict[str, Any]:
    partnership, agencies = _setup()
    start = date.today() - timedelta(days=366)
    generated = records(count, seed, start=start, days=360)
    began = time.perf_counter()
    _import(agencies, generated)
    imported = time.perf_counter() - began
    began = time.perf_counter()
    incidents_link(partnership=partnership, train=True)
    linked = time.perf_counter() - began
    truth = {one.cells["reference"]: one.person for one in generated}
    rows = list(
        IncidentRecord.objects.filter(partnership=partnership).values_list("reference", "reporter_id")
    )
    precision, recall = pair_scores(
        [reporter for _, reporter in rows], [truth[reference] for reference, _ in rows]
    )
    # The next day's 3,000, of the same people (the same seed) and some new.
    daily = records(3000, seed, start=date.today() - timedelta(days=1), days=1, prefix="D")
    began = time.perf_counter()
    _import(agencies, daily)
    outcome = incidents_link(partnership=partnership)
    day_seconds = time.perf_counter() - began
    return {
        "backend": connection.vendor,
        "records": count,
        "import_seconds": imported,
        "rows_per_second": count / imported,
        "link_seconds": linked,
        "precision": precision,
        "recall": recall,
        "daily_records": outcome.new,
        "daily_seconds": day_seconds,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--records", type=int, default=100_000, help="linked in memory (1000000 for the figure)"
    )
    parser.add_argument(
        "--import-records", type=int, default=20_000, help="imported and linked on the database"
    )
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    options = parser.parse_args()
    database = on_database(options.import_records, options.seed)
    memory = in_memory(options.records, options.seed)
    if options.json:
        print(json.dumps({"database": database, "memory": memory}, indent=2))
        return 0
    print(
        table(
            ("", "figure", "target"),
            [
                (
                    f"import ({database['backend']}, {database['records']:,} rows)",
                    f"{database['rows_per_second']:,.0f} rows/s",
                    "",
                ),
                (
                    f"linkage on the database ({database['records']:,})",
                    f"{database['link_seconds']:.1f} s",
                    "",
                ),
                ("  precision / recall", f"{database['precision']:.3f} / {database['recall']:.3f}", ""),
                (
                    f"daily batch ({database['daily_records']:,} imported and linked)",
                    f"{database['daily_seconds']:.1f} s",
                    verdict(database["daily_seconds"], DAILY_TARGET),
                ),
                (
                    f"linkage in DuckDB ({memory['records']:,} records, {memory['pairs']:,} pairs matched)",
                    f"{memory['seconds']:.1f} s",
                    verdict(memory["seconds"], LINK_TARGET),
                ),
                ("  precision", f"{memory['precision']:.3f}", verdict(memory["precision"], PRECISION)),
                ("  recall", f"{memory['recall']:.3f}", verdict(memory["recall"], RECALL)),
            ],
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
