"""Adding a document records it in the case's history without its name, keeps no stray file when the
transaction fails, and each document is seen and downloaded only by those its part's rules allow,
every download audited."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from accounts.people import PERSONAS, signed_in_as, staff, verified
from django.core.files.storage import default_storage
from django.test import Client

from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import CaseEvent, Happened
from community_trigger.cases.sections import Section, case_section_url
from community_trigger.diary.models import Visibility
from community_trigger.documents import services
from community_trigger.documents.models import Document
from community_trigger.documents.selectors import Part
from community_trigger.domain.access import Role

from .builders import PDF, Casework, upload

pytestmark = pytest.mark.django_db

(COORDINATOR, ASKED_OFFICER, OTHER_OFFICER, CHAIR, AUDITOR, OTHER_PARTNERSHIP, ANONYMOUS) = PERSONAS
SEES_CASE = (COORDINATOR, ASKED_OFFICER, CHAIR, AUDITOR)


def _casework(people: dict[str, Any], *, panel: list[Any] | None = None) -> Casework:
    return Casework(
        coordinator=people[COORDINATOR],
        officer=people[ASKED_OFFICER],
        chair=people[CHAIR],
        panel=[people[COORDINATOR]] if panel is None else panel,
        author=people[COORDINATOR],
    )


@pytest.fixture
def people() -> dict[str, Any]:
    return {
        COORDINATOR: staff("coordinator"),
        ASKED_OFFICER: staff("officer", role=Role.AGENCY_OFFICER, agency_kind="police"),
        CHAIR: staff("chair", role=Role.PANEL_CHAIR),
    }


def test_adding_a_document_records_it_in_the_history_without_its_name(people: dict[str, Any]) -> None:
    work = _casework(people)

    document = work.add(
        work.coordinator, Part.ANSWER, work.answer.pk, name="PC Smith's log.pdf", sensitive=True
    )

    event = CaseEvent.objects.get(application=work.case, kind=Happened.DOCUMENT_ADDED)
    assert event.facts == {"document": document.pk, "part": "answer", "kind": "other", "sensitive": True}
    assert "Smith" not in str(event.facts)
    assert not hasattr(event, "words")
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, detail="document").exists()
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.agency == work.police  # an answer's document is given by the agency that answered
    assert document.file.name == f"cases/{work.case.pk}/{document.key}"
    with default_storage.open(document.file.name) as kept:
        assert kept.read() == PDF


def test_a_failing_transaction_leaves_no_stray_file(
    people: dict[str, Any], monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    work = _casework(people)

    def history_fails(**kwargs: Any) -> None:
        raise RuntimeError("the history could not be written")

    monkeypatch.setattr(services, "event_record", history_fails)
    with pytest.raises(RuntimeError):
        work.add(work.coordinator, Part.CASE)

    assert not Document.objects.exists()
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


# Who sees each document of the case: `Casework` with the chair chairing and only the coordinator on
# the panel (the police officer is not), the police asked and answered.
SEEN_BY: dict[str, tuple[str, ...]] = {
    "case, coordinators only": (COORDINATOR,),
    "case, every agency": SEES_CASE,
    "case, every agency, sensitive": (COORDINATOR, CHAIR),
    "police answer": SEES_CASE,
    "police answer, sensitive": (COORDINATOR, ASKED_OFFICER, CHAIR),
    "meeting minutes": (COORDINATOR, CHAIR, AUDITOR),
    "diary entry, coordinators only": (COORDINATOR,),
    "diary entry, every agency": SEES_CASE,
}


def _every_kind(work: Casework) -> dict[str, Document]:
    by = work.coordinator
    coordinators, agencies = Visibility.COORDINATORS, Visibility.AGENCIES
    return {
        "case, coordinators only": work.add(by, Part.CASE, name="a.pdf", visibility=coordinators),
        "case, every agency": work.add(by, Part.CASE, name="b.pdf", visibility=agencies),
        "case, every agency, sensitive": work.add(
            by, Part.CASE, name="c.pdf", visibility=agencies, sensitive=True
        ),
        "police answer": work.add(by, Part.ANSWER, work.answer.pk, name="d.pdf"),
        "police answer, sensitive": work.add(
            work.officer, Part.ANSWER, work.answer.pk, name="e.pdf", sensitive=True
        ),
        "meeting minutes": work.add(by, Part.MEETING, work.meeting.pk, name="f.pdf", kind="minutes"),
        "diary entry, coordinators only": work.add(
            by, Part.ENTRY, work.entries[coordinators].pk, name="g.pdf"
        ),
        "diary entry, every agency": work.add(by, Part.ENTRY, work.entries[agencies].pk, name="h.pdf"),
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_sees_and_downloads_only_the_documents_their_part_allows(
    client: Client, people: dict[str, Any], persona: str
) -> None:
    work = _casework(people)
    documents = _every_kind(work)
    if persona in people:
        verified(client, people[persona])
    else:
        signed_in_as(client, persona)

    page = client.get(case_section_url(work.case, Section.DOCUMENTS))
    listed = page.content.decode() if page.status_code == 200 else ""
    for what, document in documents.items():
        url = f"/staff/cases/{work.case.reference}/documents/{document.pk}/"
        response = client.get(url)
        may = persona in SEEN_BY[what]
        assert (url in listed, document.name in listed) == (may, may), what
        if persona == ANONYMOUS:
            assert response.status_code == 302
        else:
            assert response.status_code == (200 if may else 404), what


def test_a_download_is_a_file_to_save_and_is_audited(client: Client, people: dict[str, Any]) -> None:
    work = _casework(people)
    document = work.add(
        work.coordinator, Part.CASE, name="Statement – 3 March.pdf", visibility=Visibility.AGENCIES
    )
    verified(client, people[ASKED_OFFICER])

    response = client.get(f"/staff/cases/{work.case.reference}/documents/{document.pk}/")

    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.get(purpose=AuditEntry.Purpose.DOCUMENT)
    assert (entry.actor, entry.action, entry.subject_id) == (
        people[ASKED_OFFICER],
        AuditEntry.Action.EXPORT,
        str(work.case.pk),
    )
    assert entry.detail == f"document {document.pk} downloaded"


def test_a_document_whose_file_has_gone_from_storage_is_not_found_and_logged(
    client: Client, people: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    work = _casework(people)
    document = work.add(work.coordinator, Part.CASE, name="gone.pdf")
    document.file.storage.delete(document.file.name)
    verified(client, work.coordinator)

    response = client.get(f"/staff/cases/{work.case.reference}/documents/{document.pk}/")

    assert response.status_code == 404
    assert f"document {document.pk} of case {work.case.reference} has no file in storage" in caplog.text


def test_an_officer_on_the_panel_sees_the_meetings_minutes(client: Client, people: dict[str, Any]) -> None:
    work = _casework(people, panel=[people[COORDINATOR], people[ASKED_OFFICER]])
    minutes = work.add(work.coordinator, Part.MEETING, work.meeting.pk, kind="minutes")
    verified(client, people[ASKED_OFFICER])

    response = client.get(f"/staff/cases/{work.case.reference}/documents/{minutes.pk}/")

    assert response.status_code == 200


def test_a_risk_sensitive_answers_documents_are_not_for_the_auditor(
    client: Client, people: dict[str, Any]
) -> None:
    work = _casework(people)
    work.answer.risk, work.answer.risk_sensitive = "A loaded air rifle.", True
    work.answer.save()
    document = work.add(work.officer, Part.ANSWER, work.answer.pk)
    auditor = staff("auditor", role=Role.AUDITOR)
    url = f"/staff/cases/{work.case.reference}/documents/{document.pk}/"

    assert verified(client, auditor).get(url).status_code == 404
    assert verified(Client(), people[CHAIR]).get(url).status_code == 200


def test_a_sensitive_document_an_officer_gave_stays_theirs_to_see(
    client: Client, people: dict[str, Any]
) -> None:
    work = _casework(people)
    document = work.add(work.officer, Part.CASE, visibility=Visibility.AGENCIES, sensitive=True)
    colleague = staff("colleague", role=Role.AGENCY_OFFICER, agency_kind="police")

    response = verified(client, colleague).get(f"/staff/cases/{work.case.reference}/documents/{document.pk}/")

    assert document.agency == work.police
    assert response.status_code == 200


def test_upload_refused_by_type_keeps_the_other_answers_and_shows_the_error_summary(
    client: Client, people: dict[str, Any]
) -> None:
    work = _casework(people)
    verified(client, people[COORDINATOR])

    response = client.post(
        f"/staff/cases/{work.case.reference}/documents/add/",
        {
            "file": upload("photo.jpg", PDF),
            "kind": "photo",
            "description": "Front door",
            "visibility": "agencies",
            "sensitive": "on",
        },
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "<title>Error:" in body
    assert "ends .jpg but it is a PDF" in body
    assert 'value="Front door"' in body
    assert 'value="photo" checked' in body
    assert 'value="agencies" checked' in body
    assert not Document.objects.exists()


def test_upload_without_a_file_says_to_select_one(client: Client, people: dict[str, Any]) -> None:
    work = _casework(people)
    verified(client, people[COORDINATOR])

    response = client.post(f"/staff/cases/{work.case.reference}/documents/add/", {"kind": "other"})

    assert "Select a file" in response.content.decode()


def test_an_officer_adds_a_document_to_their_agencys_answer_from_the_page(
    client: Client, people: dict[str, Any]
) -> None:
    work = _casework(people)
    verified(client, people[ASKED_OFFICER])
    page = client.get(case_section_url(work.case, Section.INFORMATION))
    add_url = f"/staff/cases/{work.case.reference}/documents/add/answers/{work.answer.pk}/"
    assert add_url in page.content.decode()

    response = client.post(add_url, {"file": upload("log.pdf"), "kind": "agency_extract"})

    assert response.status_code == 302
    assert response["Location"] == f"/staff/cases/{work.case.reference}/documents/"
    document = Document.objects.get()
    assert (document.response, document.agency, document.uploaded_by) == (
        work.answer,
        work.police,
        work.officer,
    )


def test_the_chair_adds_minutes_to_their_meeting_from_the_case_page(
    client: Client, people: dict[str, Any]
) -> None:
    work = _casework(people)
    verified(client, people[CHAIR])
    page = client.get(case_section_url(work.case, Section.REVIEW))
    add_url = f"/staff/cases/{work.case.reference}/documents/add/meetings/{work.meeting.pk}/"
    assert add_url in page.content.decode()

    client.post(add_url, {"file": upload("minutes.pdf"), "kind": "minutes"})

    assert Document.objects.get().meeting == work.meeting


def test_a_file_over_the_limit_is_dropped_as_it_arrives_and_the_page_says_so(
    client: Client, people: dict[str, Any], settings: Any
) -> None:
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    work = _casework(people)
    verified(client, people[COORDINATOR])

    response = client.post(
        f"/staff/cases/{work.case.reference}/documents/add/",
        {"file": upload("big.txt", b"noise " * 400_000), "kind": "other", "description": "Diary"},
    )

    body = response.content.decode()
    assert "The selected file must be smaller than 1 MB" in body
    assert "Select a file" not in body
    assert 'value="Diary"' in body
    assert not Document.objects.exists()


def test_the_upload_page_still_refuses_a_post_without_its_csrf_token(people: dict[str, Any]) -> None:
    work = _casework(people)
    client = verified(Client(enforce_csrf_checks=True), people[COORDINATOR])

    response = client.post(
        f"/staff/cases/{work.case.reference}/documents/add/", {"file": upload("a.pdf"), "kind": "other"}
    )

    assert response.status_code == 403
    assert not Document.objects.exists()
