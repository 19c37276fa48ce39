"""What detection finds: a person whose reports meet the threshold (the engine's own reasons), a
person's second report within six months (a task for the second agency), a place where five or more
different people reported the same kind of incident; nothing more, and never the same thing twice."""

from __future__ import annotations

from datetime import date

import pytest
from applications.builders import partnership
from django.core.management import call_command
from django.core.management.base import CommandError
from incidents.records import intake_on
from time_machine import TimeMachineFixture

from community_trigger.earlywarning.models import Finding, Kind
from community_trigger.earlywarning.services import findings_detect
from community_trigger.incidents.models import Category
from earlywarning.findings import person, place, report

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2024-06-01 12:00:00+01:00", tick=False)]
TODAY = date(2024, 6, 1)


def detect() -> int:
    return findings_detect(partnership=partnership(), today=TODAY)


def test_three_reports_in_six_months_to_partner_agencies_meet_the_threshold() -> None:
    robin = person()
    for kind, day in (
        ("police", date(2024, 2, 1)),
        ("council", date(2024, 3, 10)),
        ("housing", date(2024, 5, 20)),
    ):
        report(kind, day, by=robin)

    detect()

    found = Finding.objects.get(kind=Kind.PERSON, reporter=robin)
    assert "P1 made 3 qualifying complaints about separate incidents; 3 are needed" in found.why
    assert "hypothetical application" in found.why
    assert found.records.count() == 3


def test_one_incident_reported_to_two_agencies_counts_once() -> None:
    robin = person()
    first = report("police", date(2024, 2, 1), by=robin)
    report("council", date(2024, 2, 1), by=robin, incident=first.incident)
    report("housing", date(2024, 5, 20), by=robin)

    detect()

    assert not Finding.objects.filter(kind=Kind.PERSON).exists()


def test_a_second_report_is_a_task_for_the_second_agency_not_a_threshold_finding() -> None:
    robin = person()
    report("police", date(2024, 3, 1), by=robin)
    second = report("housing", date(2024, 5, 20), by=robin)

    detect()

    assert not Finding.objects.filter(kind=Kind.PERSON).exists()
    task = Finding.objects.get(kind=Kind.SECOND_REPORT)
    assert task.agency == second.agency
    assert task.records.count() == 2


def test_reports_spread_over_more_than_six_months_find_nothing() -> None:
    robin = person()
    for day in (date(2023, 6, 1), date(2023, 9, 1), date(2024, 4, 1)):
        report("police", day, by=robin)

    detect()

    assert not Finding.objects.exists()


def test_environmental_reports_are_not_harassment_alarm_or_distress_in_a_hypothetical_application() -> None:
    robin = person()
    for day in (date(2024, 2, 1), date(2024, 3, 1), date(2024, 4, 1)):
        report("council", day, by=robin, category=Category.ENVIRONMENTAL)

    detect()

    assert not Finding.objects.filter(kind=Kind.PERSON).exists()


def _neighbours(number: int) -> None:
    street = place()
    for index in range(number):
        report("police", date(2024, 4, 1 + index), by=person(), at=street, name=f"Neighbour {index}")


def test_five_different_people_reporting_at_one_place_is_a_finding() -> None:
    _neighbours(5)

    detect()

    found = Finding.objects.get(kind=Kind.PLACE)
    assert found.why.startswith("5 different people reported nuisance incidents at this place")
    assert found.records.count() == 5


def test_four_people_at_one_place_are_not_enough() -> None:
    _neighbours(4)

    detect()

    assert not Finding.objects.filter(kind=Kind.PLACE).exists()


def test_five_reports_by_one_person_at_one_place_are_no_place_finding() -> None:
    street, robin = place(), person()
    for day in range(1, 6):
        report("police", date(2024, 4, day), by=robin, at=street)

    detect()

    assert not Finding.objects.filter(kind=Kind.PLACE).exists()
    assert Finding.objects.filter(kind=Kind.PERSON).exists()


def test_detecting_again_adds_no_duplicate_and_a_new_incident_joins_its_finding(
    time_machine: TimeMachineFixture,
) -> None:
    robin = person()
    for day in (date(2024, 2, 1), date(2024, 3, 10), date(2024, 5, 20)):
        report("police", day, by=robin)
    _neighbours(5)
    detect()
    before = Finding.objects.count()

    assert detect() == 0
    report("council", date(2024, 5, 30), by=robin)
    time_machine.move_to("2024-06-01 13:00:00+01:00", tick=False)
    assert detect() == 1

    assert Finding.objects.count() == before
    assert Finding.objects.get(kind=Kind.PERSON).records.count() == 4
    assert Finding.objects.first() == Finding.objects.get(kind=Kind.PERSON)  # newest first


def test_the_command_detects_for_partnerships_with_intake_on_and_refuses_a_bad_date() -> None:
    intake_on()
    robin = person()
    for day in (date(2024, 2, 1), date(2024, 3, 10), date(2024, 5, 20)):
        report("police", day, by=robin)

    call_command("detect_early_warnings", "--today", "2024-06-01")

    assert Finding.objects.filter(kind=Kind.PERSON).exists()
    with pytest.raises(CommandError) as refused:
        call_command("detect_early_warnings", "--today", "1 June")
    assert refused.value.returncode == 2
