"""Incident records for the early-warning tests, made as the intake and the linkage would leave them:
each with the reporter and place the linkage judged it to be (set directly here)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from itertools import count

from applications.builders import partnership
from django.utils import timezone

from community_trigger.agencies.models import Agency, Partnership
from community_trigger.incidents.models import (
    Category,
    ImportBatch,
    IncidentPlace,
    IncidentRecord,
    Reporter,
    Via,
)

_numbers = count(1)


def person(where: Partnership | None = None) -> Reporter:
    return Reporter.objects.create(partnership=where or partnership())


def place(where: Partnership | None = None) -> IncidentPlace:
    return IncidentPlace.objects.create(partnership=where or partnership())


def report(
    kind: str,
    day: date,
    *,
    by: Reporter | None = None,
    at: IncidentPlace | None = None,
    category: str = Category.NUISANCE,
    incident: uuid.UUID | None = None,
    name: str = "Robin Example",
) -> IncidentRecord:
    """One record the demo partnership's agency of `kind` sent of an incident on `day`."""
    agency = Agency.objects.get(partnership=partnership(), kind=kind)
    batch = ImportBatch.objects.create(partnership=agency.partnership, agency=agency, via=Via.UPLOAD)
    number = next(_numbers)
    return IncidentRecord.objects.create(
        partnership=agency.partnership,
        agency=agency,
        batch=batch,
        reference=f"R-{number}",
        occurred_at=timezone.make_aware(datetime.combine(day, time(21, 30))),
        category=category,
        description=f"Loud music, night {number}",
        reporter_name=name,
        reporter_phone="07700 900123",
        reporter_email="robin@example.com",
        location_address="1 Test Street",
        location_postcode="SP10 3AJ",
        via=Via.UPLOAD,
        incident=incident or uuid.uuid4(),
        reporter=by,
        place=at,
    )
