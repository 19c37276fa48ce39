"""Files of every kind made in memory, and a case with a part of each kind to add documents to."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from typing import Any

from applications.builders import partnership, submitted
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from community_trigger.cases.models import Application
from community_trigger.cases.services import case_transition
from community_trigger.cases.services.decisions import application_acknowledge, threshold_decide
from community_trigger.diary.models import Entry, Visibility
from community_trigger.documents.models import Document
from community_trigger.documents.selectors import Part, upload_target_for
from community_trigger.documents.services import Details, document_add
from community_trigger.domain.workflow import State
from community_trigger.reviews.models import Meeting
from community_trigger.reviews.services.meetings import meeting_schedule
from community_trigger.sharing.models import InformationRequest, InformationResponse

# The anti-virus test file: harmless, and found by every scanner as if it were a virus.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100
TEXT = b"Called the applicant at 10:00. Noise again last night.\n"
CSV = b"date,what\n2026-01-01,music\n2026-01-02,shouting\n"
EMAIL = (
    b"From: pc.smith@police.example\nTo: asb@council.example\nSubject: Incident log\n"
    b"Date: Mon, 5 Jan 2026 10:00:00 +0000\nMessage-ID: <log@police.example>\n\nAttached.\n"
)


def _office(part: str) -> bytes:
    """The bones of an Office Open XML file: its content types, then its main part (libmagic reads
    which kind it is from the folder of the part that follows the content types)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as made:
        made.writestr("[Content_Types].xml", "<Types/>")
        made.writestr("_rels/.rels", "<Relationships/>")
        made.writestr(part, "<document/>")
    return out.getvalue()


def xlsx() -> bytes:
    return _office("xl/workbook.xml")


def docx() -> bytes:
    return _office("word/document.xml")


def upload(name: str, content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


class Casework:
    """A case of the demo partnership with a part of every kind: the police asked and answered, a
    review meeting chaired by `chair` with `panel`, and a diary entry of each visibility by `author`."""

    def __init__(self, *, coordinator: Any, officer: Any, chair: Any, panel: list[Any], author: Any) -> None:
        self.coordinator, self.officer, self.chair, self.author = coordinator, officer, chair, author
        case = submitted(partnership())
        application_acknowledge(application=case, actor=coordinator)
        threshold_decide(application=case, outcome="threshold_met", reasons="", actor=coordinator)
        case_transition(application=case, to=State.INFORMATION_REQUESTED, actor=coordinator)
        police = case.partnership.agencies.get(kind="police")
        asked = InformationRequest.objects.create(
            application=case, agency=police, due_by=timezone.localdate() + timedelta(days=10)
        )
        self.answer = InformationResponse.objects.create(
            request=asked, action_taken="Patrols.", outcome="Quieter.", answered_by=officer
        )
        asked.answered_at = self.answer.answered_at
        asked.save(update_fields=["answered_at"])
        starts = timezone.now() + timedelta(days=7)
        self.meeting: Meeting = meeting_schedule(
            application=case,
            starts_at=starts,
            place="Beech Hurst",
            online_link="",
            chair=chair,
            chair_independent=False,
            agencies=[police],
            panel=panel,
            victim_involvement="invited",
            actor=coordinator,
        )
        self.entries = {
            visibility: Entry.objects.create(
                application=case,
                kind="note",
                happened_at=timezone.now(),
                summary="Spoke to the applicant.",
                visibility=visibility,
                written_by=author,
            )
            for visibility in Visibility
        }
        self.case: Application = Application.objects.get(pk=case.pk)
        self.police = police

    def add(
        self,
        by: Any,
        part: Part,
        part_id: int = 0,
        *,
        name: str = "evidence.pdf",
        content: bytes = PDF,
        **details: Any,
    ) -> Document:
        """A document added through the page's own path: where `by` may add it, then the service."""
        target = upload_target_for(by, self.case.reference, part, part_id)
        return document_add(target=target, upload=upload(name, content), details=Details(**details), actor=by)
