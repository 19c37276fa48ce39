"""Incident records for the incident tests: a partnership with intake on, an agency's file of
records (CSV or XLSX) under the headers an agency's system might use, and the mapping to them."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from datetime import date
from typing import IO, Any

from accounts.people import staff
from applications.builders import partnership
from django.contrib.auth.models import User
from imports.sheets import xlsx_bytes

from community_trigger.agencies.models import Agency, Partnership
from community_trigger.domain.access import Role
from community_trigger.incidents.services import intake_turn_on

# The headers of a police force's export, and which of our fields each holds.
HEADERS = (
    "Incident ref",
    "Date",
    "Time",
    "ASB type",
    "Summary",
    "Caller",
    "Caller tel",
    "Street",
    "Postcode",
)
MAPPING = {
    "reference": "Incident ref",
    "occurred_at": "Date",
    "occurred_time": "Time",
    "category": "ASB type",
    "description": "Summary",
    "reporter_name": "Caller",
    "reporter_phone": "Caller tel",
    "location_address": "Street",
    "location_postcode": "Postcode",
}


def row(reference: str = "P-1", **cells: str) -> dict[str, str]:
    """A nuisance incident on 1 May 2024 at 21:30 outside 1 Test Street, by Robin Example."""
    base = {
        "Incident ref": reference,
        "Date": "2024-05-01",
        "Time": "21:30",
        "ASB type": "Nuisance",
        "Summary": "Loud music late at night",
        "Caller": "Robin Example",
        "Caller tel": "07700 900123",
        "Street": "1 Test Street",
        "Postcode": "SP10 3AJ",
    }
    return {**base, **cells}


def csv_bytes(rows: Sequence[dict[str, str]], headers: Sequence[str] = HEADERS) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for cells in rows:
        writer.writerow([cells.get(header, "") for header in headers])
    return buffer.getvalue().encode("utf-8")


def xlsx_of(rows: Sequence[dict[str, Any]], headers: Sequence[str] = HEADERS) -> bytes:
    return xlsx_bytes([list(headers), *([cells.get(header) for header in headers] for cells in rows)])


def opener(content: bytes) -> Callable[[], IO[bytes]]:
    return lambda: io.BytesIO(content)


def intake_on(where: Partnership | None = None, *, months: int = 12) -> Partnership:
    """The demo partnership (or `where`) taking in incident records under ISA-2024-01."""
    where = where or partnership()
    intake_turn_on(
        partnership=where,
        agreement_reference="ISA-2024-01",
        agreement_review_date=date(2026, 4, 1),
        retention_months=months,
        actor=None,
    )
    return where


def agency(kind: str) -> Agency:
    return Agency.objects.get(partnership=partnership(), kind=kind)


def coordinator(username: str = "cora") -> User:
    """The demo partnership's coordinator `username` (made once)."""
    found = User.objects.filter(username=username).first()
    return found or staff(username, role=Role.COORDINATOR)
