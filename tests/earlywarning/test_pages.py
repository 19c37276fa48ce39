"""Who sees what of early warning: coordinators act on their partnership's findings, its data
protection officer reads them, an agency's officer sees only their own agency's second-report tasks;
everyone else gets 404 (nobody learns what was found), anonymous visitors the sign-in page. Acting on
a finding records audited steps and never makes an application."""

from __future__ import annotations

from datetime import date

import pytest
from accounts.people import PERSONAS, signed_in_as
from applications.builders import partnership
from django.test import Client
from incidents.test_access import DPO, _as

from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application
from community_trigger.earlywarning.models import Finding, FindingStep, Kind, State, Step
from community_trigger.earlywarning.services import findings_detect
from earlywarning.findings import person, report

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2024-06-01 12:00:00+01:00", tick=False)]
(COORDINATOR, ASKED_OFFICER, OTHER_OFFICER, CHAIR, AUDITOR, OTHER_PARTNERSHIP, ANONYMOUS) = PERSONAS


@pytest.fixture
def found() -> tuple[Finding, Finding]:
    """A person meeting the threshold, and a second report made to the police (the asked agency)."""
    robin, sam = person(), person()
    for kind, day in (
        ("council", date(2024, 2, 1)),
        ("housing", date(2024, 3, 1)),
        ("council", date(2024, 4, 1)),
    ):
        report(kind, day, by=robin)
    report("housing", date(2024, 4, 1), by=sam, name="Sam Second")
    report("police", date(2024, 5, 1), by=sam, name="Sam Second")
    findings_detect(partnership=partnership(), today=date(2024, 6, 1))
    return Finding.objects.get(kind=Kind.PERSON), Finding.objects.get(kind=Kind.SECOND_REPORT, reporter=sam)


# The list, a finding's page, the tasks list, the police's task.
EXPECTED = {
    COORDINATOR: (200, 200, 404, 404),
    DPO: (200, 200, 404, 404),
    ASKED_OFFICER: (404, 404, 200, 200),
    OTHER_OFFICER: (404, 404, 200, 404),
    CHAIR: (404, 404, 404, 404),
    AUDITOR: (404, 404, 404, 404),
    OTHER_PARTNERSHIP: (200, 404, 404, 404),
    ANONYMOUS: (302, 302, 302, 302),
}


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_each_persona_sees_early_warning_only_if_they_may(
    client: Client, found: tuple[Finding, Finding], persona: str
) -> None:
    finding, task = found
    _as(client, persona)
    pages = (
        "/staff/early-warning/",
        f"/staff/early-warning/{finding.pk}/",
        "/staff/early-warning/tasks/",
        f"/staff/early-warning/tasks/{task.pk}/",
    )
    assert tuple(client.get(page).status_code for page in pages) == EXPECTED[persona]


def test_the_list_shows_why_newest_first_and_filters_by_kind(
    client: Client, found: tuple[Finding, Finding]
) -> None:
    signed_in_as(client, COORDINATOR)

    page = client.get("/staff/early-warning/", {"kind": "person"}).content.decode()

    assert "3 qualifying complaints" in page
    assert "Reported again" not in page


def test_a_findings_page_audits_each_record_shown(client: Client, found: tuple[Finding, Finding]) -> None:
    finding, _ = found
    signed_in_as(client, COORDINATOR)

    client.get(f"/staff/early-warning/{finding.pk}/")

    assert (
        AuditEntry.objects.filter(
            action="view", subject="incidentrecord", detail="early-warning finding"
        ).count()
        == 3
    )


