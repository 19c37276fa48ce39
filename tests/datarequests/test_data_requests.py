"""Subject access, rectification and erasure requests: the calendar-month deadline and its extensions,
finding the person across a partnership's cases, the export with its redactions, its release and
download audited, a correction kept in the case's history, an erasure refused with a letter, who may
open the pages, and the request on "Due and overdue"."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import time_machine
from accounts.people import PERSONAS, signed_in_as, staff, verified
from applications.builders import other_partnership, submitted
from django.test import Client

from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application, CaseEvent, Happened, Person
from community_trigger.datarequests.export import (
    OTHER_PERSON,
    PERPETRATOR,
    SENSITIVE,
    export_items,
    export_zip,
)
from community_trigger.datarequests.models import (
    DataRequest,
    RefusalGround,
    RequestKind,
    RequestState,
    StepKind,
)
from community_trigger.datarequests.search import WHERE, Looking, Match, person_search
from community_trigger.datarequests.selectors import refusal_letter_html
from community_trigger.datarequests.services import (
    DataRequestRefused,
    data_request_extend,
    erasure_refuse,
    export_release,
    findings_choose,
    record_rectify,
    redactions_review,
)
from community_trigger.deadlines.selectors import DueFilters, due_page_for, due_today_for
from community_trigger.diary.models import Entry
from community_trigger.domain.access import Role
from community_trigger.domain.data_requests import ExtensionRefused, answer_due
from community_trigger.retention.anonymise import CaseOnHold
from community_trigger.retention.erasure import erasure_request_carry_out
from community_trigger.retention.services import hold_place

from .world import NEIGHBOUR, VICTIM_NAME, access_request, coordinator, victim, victims_case
from .world import PERPETRATOR as PERPETRATOR_NAME

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("received", "extended", "due"),
    [
        (date(2026, 3, 3), 0, date(2026, 4, 3)),
        (date(2026, 1, 31), 0, date(2026, 2, 28)),
        (date(2028, 1, 31), 0, date(2028, 2, 29)),
        (date(2026, 12, 15), 0, date(2027, 1, 15)),
        (date(2026, 1, 31), 1, date(2026, 3, 31)),
        (date(2026, 1, 31), 2, date(2026, 4, 30)),
    ],
)
def test_a_request_is_due_a_calendar_month_after_receipt_or_the_months_last_day(
    received: date, extended: int, due: date
) -> None:
    assert answer_due(received, extended_months=extended) == due


def test_no_more_than_two_further_months_may_be_added() -> None:
    with pytest.raises(ExtensionRefused):
        answer_due(date(2026, 1, 31), extended_months=3)


@time_machine.travel("2026-01-31 10:00 +0000", tick=False)
def test_an_extension_moves_the_deadline_with_its_reason_and_not_beyond_three_months() -> None:
    actor = coordinator()
    request = access_request(actor)
    assert request.due_by == date(2026, 2, 28)

    data_request_extend(request=request, actor=actor, months=1, reason="Records held by three agencies")
    assert request.due_by == date(2026, 3, 31)
    with pytest.raises(DataRequestRefused):
        data_request_extend(request=request, actor=actor, months=2, reason="Still more")

    request.refresh_from_db()
    assert (request.extended_months, request.due_by) == (1, date(2026, 3, 31))
    extended = request.steps.get(kind=StepKind.EXTENDED)
    assert extended.words.text == "Records held by three agencies"


def test_the_search_finds_the_person_across_every_kind_despite_typing_differences() -> None:
    actor = coordinator()
    case = victims_case(actor)
    request = access_request(actor)

    found = person_search(
        partnership_id=request.partnership_id,
        looking=Looking(
            name="Alex Aplicantson", email="ALEX.applicantson@example.com ", phone="+44 7700 900982"
        ),
    )

    kinds = {match.source for match in found if match.case_id == case.pk}
    assert {"person", "diary", "document"} <= kinds
    person = next(match for match in found if match.source == "person" and match.row_id == victim(case).pk)
    assert {"name", "email", "phone"} <= set(person.why)


def test_the_search_finds_a_date_of_birth_as_written_in_a_note() -> None:
    actor = coordinator()
    case = victims_case(actor)

    found = person_search(
        partnership_id=case.partnership_id, looking=Looking(name="Nobody", date_of_birth=date(1980, 3, 12))
    )

    assert [(match.source, match.why) for match in found] == [("diary", ["date of birth in text"])]


def test_the_search_never_finds_another_partnerships_cases() -> None:
    actor = coordinator()
    elsewhere = submitted(other_partnership())

    found = person_search(
        partnership_id=victims_case(actor).partnership_id,
        looking=Looking(name=VICTIM_NAME),
    )

    assert elsewhere.pk not in {match.case_id for match in found}
    assert found


def _chosen(request: DataRequest, case: Application) -> list[Match]:
    found = person_search(partnership_id=request.partnership_id, looking=Looking(name=request.name))
    return [
        match
        for match in found
        if match.case_id == case.pk and match.source in {"person", "diary", "document"}
    ]


def test_other_people_perpetrators_and_what_an_agency_marked_sensitive_are_flagged() -> None:
    actor = coordinator()
    case = victims_case(actor)
    request = access_request(actor)
    findings_choose(request=request, actor=actor, chosen=_chosen(request, case))

    flags = {
        item.key.split(":")[0] + ":" + item.values.get("name", item.values.get("names", "")): item.flag
        for item in export_items(request)
    }

    assert flags[f"person:{VICTIM_NAME}"] == ""
    assert flags["perpetrator:" + PERPETRATOR_NAME] == PERPETRATOR
    assert flags["document:police-intelligence.txt"] == SENSITIVE
    assert flags["document:victim-statement.txt"] == ""
    assert flags[f"person:{NEIGHBOUR}"] == OTHER_PERSON


def _pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout.split()
    )


def test_the_released_zip_holds_the_persons_data_and_not_what_was_redacted(
    client: Client, tmp_path: Path
) -> None:
    actor = coordinator()
    case = victims_case(actor)
    request = access_request(actor)
    findings_choose(request=request, actor=actor, chosen=_chosen(request, case))
    redactions_review(request=request, actor=actor, choices={})  # every flagged item redacted
    export_release(request=request, actor=actor)

    response = verified(client, actor).get(f"/staff/data-protection/requests/{request.pk}/export.zip")

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    text = json.dumps(data)
    assert VICTIM_NAME in text
    assert PERPETRATOR_NAME not in text
    assert NEIGHBOUR not in text
    assert (
        "documents/" + str(case.documents.get(sensitive=False).pk) + "-victim-statement.txt"
        in archive.namelist()
    )
    assert not any("police-intelligence" in name for name in archive.namelist())
    assert "personal data we hold about you" in _pdf_text(archive.read("report.pdf"), tmp_path)
    assert set(
        AuditEntry.objects.filter(subject="datarequest", subject_id=str(request.pk)).values_list(
            "detail", flat=True
        )
    ) >= {
        "data request export released",
        "data request export downloaded",
    }


def test_a_release_needs_the_redactions_reviewed_and_closes_the_request_as_released() -> None:
    actor = coordinator()
    case = victims_case(actor)
    request = access_request(actor)
    findings_choose(request=request, actor=actor, chosen=_chosen(request, case))
    with pytest.raises(DataRequestRefused):
        export_release(request=request, actor=actor)

    redactions_review(request=request, actor=actor, choices={})
    export_release(request=request, actor=actor)

    assert request.state == RequestState.RELEASED
    entry = AuditEntry.objects.get(subject="datarequest", action=AuditEntry.Action.EXPORT)
    assert VICTIM_NAME not in entry.detail


def test_a_correction_keeps_its_reason_in_the_cases_history_and_not_the_old_value() -> None:
    actor = coordinator()
    case = victims_case(actor)
    request = access_request(actor, kind=RequestKind.RECTIFICATION)
    person = victim(case)

    record_rectify(
        request=request,
        actor=actor,
        record=person,
        field="postcode",
        value="SO51 8AB",
        reason="They moved in May",
    )

    person.refresh_from_db()
    assert person.postcode == "SO51 8AB"
    event = CaseEvent.objects.get(application=case, kind=Happened.RECTIFIED)
    assert event.facts["record"] == "a person's postcode"
    assert event.words.text == "They moved in May"
    assert AuditEntry.objects.filter(
        subject="application", subject_id=str(case.pk), detail__contains="corrected"
    ).exists()
    assert request.state == RequestState.CARRIED_OUT


@pytest.mark.parametrize("language", ["en", "cy"])
def test_an_erasure_refused_gives_a_letter_with_the_lawful_reason_in_their_language(language: str) -> None:
    actor = coordinator()
    request = access_request(actor, kind=RequestKind.ERASURE, language=language)

    erasure_refuse(
        request=request, actor=actor, ground=RefusalGround.LEGAL_CLAIMS, words="A claim is pending."
    )

    html = refusal_letter_html(request)
    assert f'lang="{language}"' in html
    assert "A claim is pending." in html
    assert request.reference in html
    if language == "en":
        assert "We have decided not to erase it" in html
        assert "Needed for legal claims (Article 17(3)(e))" in html
    else:
        # The letter's greeting and sign-off are already in the Welsh catalogue; its own strings are
        # checked by tests/test_translations.py, which lists this template among the public ones.
        assert "Annwyl" in html
        assert "Yn gywir," in html
    assert request.state == RequestState.REFUSED


def test_refusing_for_another_reason_needs_the_reason_in_words() -> None:
    actor = coordinator()
    request = access_request(actor, kind=RequestKind.ERASURE)

    with pytest.raises(DataRequestRefused):
        erasure_refuse(request=request, actor=actor, ground=RefusalGround.OTHER, words=" ")


def test_carrying_out_an_erasure_erases_the_persons_details_and_leaves_everyone_elses() -> None:
    actor = coordinator()
    case = victims_case(actor)
    request = access_request(actor, kind=RequestKind.ERASURE)
    findings_choose(request=request, actor=actor, chosen=_chosen(request, case))

    erasure_request_carry_out(request=request, actor=actor, words="Asked in writing.")

    assert request.state == RequestState.CARRIED_OUT
    people = dict(Person.objects.filter(application=case).values_list("name", "phone"))
    assert VICTIM_NAME not in people
    assert people[NEIGHBOUR] == ""  # the neighbour stays, as they were
    case.refresh_from_db()
    assert case.anonymised_at is None
    erased = CaseEvent.objects.get(application=case, kind=Happened.ANONYMISED)
    assert erased.facts["why"] == "erasure"
    assert AuditEntry.objects.filter(detail="personal data removed (erasure request)").exists()


def test_erasing_the_only_person_on_a_case_anonymises_the_whole_case() -> None:
    actor = coordinator()
    case = victims_case(actor)
    Person.objects.filter(application=case, name=NEIGHBOUR).delete()
    request = access_request(actor, kind=RequestKind.ERASURE)
    findings_choose(request=request, actor=actor, chosen=_chosen(request, case))

    erasure_request_carry_out(request=request, actor=actor)

    case.refresh_from_db()
    assert case.anonymised_at is not None
    assert not Entry.objects.filter(application=case, summary__contains=VICTIM_NAME).exists()


def test_an_erasure_on_a_held_case_erases_nothing_and_leaves_the_request_open() -> None:
    actor = coordinator()
    case = victims_case(actor)
    hold_place(application=case, reason="Needed for a possession claim.", actor=actor)
    request = access_request(actor, kind=RequestKind.ERASURE)
    findings_choose(request=request, actor=actor, chosen=_chosen(request, case))

    with pytest.raises(CaseOnHold):
        erasure_request_carry_out(request=request, actor=actor)

    request.refresh_from_db()
    assert request.state == RequestState.SEARCHED
    assert Person.objects.filter(application=case, name=VICTIM_NAME).exists()


PAGES = ["", "{pk}/", "{pk}/search/", "{pk}/extend/", "{pk}/erasure/"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_partnerships_coordinator_opens_its_data_requests(
    client: Client, persona: str, page: str
) -> None:
    request = access_request(coordinator(), kind=RequestKind.ERASURE)
    user = signed_in_as(client, persona)

    response = client.get("/staff/data-protection/requests/" + page.format(pk=request.pk))

    expected = {"coordinator": 200, "anonymous": 302}.get(persona, 404)
    if persona == "other partnership" and page == "":
        expected = 200  # their own partnership's list, without this request
        assert request.reference not in response.content.decode()
    assert response.status_code == expected
    assert user is None or persona != "anonymous"


def test_the_data_protection_officer_does_not_handle_requests(client: Client) -> None:
    request = access_request(coordinator())
    verified(client, staff("dora", role=Role.DPO))

    assert client.get(f"/staff/data-protection/requests/{request.pk}/").status_code == 404
    assert client.get("/staff/data-protection/requests/").status_code == 404


def test_recording_a_request_from_the_page_sets_its_deadline(client: Client) -> None:
    verified(client, coordinator())
    with time_machine.travel("2026-01-31 10:00 +0000", tick=False):
        response = client.post(
            "/staff/data-protection/requests/new/",
            {
                "kind": "access",
                "name": "Vic Victimsworth",
                "email": "vic@example.com",
                "received_on-day": "31",
                "received_on-month": "1",
                "received_on-year": "2026",
                "received_via": "post",
                "language": "cy",
            },
        )
        assert response.status_code == 302
        page = client.get(response["Location"])
    assert "28 February 2026" in page.content.decode()


def test_a_request_without_a_name_is_shown_again_with_what_was_typed(client: Client) -> None:
    verified(client, coordinator())

    response = client.post(
        "/staff/data-protection/requests/new/", {"kind": "access", "email": "kept@example.com"}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Enter their name" in content
    assert "kept@example.com" in content


def test_due_and_overdue_lists_an_overdue_request_for_its_coordinator_only() -> None:
    actor = coordinator()
    with time_machine.travel("2026-01-05 10:00 +0000", tick=False):
        request = access_request(actor)
    officer = staff("ollie", role=Role.AGENCY_OFFICER, agency_kind="police")

    with time_machine.travel("2026-02-10 10:00 +0000", tick=False):
        page = due_page_for(
            actor, today=date(2026, 2, 10), filters=DueFilters(), sort="due", number=1, per_page=20
        )
        theirs = due_page_for(
            officer, today=date(2026, 2, 10), filters=DueFilters(), sort="due", number=1, per_page=20
        )

    items = [item for item in page.object_list if item.kind == "data_request"]
    assert [(item.reference, item.overdue) for item in items] == [(request.reference, True)]
    assert not [item for item in theirs.object_list if item.kind == "data_request"]


def test_the_search_page_shows_what_matched_and_records_the_cases_it_showed(client: Client) -> None:
    actor = coordinator()
    case = victims_case(actor)
    request = access_request(actor)

    response = verified(client, actor).get(f"/staff/data-protection/requests/{request.pk}/search/")

    content = response.content.decode()
    assert f"Person on the case: {VICTIM_NAME}" in content
    assert "Matched on: name, email, phone" in content
    assert AuditEntry.objects.filter(
        subject="application", subject_id=str(case.pk), detail="data request search"
    ).exists()
    assert AuditEntry.objects.filter(
        subject="datarequest", subject_id=str(request.pk), action="view"
    ).exists()


def test_ticking_nothing_is_a_problem_shown_on_the_page(client: Client) -> None:
    actor = coordinator()
    victims_case(actor)
    request = access_request(actor)

    response = verified(client, actor).post(f"/staff/data-protection/requests/{request.pk}/search/", {})

    assert "Select the records that are this person&#x27;s" in response.content.decode()
    assert request.findings.count() == 0


def test_a_released_item_flagged_for_redaction_is_in_the_export() -> None:
    actor = coordinator()
    case = victims_case(actor)
    request = access_request(actor)
    findings_choose(request=request, actor=actor, chosen=_chosen(request, case))
    neighbour = case.people.get(name=NEIGHBOUR)

    redactions_review(request=request, actor=actor, choices={f"person:{neighbour.pk}": False})
    export_release(request=request, actor=actor)

    archive = zipfile.ZipFile(io.BytesIO(export_zip(request, export_items(request))))
    assert NEIGHBOUR in archive.read("data.json").decode()
    assert PERPETRATOR_NAME not in archive.read("data.json").decode()


def test_refusing_an_erasure_from_its_page_gives_the_letter_as_a_pdf(client: Client, tmp_path: Path) -> None:
    actor = coordinator()
    request = access_request(actor, kind=RequestKind.ERASURE)
    verified(client, actor)

    response = client.post(
        f"/staff/data-protection/requests/{request.pk}/erasure/",
        {"decision": "refuse", "ground": "public_task", "words": ""},
    )
    letter = client.get(f"/staff/data-protection/requests/{request.pk}/refusal-letter.pdf")

    assert response.status_code == 302
    assert letter["Content-Type"] == "application/pdf"
    text = _pdf_text(letter.content, tmp_path)
    assert "Needed for a task in the public interest (Article 17(3)(b))" in text
    assert "Dear Alex Aplicantson," in text


def test_refusing_without_a_lawful_reason_asks_for_one(client: Client) -> None:
    actor = coordinator()
    request = access_request(actor, kind=RequestKind.ERASURE)

    response = verified(client, actor).post(
        f"/staff/data-protection/requests/{request.pk}/erasure/", {"decision": "refuse"}
    )

    assert "Select the lawful reason to refuse" in response.content.decode()
    request.refresh_from_db()
    assert request.state == RequestState.OPEN


def test_carrying_out_an_erasure_from_its_page(client: Client) -> None:
    actor = coordinator()
    case = victims_case(actor)
    request = access_request(actor, kind=RequestKind.ERASURE)
    findings_choose(request=request, actor=actor, chosen=_chosen(request, case))

    response = verified(client, actor).post(
        f"/staff/data-protection/requests/{request.pk}/erasure/", {"decision": "carry_out"}, follow=True
    )

    assert "Erasure carried out" in response.content.decode()
    request.refresh_from_db()
    assert request.state == RequestState.CARRIED_OUT
    assert not Person.objects.filter(application=case, name=VICTIM_NAME).exists()


def test_an_erasure_on_a_held_case_says_so_on_its_page_and_keeps_the_decision(client: Client) -> None:
    actor = coordinator()
    case = victims_case(actor)
    hold_place(application=case, reason="Needed for a possession claim.", actor=actor)
    request = access_request(actor, kind=RequestKind.ERASURE)
    findings_choose(request=request, actor=actor, chosen=_chosen(request, case))

    response = verified(client, actor).post(
        f"/staff/data-protection/requests/{request.pk}/erasure/",
        {"decision": "carry_out", "words": "Asked by phone."},
    )

    page = response.content.decode()
    assert f"Case {case.reference} is on a legal hold" in page
    assert "Asked by phone." in page
    request.refresh_from_db()
    assert request.state == RequestState.SEARCHED


def test_correcting_a_record_from_its_page(client: Client) -> None:
    actor = coordinator()
    case = victims_case(actor)
    request = access_request(actor, kind=RequestKind.RECTIFICATION)
    incident = case.incidents.first()
    assert incident is not None
    findings_choose(
        request=request,
        actor=actor,
        chosen=[Match(source="incident", row_id=incident.pk, case_id=case.pk, why=["name in text"])],
    )

    response = verified(client, actor).post(
        f"/staff/data-protection/requests/{request.pk}/rectify/",
        {"target": f"incident:{incident.pk}:date", "value": "02/01/2026", "reason": "Wrong day written"},
    )

    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.date == date(2026, 1, 2)
    event = CaseEvent.objects.get(application=case, kind=Happened.RECTIFIED)
    assert event.facts["record"] == "an incident's date"


def test_an_extension_beyond_the_law_is_shown_as_a_problem(client: Client) -> None:
    actor = coordinator()
    request = access_request(actor)
    data_request_extend(request=request, actor=actor, months=2, reason="Complex")

    response = verified(client, actor).post(
        f"/staff/data-protection/requests/{request.pk}/extend/", {"months": "1", "reason": "More"}
    )

    assert "The deadline can be extended by at most 2 months in all" in response.content.decode()


def test_the_search_asks_the_database_a_few_times_a_kind_however_many_cases(
    django_assert_max_num_queries: Any,
) -> None:
    actor = coordinator()
    case = victims_case(actor)
    for _ in range(3):
        victims_case(actor)

    # Two reads a kind (as written, typed differently), a third for phone numbers, and the references.
    looking = Looking(name=VICTIM_NAME, phone="07700900982")
    with django_assert_max_num_queries(2 * len(WHERE) + sum(1 for where in WHERE if where.phones) + 1):
        found = person_search(partnership_id=case.partnership_id, looking=looking)

    assert len({match.case_id for match in found}) == 4


def test_the_staff_homes_count_of_what_is_due_holds_an_overdue_request() -> None:
    actor = coordinator()
    with time_machine.travel("2026-01-05 10:00 +0000", tick=False):
        request = access_request(actor)

    due = due_today_for(actor, today=date(2026, 2, 10), shown=5)

    assert [item.reference for item in due.items] == [request.reference]
    assert due.count == 1


def test_a_phone_number_is_found_however_it_was_spaced() -> None:
    actor = coordinator()
    case = victims_case(actor)  # the applicant's phone kept as "07700 900 982"

    found = person_search(
        partnership_id=case.partnership_id, looking=Looking(name="Zed", phone="+447700900982")
    )

    assert [(match.source, match.row_id, match.why) for match in found] == [
        ("person", victim(case).pk, ["phone"])
    ]
