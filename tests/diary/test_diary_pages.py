"""The case diary on the case page and its own pages: who reads which entries, adding one with the
GOV.UK form (its errors keep what was typed), the whole diary page by page, and the notes typed when a
recommendation was updated, shown beside it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from accounts.people import error_messages, staff, verified
from django.test import Client
from django.utils import timezone
from reviews.builders import Team, held, recommended, scheduled, team
from reviews.builders import answered as answered_case

from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application, Happened
from community_trigger.cases.sections import Section, case_section_url
from community_trigger.diary.models import Entry, EntryKind, Visibility
from community_trigger.domain.access import Role
from community_trigger.reviews.services.plans import recommendation_update
from community_trigger.sharing.models import InformationRequest
from diary.builders import asked_case, entry

pytestmark = pytest.mark.django_db

CONFIDED = "She is frightened to leave the house."
SHARED = "Agreed a joint visit with the police on Friday."


@pytest.fixture
def people() -> Team:
    return team()


@pytest.fixture
def case(people: Team) -> Application:
    return asked_case(people, people.police, people.housing)


def _add(case: Application, actor: Any, summary: str, visibility: str, **overrides: Any) -> Entry:
    return entry(case, actor, summary, visibility=visibility, **overrides)


def _page(client: Client, user: Any, url: str) -> str:
    verified(client, user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_case_page_shows_each_viewer_only_the_entries_they_may_read(
    client: Client, people: Team, case: Application
) -> None:
    _add(case, people.coordinator, CONFIDED, Visibility.COORDINATORS)
    _add(case, people.police_officer, SHARED, Visibility.AGENCIES)
    url = f"/staff/cases/{case.reference}/"

    assert {CONFIDED, SHARED} <= set(_texts(_page(client, people.coordinator, url)))
    for reader in (people.housing_officer, people.chair, staff("audrey", role=Role.AUDITOR)):
        html = _page(client, reader, url)
        assert SHARED in html
        assert CONFIDED not in html


def _texts(html: str) -> list[str]:
    return [text for text in (CONFIDED, SHARED) if text in html]


def test_the_timeline_names_the_kind_only_to_those_who_may_read_the_entry(
    client: Client, people: Team, case: Application
) -> None:
    _add(case, people.coordinator, CONFIDED, Visibility.COORDINATORS, kind=EntryKind.VISIT)
    url = case_section_url(case, Section.HISTORY)

    coordinator_sees = _page(client, people.coordinator, url)
    officer_sees = _page(client, people.police_officer, url)

    assert (
        '<h3 class="moj-timeline__title">A note or contact added to the case diary (visit)</h3>'
        in coordinator_sees
    )
    assert '<h3 class="moj-timeline__title">A note or contact added to the case diary</h3>' in officer_sees
    assert "(visit)" not in officer_sees


def test_the_case_page_shows_the_newest_few_and_links_to_the_whole_diary(
    client: Client, people: Team, case: Application
) -> None:
    now = timezone.now()
    for hours in range(1, 8):
        _add(
            case,
            people.coordinator,
            f"Entry {hours} hours ago",
            "agencies",
            happened_at=now - timedelta(hours=hours),
        )

    html = _page(client, people.coordinator, f"/staff/cases/{case.reference}/")

    assert "Entry 1 hours ago" in html
    assert "Entry 5 hours ago" in html
    assert "Entry 6 hours ago" not in html
    assert "See the whole diary (7 entries)" in html


def test_the_whole_diary_goes_page_by_page_newest_first_and_filters_by_kind(
    client: Client, people: Team, case: Application
) -> None:
    now = timezone.now()
    for minutes in range(1, 23):
        _add(
            case,
            people.coordinator,
            f"Call {minutes:02d}",
            "agencies",
            happened_at=now - timedelta(minutes=minutes),
        )
    _add(
        case,
        people.coordinator,
        "A visit",
        "agencies",
        kind=EntryKind.VISIT,
        happened_at=now - timedelta(days=2),
    )
    url = f"/staff/cases/{case.reference}/diary/"

    first = _page(client, people.coordinator, url)
    second = client.get(url, {"page": 2}).content.decode()
    visits = client.get(url, {"kind": "visit"}).content.decode()

    assert {"Call 01", "Call 20"} <= _shown(first, 23)
    assert "Call 21" not in first
    assert first.index("Call 01") < first.index("Call 02")
    assert {"Call 21", "Call 22"} <= _shown(second, 23)
    assert "A visit" in second
    assert "A visit" in visits
    assert "Call 01" not in visits
    assert AuditEntry.objects.filter(subject_id=str(case.pk), detail="case diary").count() == 3


def test_the_whole_diary_keeps_coordinator_only_entries_from_the_agencies(
    client: Client, people: Team, case: Application
) -> None:
    _add(case, people.coordinator, CONFIDED, Visibility.COORDINATORS)
    _add(case, people.coordinator, SHARED, Visibility.AGENCIES)

    html = _page(client, people.housing_officer, f"/staff/cases/{case.reference}/diary/")

    assert SHARED in html
    assert CONFIDED not in html


def _shown(html: str, calls: int) -> set[str]:
    return {f"Call {minutes:02d}" for minutes in range(1, calls) if f"Call {minutes:02d}" in html}


def _form(**overrides: str) -> dict[str, str]:
    today = timezone.localdate()
    return {
        "kind": "call",
        "direction": "outgoing",
        "with_whom": "PC Jones",
        "day-day": str(today.day),
        "day-month": str(today.month),
        "day-year": str(today.year),
        "at": "00:01",
        "summary": SHARED,
        "visibility": "agencies",
    } | overrides


def test_an_officer_of_the_asked_agency_logs_a_call_for_their_agency(
    client: Client, people: Team, case: Application
) -> None:
    verified(client, people.police_officer)

    response = client.post(f"/staff/cases/{case.reference}/diary/new/", _form())

    assert response.status_code == 302
    # Back to the diary, where the new entry shows first.
    assert response["Location"] == f"/staff/cases/{case.reference}/diary/"
    entry = Entry.objects.get()
    assert (entry.kind, entry.direction, entry.written_for) == ("call", "outgoing", people.police)
    assert timezone.localtime(entry.happened_at).strftime("%H:%M") == "00:01"
    assert case.events.filter(kind=Happened.NOTE_ADDED).count() == 1


def test_an_empty_form_says_what_is_missing(client: Client, people: Team, case: Application) -> None:
    verified(client, people.coordinator)

    response = client.post(f"/staff/cases/{case.reference}/diary/new/", {})

    assert response.status_code == 200
    assert error_messages(response) == [
        "Select what kind of entry this is",
        "Enter the date it happened",
        "Enter the time it happened",
        "Enter a summary",
        "Select who may read it",
    ]
    assert "There is a problem" in response.content.decode()
    assert not Entry.objects.exists()


def test_a_contact_without_its_direction_or_person_keeps_what_was_typed(
    client: Client, people: Team, case: Application
) -> None:
    verified(client, people.coordinator)

    response = client.post(
        f"/staff/cases/{case.reference}/diary/new/", _form(direction="", with_whom="", summary=CONFIDED)
    )

    assert error_messages(response) == [
        "Say whether the contact was received or made",
        "Enter who the contact was with",
    ]
    assert CONFIDED in response.content.decode()
    assert not Entry.objects.exists()


def test_a_contact_in_the_future_is_refused(client: Client, people: Team, case: Application) -> None:
    verified(client, people.coordinator)
    tomorrow = timezone.localdate() + timedelta(days=1)
    later = timezone.localtime() + timedelta(hours=1)

    next_day = client.post(
        f"/staff/cases/{case.reference}/diary/new/",
        _form(
            **{"day-day": str(tomorrow.day), "day-month": str(tomorrow.month), "day-year": str(tomorrow.year)}
        ),
    )
    assert error_messages(next_day) == ["Date it happened must be today or in the past"]
    if later.date() == timezone.localdate():  # not in the last hour of the day
        in_an_hour = client.post(
            f"/staff/cases/{case.reference}/diary/new/", _form(at=later.strftime("%H:%M"))
        )
        assert error_messages(in_an_hour) == ["The time must be now or in the past"]
    assert not Entry.objects.exists()


def test_a_note_needs_no_direction_nor_person(client: Client, people: Team, case: Application) -> None:
    verified(client, people.coordinator)

    response = client.post(
        f"/staff/cases/{case.reference}/diary/new/", _form(kind="note", direction="", with_whom="")
    )

    assert response.status_code == 302
    assert Entry.objects.get().kind == "note"


def test_an_agency_with_only_a_recommendation_on_the_case_may_read_but_not_write(
    client: Client, people: Team
) -> None:
    meeting = held(people, scheduled(people, answered_case(people)))
    case = meeting.application
    recommended(people, meeting, people.housing, people.housing_officer, "offer mediation")
    InformationRequest.objects.filter(application=case, agency=people.housing).delete()
    verified(client, people.housing_officer)

    assert client.get(f"/staff/cases/{case.reference}/diary/").status_code == 200
    assert client.get(f"/staff/cases/{case.reference}/diary/new/").status_code == 403


def test_notes_typed_when_updating_a_recommendation_show_beside_it(client: Client, people: Team) -> None:
    meeting = held(people, scheduled(people, answered_case(people)))
    police = recommended(people, meeting, people.police, people.police_officer, "patrol the street")
    recommendation_update(
        recommendation=police,
        to="accepted",
        note="Two extra patrols a week from May.",
        actor=people.police_officer,
    )
    url = case_section_url(meeting.application, Section.REVIEW)

    for reader in (people.coordinator, people.police_officer, people.chair):
        assert "Two extra patrols a week from May." in _page(client, reader, url)
    # Housing sees only its own recommendations, and so none of the police's notes.
    assert "Two extra patrols a week from May." not in _page(client, people.housing_officer, url)