def test_acting_starts_a_contact_then_records_the_outcome_and_never_makes_an_application(
    client: Client, found: tuple[Finding, Finding]
) -> None:
    finding, _ = found
    signed_in_as(client, COORDINATOR)
    address = f"/staff/early-warning/{finding.pk}/"

    refused = client.post(address, {"step": Step.TOLD})
    started = client.post(
        address, {"step": Step.CONTACT_STARTED, "with_whom": "PC Lee, police", "how": "phone"}
    )
    wants = client.post(address, {"step": Step.WANTS_TO_APPLY, "note": "Wants help to apply"})

    assert "Record the contact before its outcome" in refused.content.decode()
    assert started.status_code == wants.status_code == 302
    finding.refresh_from_db()
    assert (finding.state, finding.outcome) == (State.CLOSED, Step.WANTS_TO_APPLY)
    assert list(FindingStep.objects.values_list("step", flat=True)) == [
        Step.CONTACT_STARTED,
        Step.WANTS_TO_APPLY,
    ]
    assert "/staff/applications/new/" in client.get(address).content.decode()
    assert not Application.objects.exists()
    details = list(
        AuditEntry.objects.filter(action="change", subject="finding")
        .order_by("pk")
        .values_list("detail", flat=True)
    )
    assert details == ["Early-warning step: contact_started", "Early-warning step: wants_to_apply"]


def test_a_contact_needs_to_say_who_makes_it(client: Client, found: tuple[Finding, Finding]) -> None:
    finding, _ = found
    signed_in_as(client, COORDINATOR)

    answer = client.post(
        f"/staff/early-warning/{finding.pk}/", {"step": Step.CONTACT_STARTED, "note": "kept"}
    )

    assert "Enter who makes the contact" in answer.content.decode()
    assert "kept" in answer.content.decode()


def test_the_dpo_reads_but_cannot_act(client: Client, found: tuple[Finding, Finding]) -> None:
    finding, _ = found
    _as(client, DPO)

    answer = client.post(
        f"/staff/early-warning/{finding.pk}/", {"step": Step.CONTACT_STARTED, "with_whom": "me"}
    )

    assert answer.status_code == 404
    assert not FindingStep.objects.exists()


def test_the_officer_sees_the_person_and_dates_not_other_agencies_words_and_marks_it_done(
    client: Client, found: tuple[Finding, Finding]
) -> None:
    _, task = found
    signed_in_as(client, ASKED_OFFICER)
    address = f"/staff/early-warning/tasks/{task.pk}/"

    page = client.get(address).content.decode()
    no_channel = client.post(address, {"answer": Step.TASK_DONE})
    done = client.post(address, {"answer": Step.TASK_DONE, "how": "phone"})

    assert "Sam Second" in page
    assert "07700 900123" in page
    assert "voicemail" in page
    assert "/test-valley/" in page
    assert "Loud music" not in page
    assert "Select the channel you used" in no_channel.content.decode()
    assert done.status_code == 302
    task.refresh_from_db()
    assert (task.state, task.outcome) == (State.CLOSED, Step.TASK_DONE)


def test_an_officer_may_decline_a_task_with_a_reason(client: Client, found: tuple[Finding, Finding]) -> None:
    _, task = found
    signed_in_as(client, ASKED_OFFICER)
    address = f"/staff/early-warning/tasks/{task.pk}/"

    without = client.post(address, {"answer": Step.TASK_DECLINED})
    declined = client.post(address, {"answer": Step.TASK_DECLINED, "reason": "Already told last week"})

    assert "Enter why you decline the task" in without.content.decode()
    assert declined.status_code == 302
    assert FindingStep.objects.get().note == "Already told last week"


@pytest.mark.parametrize(
    ("persona", "link"),
    [
        (COORDINATOR, 'href="/staff/early-warning/"'),
        (ASKED_OFFICER, 'href="/staff/early-warning/tasks/"'),
        (CHAIR, None),
    ],
)
def test_the_navigation_offers_early_warning_to_coordinators_and_tasks_to_officers(
    client: Client, persona: str, link: str | None
) -> None:
    signed_in_as(client, persona)

    page = client.get("/staff/").content.decode()

    assert ("Early warning" in page) == (link is not None)
    if link:
        assert link in page
