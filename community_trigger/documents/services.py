"""Adding a document to a case: checked (name, size, type from its content), scanned for viruses when a
scanner is configured, stored through Django's storage API under a random name, and recorded in the
case's history (DOCUMENT_ADDED) in the same transaction as its row."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext

from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record
from community_trigger.cases.history import event_record
from community_trigger.cases.models import Happened
from community_trigger.cases.services import case_lock, step_check
from community_trigger.diary.models import Visibility
from community_trigger.documents.files import Checked, FileRefused, file_check
from community_trigger.documents.models import Document, DocumentKind, ScanResult
from community_trigger.documents.scanning import ScannerUnavailable, scan_chunks
from community_trigger.documents.selectors import Target
from community_trigger.domain.actions import Action

__all__ = ["Details", "DocumentRefused", "document_add"]


class DocumentRefused(Exception):
    """A document the service will not keep, with what to tell the person who chose it."""


@dataclass(frozen=True)
class Details:
    """What the person said of the document on the upload page."""

    kind: str = DocumentKind.OTHER
    description: str = ""
    visibility: str = Visibility.COORDINATORS
    sensitive: bool = False


def _scan(upload: UploadedFile) -> tuple[ScanResult, str]:
    """CLEAN, or NOT_SCANNED when no scanner is configured, with the name of any virus found.
    DocumentRefused when a scanner is configured but out of reach: a file nobody could check is not
    kept as if it had been (the scan fails closed)."""
    address = settings.CLAMD_ADDRESS
    if not address:
        return ScanResult.NOT_SCANNED, ""
    upload.seek(0)
    try:
        verdict = scan_chunks(upload.chunks(), address=address, timeout=settings.CLAMD_TIMEOUT_SECONDS)
    except ScannerUnavailable as unavailable:
        raise DocumentRefused(
            gettext(
                "The file could not be checked for viruses, so it has not been added. Try again later, "
                "or tell your system administrator if this keeps happening"
            )
        ) from unavailable
    finally:
        upload.seek(0)
    return ScanResult.CLEAN, verdict.found


def document_add(
    *,
    target: Target,
    upload: UploadedFile,
    details: Details,
    actor: Any = None,
    actor_label: str = "",
) -> Document:
    """Add `upload` to the case and part `target` names (see `upload_target_for`, which decided that
    `actor` may), with `details`. DocumentRefused, saying why, for a file that is not kept.

    A refused virus is recorded in the audit log (by the case, never the file or its name) in its own
    write, so that the refusal stays on record though nothing is added. The checks and the scan come
    before the transaction: a slow scan must not hold the case's lock.
    """
    try:
        checked = file_check(upload, name=upload.name or "", max_bytes=settings.DOCUMENT_MAX_BYTES)
    except FileRefused as refused:
        raise DocumentRefused(str(refused)) from refused
    scan, virus = _scan(upload)
    if virus:
        audit_record(
            actor=actor,
            actor_label=actor_label,
            action=AuditEntry.Action.REFUSE,
            subject=target.case,
            detail=f"document refused: virus found ({checked.content_type}, {checked.size} bytes)",
        )
        raise DocumentRefused(
            gettext("The selected file contains a virus (%(virus)s), so it has not been added")
            % {"virus": virus}
        )
    stored: list[str] = []
    try:
        return _document_store(
            target=target,
            upload=upload,
            checked=checked,
            scan=scan,
            details=details,
            actor=actor,
            actor_label=actor_label,
            stored=stored,
        )
    except BaseException:
        # The row and its event were rolled back: the file must not stay behind, kept by nobody.
        for name in stored:
            default_storage.delete(name)
        raise


@transaction.atomic
def _document_store(
    *,
    target: Target,
    upload: UploadedFile,
    checked: Checked,
    scan: ScanResult,
    details: Details,
    actor: Any,
    actor_label: str,
    stored: list[str],
) -> Document:
    """The row, its file and its event, together; `stored` learns the file's name as soon as it is
    written, for the caller to remove should the transaction fail."""
    case = case_lock(target.case)
    step_check(case, Action.ADD_DOCUMENT, actor=actor, refused=DocumentRefused)
    signed_in = actor if getattr(actor, "is_authenticated", False) else None
    document = Document(
        application=case,
        response=target.response,
        meeting=target.meeting,
        entry=target.entry,
        key=secrets.token_hex(16),
        name=checked.name,
        kind=details.kind,
        description=details.description,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        scan=scan,
        # A document of a part follows the part; its own visibility counts only for the case alone.
        visibility=details.visibility if target.part == "case" else Visibility.COORDINATORS,
        sensitive=details.sensitive,
        agency_id=target.agency_id,
        uploaded_by=signed_in,
        uploaded_by_label=actor_label if signed_in is None else "",
    )
    upload.seek(0)
    document.file.save(document.key, upload, save=False)
    stored.append(document.file.name)
    document.save()
    event_record(
        application=case,
        kind=Happened.DOCUMENT_ADDED,
        actor=actor,
        actor_label=actor_label,
        at=document.uploaded_at,
        facts={
            "document": document.pk,
            "part": target.part.value,
            "kind": document.kind,
            "sensitive": document.sensitive,
        },
    )
    return document
