"""The retention page and its hold forms, persona by persona; and every page of an anonymised case
opens, saying plainly that its personal data was removed under the retention schedule."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from accounts.people import persona, staff, verified
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from reviews.builders import Team, team

from community_trigger.applications.services import status_token
from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application
from community_trigger.cases.sections import Section
from community_trigger.domain.access import Role
from community_trigger.domain.workflow import State
from community_trigger.retention.anonymise import case_anonymise
from community_trigger.retention.models import LegalHold
from community_trigger.retention.services import hold_place
from retention.builders import LIVED, Personal, lived_case
from retention.cases import ended
from retention.test_schedule import DECIDED, TWO_YEARS_ON

pytestmark = pytest.mark.django_db

PAGE = "/staff/data-protection/retention/"
HOLD = "/staff/data-protection/retention/hold/"
SOON = TWO_YEARS_ON - timedelta(days=10)


def _as(user: Any) -> Client:
    return verified(Client(), user)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.DPO])
def test_a_coordinator_and_the_data_protection_officer_see_what_falls_due_and_the_view_is_audited(
    role: Role,
) -> None:
    case = ended(staff("setter"), State.WITHDRAWN, DECIDED)
    viewer = staff("viewer", role=role)

    with time_machine.travel(SOON, tick=False):
        response = _as(viewer).get(PAGE)

    assert response.status_code == 200
    text = response.content.decode()
    assert re.search(
        rf"{case.reference}</a></td>\s*<td[^>]*>Withdrawn</td>\s*<td[^>]*>20 November 2028", text
    )
    entry = AuditEntry.objects.filter(actor=viewer, action=AuditEntry.Action.VIEW).get()
    assert entry.detail == "retention page: cases due to be anonymised and cases on hold"


@pytest.mark.parametrize("role", [Role.AGENCY_OFFICER, Role.PANEL_CHAIR, Role.AUDITOR])
def test_staff_who_do_not_manage_retention_are_refused(role: Role) -> None:
    client = _as(staff("someone", role=role, agency_kind="police"))

    assert [client.get(url).status_code for url in (PAGE, HOLD)] == [403, 403]


def test_someone_not_signed_in_is_sent_to_sign_in() -> None:
    response = Client().get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in/")


def test_a_coordinator_puts_a_case_on_hold_and_it_leaves_the_list() -> None:
    coordinator = staff()
    case = ended(coordinator, State.WITHDRAWN, DECIDED)

    with time_machine.travel(SOON, tick=False):
        client = _as(coordinator)
        form = client.get(HOLD, {"reference": case.reference})
        placed = client.post(HOLD, {"reference": case.reference, "reason": "The county court needs it."})
        page = client.get(PAGE)

    assert f'value="{case.reference}"' in form.content.decode()
    assert (placed.status_code, placed["Location"]) == (302, PAGE)
    hold = LegalHold.objects.get(application=case, lifted_at=None)
    assert hold.reason == "The county court needs it."
    text = page.content.decode()
    assert f"{case.reference} is on hold: it will not be anonymised" in text
    assert "No case is due to be anonymised in the next 30 days." in text
    assert "The county court needs it." in text


def test_a_hold_without_a_reason_is_refused_keeping_what_was_typed() -> None:
    case = ended(staff("setter"), State.WITHDRAWN, DECIDED)

    response = _as(staff()).post(HOLD, {"reference": case.reference, "reason": ""})

    assert response.status_code == 200
    text = response.content.decode()
    assert "govuk-error-summary" in text
    assert "Say why the case is to be held" in text
    assert f'value="{case.reference}"' in text
    assert not LegalHold.objects.exists()


def test_a_coordinator_lifts_a_hold_with_a_reason() -> None:
    coordinator = staff()
    case = ended(coordinator, State.WITHDRAWN, DECIDED)
    hold_place(application=case, reason="An inquiry.", actor=coordinator)
    client = _as(coordinator)
    lift = f"{HOLD}{case.reference}/lift/"

    refused = client.post(lift, {"reason": ""})
    lifted = client.post(lift, {"reason": "The inquiry reported."})

    assert refused.status_code == 200
    assert "Say why the hold is lifted" in refused.content.decode()
    assert lifted.status_code == 302
    assert LegalHold.objects.get(application=case).lift_reason == "The inquiry reported."
    assert client.get(lift).status_code == 404  # nothing left to lift


def test_another_partnerships_coordinator_can_neither_see_nor_hold_nor_lift_this_partnerships_case() -> None:
    coordinator = staff()
    case = ended(coordinator, State.WITHDRAWN, DECIDED)
    hold_place(application=case, reason="An inquiry.", actor=coordinator)
    other = ended(coordinator, State.THRESHOLD_NOT_MET, DECIDED)
    elsewhere = persona("other partnership")

    with time_machine.travel(SOON, tick=False):
        page = _as(elsewhere).get(PAGE)
    client = _as(elsewhere)
    held = client.post(HOLD, {"reference": other.reference, "reason": "Mine now."})
    lift = client.post(f"{HOLD}{case.reference}/lift/", {"reason": "Not yours."})

    assert page.status_code == 200
    assert other.reference not in page.content.decode()
    assert case.reference not in page.content.decode()
    assert held.status_code == 200
    assert "There is no case with that reference in your partnership" in held.content.decode()
    assert not LegalHold.objects.filter(application=other).exists()
    assert lift.status_code == 404
    assert LegalHold.objects.get(application=case).lifted_at is None


# Every page of a case, by the arguments it needs beyond the reference: what to fill them with.
def _case_pages(resolver: URLResolver, prefix: str = "") -> list[str]:
    found: list[str] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found += _case_pages(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if route.startswith("staff/cases/<str:reference>/"):
                found.append(route)
    return found


def _filled(route: str, case: Application) -> list[str]:
    meeting = case.meetings.get()
    ids: dict[str, list[Any]] = {
        "letter_id": list(case.letters.values_list("pk", flat=True)),
        "message_id": list(case.outbox.values_list("pk", flat=True)[:1]),
        "meeting_id": [meeting.pk],
        "recommendation_id": list(meeting.recommendations.values_list("pk", flat=True)),
        "escalation_id": list(case.escalations.values_list("pk", flat=True)),
        "request_id": list(case.information_requests.values_list("pk", flat=True)),
        "document_id": [],
        "section": [section.value for section in Section if section != Section.SUMMARY],
    }
    paths = [route.replace("<str:reference>", case.reference)]
    for name, values in ids.items():
        for converter in ("int", "case_section"):
            marker = f"<{converter}:{name}>"
            if marker in route:
                paths = [path.replace(marker, str(value)) for path in paths for value in values]
    if "part_id" in route:
        parts: dict[str, Any] = {
            "answers": case.information_requests.exclude(response=None).values_list(
                "response__pk", flat=True
            ),
            "meetings": [meeting.pk],
            "diary": case.diary.values_list("pk", flat=True),
        }
        kind = route.split("/add/")[1].split("/", maxsplit=1)[0]
        paths = [path.replace("<int:part_id>", str(part)) for path in paths for part in parts[kind]]
    return ["/" + path for path in paths]


def test_every_page_of_an_anonymised_case_opens_and_says_its_data_was_removed() -> None:
    people: Team = team()
    with time_machine.travel(LIVED, tick=False):
        case = lived_case(people, Personal.of("2"))
    case_anonymise(application=case, why="retention")
    client = _as(people.coordinator)

    opened = {}
    for route in _case_pages(get_resolver()):
        for path in _filled(route, case):
            response = client.get(path)
            opened[path] = response.status_code
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                assert "was removed on" in response.content.decode(), path
                assert "under the partnership's retention schedule" in response.content.decode(), path

    status = Client().get(f"/{case.partnership.slug}/status/{status_token(case)}/")
    assert status.status_code in (200, 302, 404)  # the applicant's page asks for what is gone, or not
    assert opened[f"/staff/cases/{case.reference}/"] == 200
    assert set(opened.values()) <= {200, 302, 403, 404, 405}
    assert sum(status == 200 for status in opened.values()) >= len(Section)
