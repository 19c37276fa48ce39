"""The demo partnership's incident records: a year of the council's, the police's and the housing
association's ASB records, generated deterministically (the same records at every load), taken in
through the same upload service as an agency's file, then linked (incidents.linkage).

Among about a thousand records of people who reported once or twice, far apart, three stories that
early warning should find once linked:
- Margaret Whitlock reported three times in six months, to each agency, her name typed differently
  each time ("Margaret Whitlock", "Margret Whitlock", "MARGARET WHITLOK"): one person.
- Six different people reported noise at Alder Court (SP10 2QX) within six months: one place.
- Priya Shah reported to the council four months ago, and to the police three days ago: her second
  report within six months came recently.
Intake is turned on under a made-up information sharing agreement (ISA-TV-2026-01)."""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from functools import partial
from typing import Any

from community_trigger.agencies.models import Agency, Partnership
from community_trigger.incidents.checks import FIELDS
from community_trigger.incidents.linkage import Outcome, incidents_link
from community_trigger.incidents.models import EarlyWarningSettings
from community_trigger.incidents.services import intake_turn_on, records_import

AGREEMENT = "ISA-TV-2026-01"
# The people who reported once or twice: enough that the stories are found among others.
BACKGROUND_PEOPLE = 600
# First names of made-up people (the benchmark draws on them too).
FIRST_NAMES = [
    "Oliver",
    "Amelia",
    "George",
    "Isla",
    "Harry",
    "Ava",
    "Noah",
    "Mia",
    "Jack",
    "Ivy",
    "Leo",
    "Grace",
    "Arthur",
    "Freya",
    "Oscar",
    "Lily",
    "Charlie",
    "Evie",
    "Henry",
    "Rosie",
    "Theo",
    "Ella",
    "Alfie",
    "Sophie",
    "Jacob",
    "Poppy",
    "Thomas",
    "Millie",
    "William",
    "Daisy",
    "James",
    "Chloe",
    "Luca",
    "Erin",
    "Max",
    "Holly",
    "Ethan",
    "Ruby",
    "Adam",
    "Zara",
    "Samuel",
    "Maya",
    "Joseph",
    "Anna",
    "Daniel",
    "Nia",
    "Ben",
    "Hannah",
    "Sam",
    "Leah",
]
_LAST = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Patel",
    "Khan",
    "Lewis",
    "James",
    "Phillips",
    "Mason",
    "Mitchell",
    "Rose",
    "Davis",
    "Rodriguez",
    "Cox",
    "Alexander",
    "Morgan",
    "Moore",
    "Hughes",
    "Shaw",
    "Lloyd",
    "Price",
    "Bennett",
    "Ward",
    "Turner",
    "Carter",
    "Cooper",
]
_STREETS = (
    "Beech Road",
    "Weyhill Road",
    "Chantry Way",
    "Vigo Road",
    "London Street",
    "Winchester Street",
    "Bridge Street",
    "Charlton Road",
    "Floral Way",
    "Millway Road",
    "Newbury Street",
    "Elmbank Road",
)
_WHAT = {
    "nuisance": "Loud music and shouting late at night",
    "personal": "Neighbour shouting abuse when I leave the house",
    "environmental": "Rubbish dumped beside the communal bins",
}
_KINDS = (Agency.Kind.COUNCIL, Agency.Kind.POLICE, Agency.Kind.HOUSING)


def _row(reference: str, on: date, category: str, who: tuple[str, str, str, str, str]) -> dict[str, str]:
    """One record's cells; `who`: the reporter's name, phone, email, address and postcode (the address
    is where it happened too)."""
    name, phone, email, address, postcode = who
    return {
        "reference": reference,
        "occurred_at": on.isoformat(),
        "occurred_time": "21:15",
        "category": category,
        "description": _WHAT[category],
        "reporter_name": name,
        "reporter_phone": phone,
        "reporter_email": email,
        "reporter_address": address,
        "reporter_postcode": postcode,
        "location_address": address,
        "location_postcode": postcode,
    }


