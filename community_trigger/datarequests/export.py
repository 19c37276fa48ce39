"""What a subject access request's export holds, and the ZIP itself: a readable PDF, machine-readable
JSON, and the person's documents; other people's data and what an agency marked sensitive flagged
for redaction, and left out unless the coordinator chose to release it."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from community_trigger.cases.models import Application, Incident, Person
from community_trigger.datarequests.models import DataRequest
from community_trigger.datarequests.search import WHERE_BY_SOURCE
from community_trigger.datarequests.wording import FIELD_WORDS, SOURCE_WORDS
from community_trigger.documents.models import Document
from community_trigger.letters.rendering import pdf_from_html
from community_trigger.related.models import AllegedPerpetrator

# Why an item is flagged, in words for the coordinator.
OTHER_PERSON = "another person's data"
PERPETRATOR = "an alleged perpetrator's data"
SENSITIVE = "marked sensitive by an agency"
RISK = "risk information from an agency"

# The fields of each kind of record that the export shows (staff names are left out: they are the
# partnership's records of its own work, not the person's data).
SHOWN: dict[str, tuple[str, ...]] = {
    "person": ("role", "name", "address", "postcode", "email", "phone", "relationship_to_victim"),
    "perpetrator": ("names", "address", "postcode", "description"),
    "place": ("address", "postcode"),
    "incident": ("date", "description", "location"),
    "diary": ("kind", "happened_at", "with_whom", "summary"),
    "document": ("name", "kind", "description", "uploaded_at"),
    "letter": (
        "kind",
        "subject",
        "recipient_name",
        "recipient_address",
        "recipient_email",
        "created_at",
        "body_text",
    ),
    "message": ("kind", "channel", "to", "created_at", "sent_at"),
    "answer": ("action_taken", "outcome", "other_history", "risk", "answered_at"),
    "meeting": ("starts_at", "findings", "applicant_comments", "summary_for_applicant"),
}


@dataclass
class Item:
    """One record in the export, flagged (`flag`, in words) when it may need redacting."""

    key: str
    source: str
    reference: str
    values: dict[str, str]
    flag: str = ""
    document: Document | None = field(default=None, repr=False)


def _values(row: Any, source: str) -> dict[str, str]:
    values = {}
    for name in SHOWN[source]:
        # A choice in its words ("Applicant", "Note"), not as it is stored.
        shown = getattr(row, f"get_{name}_display", None)
        value = shown() if callable(shown) else getattr(row, name, "")
        values[name] = value.isoformat() if hasattr(value, "isoformat") else str(value or "")
    return values


def _flag(source: str, row: Any) -> str:
    if source == "document" and row.sensitive:
        return SENSITIVE
    if source == "answer" and (row.risk_sensitive or row.risk):
        return SENSITIVE if row.risk_sensitive else RISK
    return ""


def export_items(request: DataRequest) -> list[Item]:
    """Everything the export holds for `request`: each record confirmed as the person's; of each case
    they are in, its incidents; and, flagged, the other people and the alleged perpetrators named on
    those cases."""
    findings = list(request.findings.order_by("application_id", "source", "row_id"))
    cases = {
        case.pk: case for case in Application.objects.filter(pk__in={f.application_id for f in findings})
    }
    items: list[Item] = []
    mine: set[str] = set()
    for finding in findings:
        where = WHERE_BY_SOURCE[finding.source]
        row = where.model._default_manager.filter(pk=finding.row_id).first()
        if row is None:
            continue
        key = f"{finding.source}:{finding.row_id}"
        mine.add(key)
        items.append(
            Item(
                key=key,
                source=finding.source,
                reference=cases[finding.application_id].reference,
                values=_values(row, finding.source),
                flag=_flag(finding.source, row),
                document=row if isinstance(row, Document) else None,
            )
        )
    for case in cases.values():
        for incident in Incident.objects.filter(application=case).order_by("position"):
            key = f"incident:{incident.pk}"
            if key not in mine:
                items.append(Item(key, "incident", case.reference, _values(incident, "incident")))
        for person in Person.objects.filter(application=case).order_by("position"):
            key = f"person:{person.pk}"
            if key not in mine:
                items.append(Item(key, "person", case.reference, _values(person, "person"), OTHER_PERSON))
        for perpetrator in AllegedPerpetrator.objects.filter(application=case).order_by("pk"):
            key = f"perpetrator:{perpetrator.pk}"
            if key not in mine:
                values = _values(perpetrator, "perpetrator")
                items.append(Item(key, "perpetrator", case.reference, values, PERPETRATOR))
    return items


def _redacted(item: Item, redact: dict[str, bool]) -> bool:
    # A flagged item is redacted unless the coordinator chose to release it.
    return bool(item.flag) and redact.get(item.key, True)


def export_zip(request: DataRequest, items: list[Item]) -> bytes:
    """The ZIP of the export: data.json, report.pdf, and documents/ with each document's file that is
    not redacted."""
    redact = dict(request.redactions.values_list("item", "redact"))
    shown: list[dict[str, Any]] = [
        {"key": item.key, "record": item.source, "case": item.reference}
        | ({"redacted": True, "reason": item.flag} if _redacted(item, redact) else {"data": item.values})
        for item in items
    ]
    data = {
        "request": request.reference,
        "received_on": request.received_on.isoformat(),
        "produced_at": timezone.now().isoformat(),
        "person": {"name": request.name},
        "records": shown,
    }
    with translation.override(request.language):
        readable = [
            {
                "case": item.reference,
                "kind": str(SOURCE_WORDS[item.source]),
                "redacted": _redacted(item, redact),
                "fields": [(str(FIELD_WORDS[name]), value) for name, value in item.values.items() if value],
            }
            for item in items
        ]
        html = render_to_string("datarequests/export.html", {"request": request, "records": readable})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
        archive.writestr("report.pdf", pdf_from_html(html))
        for item in items:
            if item.document is not None and not _redacted(item, redact):
                with item.document.file.open("rb") as stored:
                    archive.writestr(f"documents/{item.document.pk}-{item.document.name}", stored.read())
    return buffer.getvalue()
