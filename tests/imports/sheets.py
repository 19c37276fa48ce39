"""Spreadsheets for the import tests: CSV text and XLSX workbooks written in the test, and the openers
the import reads them through."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
HEADERS = (
    "Reference",
    "Received date",
    "Channel",
    "Applicant role",
    "Satisfaction",
    "Threshold decision",
    "Decision date",
    "Review date",
    "Outcome sent date",
    "Escalation asked date",
    "Escalation decided date",
    "Escalation upheld",
    "Closed date",
    "Withdrawn date",
    "Agencies",
)


def row(**cells: str) -> dict[str, str]:
    """A case received by phone from the victim, not satisfied, and nothing more unless `cells` say."""
    base = {
        "Received date": "2024-05-01",
        "Channel": "phone",
        "Applicant role": "victim",
        "Satisfaction": "not satisfied",
    }
    return {**base, **{key.replace("_", " ").capitalize(): value for key, value in cells.items()}}


def csv_text(rows: Sequence[dict[str, str]], headers: Sequence[str] = HEADERS) -> str:
    lines = [",".join(headers)]
    for cells in rows:
        lines.append(",".join(_quoted(cells.get(header, "")) for header in headers))
    return "\n".join(lines) + "\n"


def _quoted(value: str) -> str:
    return f'"{value}"' if "," in value else value


def opener_of(content: bytes) -> Callable[[], IO[bytes]]:
    return lambda: io.BytesIO(content)


def csv_opener(rows: Sequence[dict[str, str]], headers: Sequence[str] = HEADERS) -> Callable[[], IO[bytes]]:
    return opener_of(csv_text(rows, headers).encode("utf-8"))


def xlsx_bytes(rows: Sequence[Sequence[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for cells in rows:
        sheet.append(list(cells))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
