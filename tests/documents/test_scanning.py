"""Viruses are refused by a real clamd (the EICAR test file); a scanner that is configured but cannot
be reached refuses every upload; with no scanner configured, documents are kept marked not scanned."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from accounts.people import staff
from django.test import override_settings

from community_trigger.audit.models import AuditEntry
from community_trigger.documents.models import Document, ScanResult
from community_trigger.documents.scanning import ScannerUnavailable, scan_chunks
from community_trigger.documents.selectors import Part
from community_trigger.documents.services import DocumentRefused
from community_trigger.domain.access import Role

from .builders import EICAR, TEXT, Casework

pytestmark = pytest.mark.django_db


@pytest.fixture
def work() -> Casework:
    coordinator = staff("cara")
    return Casework(
        coordinator=coordinator,
        officer=staff("pc-smith", role=Role.AGENCY_OFFICER, agency_kind="police"),
        chair=staff("chair", role=Role.PANEL_CHAIR),
        panel=[coordinator],
        author=coordinator,
    )


def _files(media: Any) -> list[Path]:
    return [path for path in Path(media).rglob("*") if path.is_file()]


def test_clamd_finds_the_eicar_file_and_passes_a_clean_one(clamd: str) -> None:
    assert scan_chunks([EICAR[:20], EICAR[20:]], address=clamd, timeout=10).found
    assert scan_chunks([TEXT], address=clamd, timeout=10).clean


def test_a_file_with_a_virus_is_refused_and_the_refusal_is_audited_without_the_file(
    clamd: str, work: Casework, settings: Any, tmp_path: Path
) -> None:
    settings.CLAMD_ADDRESS = clamd
    settings.MEDIA_ROOT = str(tmp_path)
    coordinator = work.coordinator

    with pytest.raises(DocumentRefused, match="contains a virus"):
        work.add(coordinator, Part.CASE, name="statement.txt", content=EICAR)

    assert not Document.objects.exists()
    assert _files(tmp_path) == []
    refusal = AuditEntry.objects.get(action=AuditEntry.Action.REFUSE)
    assert (refusal.subject, refusal.subject_id, refusal.actor) == (
        "application",
        str(work.case.pk),
        coordinator,
    )
    assert "statement" not in refusal.detail


def test_a_clean_file_is_kept_marked_scanned(clamd: str, work: Casework, settings: Any) -> None:
    settings.CLAMD_ADDRESS = clamd
    document = work.add(work.coordinator, Part.CASE, name="notes.txt", content=TEXT)

    assert document.scan == ScanResult.CLEAN


def test_a_scanner_that_cannot_be_reached_refuses_the_upload(
    work: Casework, settings: Any, tmp_path: Path
) -> None:
    settings.CLAMD_ADDRESS = "tcp://127.0.0.1:9"  # nothing listens on the discard port
    settings.MEDIA_ROOT = str(tmp_path)
    with pytest.raises(DocumentRefused, match="could not be checked for viruses"):
        work.add(work.coordinator, Part.CASE)

    assert not Document.objects.exists()
    assert _files(tmp_path) == []


def test_a_missing_unix_socket_is_unreachable_too() -> None:
    with pytest.raises(ScannerUnavailable):
        scan_chunks([TEXT], address="/nonexistent/clamd.sock", timeout=1)


@override_settings(CLAMD_ADDRESS="")
def test_without_a_scanner_a_document_is_kept_marked_not_scanned(work: Casework) -> None:
    document = work.add(work.coordinator, Part.CASE)

    assert document.scan == ScanResult.NOT_SCANNED