def demo_incident_rows(today: date) -> dict[str, list[dict[str, str]]]:
    """Each agency's rows (by kind), the same for the same `today`."""
    rows: dict[str, list[dict[str, str]]] = {kind: [] for kind in _KINDS}
    chosen = random.Random(2026)  # noqa: S311  # made-up demo data, not security
    for number in range(BACKGROUND_PEOPLE):
        name = f"{chosen.choice(FIRST_NAMES)} {chosen.choice(_LAST)}"
        street = chosen.choice(_STREETS)
        address = f"{number + 100} {street}"
        postcode = f"SP10 {1 + number % 9}{'ABDEFGHJL'[number % 9]}{'NPQRSTUWX'[number // 9 % 9]}"
        phone = f"07700 9{number:05d}"
        email = f"{name.split(maxsplit=1)[0].lower()}{number}@mail.example"
        category = chosen.choice(list(_WHAT))
        first = today - timedelta(days=chosen.randrange(30, 365))
        reports = [first] + (
            [first + timedelta(days=200)] if number % 5 == 0 and first < today - timedelta(days=230) else []
        )
        for index, on in enumerate(reports):
            kind = chosen.choice(_KINDS)
            rows[kind].append(
                _row(
                    f"{kind[:3].upper()}-{number:04d}-{index}",
                    on,
                    category,
                    (name, phone, email, address, postcode),
                )
            )
    margaret = ("07700 900777", "m.whitlock@mail.example", "4 Orchard Close", "SP10 4HT")
    for kind, name, days, phone, email in (
        (Agency.Kind.POLICE, "Margaret Whitlock", 150, margaret[0], ""),
        (Agency.Kind.COUNCIL, "Margret Whitlock", 90, margaret[0], margaret[1]),
        (Agency.Kind.HOUSING, "MARGARET WHITLOK", 20, "", margaret[1]),
    ):
        rows[kind].append(
            _row(
                f"{kind[:3].upper()}-MW-{days}",
                today - timedelta(days=days),
                "personal",
                (name, phone, email, margaret[2], margaret[3]),
            )
        )
    for number, (name, kind) in enumerate(
        (
            ("Tom Archer", Agency.Kind.HOUSING),
            ("Sue Bailey", Agency.Kind.COUNCIL),
            ("Raj Mehta", Agency.Kind.POLICE),
            ("Ellen Ford", Agency.Kind.HOUSING),
            ("Kofi Mensah", Agency.Kind.COUNCIL),
            ("Jan Novak", Agency.Kind.POLICE),
        )
    ):
        on = today - timedelta(days=160 - number * 25)
        rows[kind].append(
            {
                **_row(
                    f"{kind[:3].upper()}-AC-{number}",
                    on,
                    "nuisance",
                    (name, f"07700 9008{number:02d}", "", f"Flat {number + 1}, Alder Court", "SP10 2QX"),
                ),
                "location_address": ("Alder Court", "ALDER COURT", "Alder Court.", "alder court")[number % 4],
                "description": "Noise and a gathering in the car park late at night",
            }
        )
    for kind, days in ((Agency.Kind.COUNCIL, 120), (Agency.Kind.POLICE, 3)):
        rows[kind].append(
            _row(
                f"{kind[:3].upper()}-PS-{days}",
                today - timedelta(days=days),
                "personal",
                ("Priya Shah", "07700 900555", "", "27 Vigo Road", "SP10 1JZ"),
            )
        )
    return rows


def _csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=[name for name in FIELDS if name not in ("latitude", "longitude")]
    )
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def demo_incidents_load(*, partnership: Partnership, coordinator: Any, today: date) -> Outcome:
    """Turn the partnership's intake on (unless it is), take in each agency's year of records (those
    held already are left as they are: safe to repeat), and link them."""
    if not EarlyWarningSettings.objects.filter(partnership=partnership, intake_enabled=True).exists():
        intake_turn_on(
            partnership=partnership,
            agreement_reference=AGREEMENT,
            agreement_review_date=today + timedelta(days=365),
            actor=coordinator,
        )
    mapping = {name: name for name in FIELDS if name not in ("latitude", "longitude")}
    for kind, rows in demo_incident_rows(today).items():
        agency = Agency.objects.get(partnership=partnership, kind=kind)
        content = _csv(rows)
        records_import(
            agency=agency,
            opener=partial(io.BytesIO, content),
            name=f"demo-{kind}.csv",
            mapping=mapping,
            actor=coordinator,
            today=today,
        )
    return incidents_link(partnership=partnership)
