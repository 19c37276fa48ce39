"""The demo's incident records, once linked, hold what early warning should find: a person who reported
three times in six months to different agencies under differently typed names, a place where six
people reported noise within six months, and a person whose second report came recently."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from applications.builders import partnership

from community_trigger.demo.incidents import AGREEMENT, demo_incidents_load
from community_trigger.earlywarning.models import Finding, Kind
from community_trigger.earlywarning.services import findings_detect
from community_trigger.earlywarning.tasks import early_warning_daily
from community_trigger.incidents.models import EarlyWarningSettings, IncidentRecord

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2026-12-04 12:00:00+00:00", tick=False)]
TODAY = date(2026, 12, 4)


@pytest.fixture
def demo() -> None:
    demo_incidents_load(partnership=partnership(), coordinator=None, today=TODAY)


def _records(**where: str) -> list[IncidentRecord]:
    return list(IncidentRecord.objects.filter(**where).order_by("occurred_at"))


def test_intake_is_on_under_a_made_up_agreement(demo: None) -> None:
    assert EarlyWarningSettings.objects.get(partnership=partnership()).agreement_reference == AGREEMENT


def test_margaret_is_one_person_who_reported_to_three_agencies_in_six_months(demo: None) -> None:
    hers = _records(reporter_name__icontains="whitlo")

    assert len(hers) == 3
    assert len({record.reporter_name for record in hers}) == 3
    assert len({record.agency_id for record in hers}) == 3
    assert len({record.reporter_id for record in hers}) == 1
    assert hers[-1].occurred_at - hers[0].occurred_at < timedelta(days=183)
    assert IncidentRecord.objects.filter(reporter=hers[0].reporter).count() == 3


def test_alder_court_is_one_place_where_six_people_reported_noise_in_six_months(demo: None) -> None:
    there = _records(location_postcode="SP10 2QX", category="nuisance")

    assert len(there) == 6
    assert len({record.place_id for record in there}) == 1
    assert len({record.reporter_id for record in there}) == 6
    assert there[-1].occurred_at - there[0].occurred_at < timedelta(days=183)


def test_priyas_second_report_within_six_months_came_recently(demo: None) -> None:
    hers = _records(reporter_name="Priya Shah")

    assert len({record.reporter_id for record in hers}) == 1
    assert len(hers) == 2
    assert TODAY - hers[-1].occurred_at.date() <= timedelta(days=7)
    assert hers[-1].occurred_at - hers[0].occurred_at < timedelta(days=183)


def test_loading_again_adds_nothing(demo: None) -> None:
    count = IncidentRecord.objects.count()

    outcome = demo_incidents_load(partnership=partnership(), coordinator=None, today=TODAY)

    assert IncidentRecord.objects.count() == count
    assert outcome.new == 0


def test_the_early_warning_page_finds_margaret_alder_court_and_priyas_second_report(demo: None) -> None:
    findings_detect(partnership=partnership(), today=TODAY)

    margaret = _records(reporter_name__icontains="whitlo")[0].reporter
    alder_court = _records(location_postcode="SP10 2QX", category="nuisance")[0].place
    priya = _records(reporter_name="Priya Shah")[0].reporter
    assert Finding.objects.filter(kind=Kind.PERSON, reporter=margaret).exists()
    assert Finding.objects.filter(kind=Kind.PLACE, place=alder_court).exists()
    assert Finding.objects.filter(kind=Kind.SECOND_REPORT, reporter=priya).exists()


def test_the_days_early_warning_links_the_new_records_then_finds_what_they_show(demo: None) -> None:
    IncidentRecord.objects.update(reporter=None, place=None)

    done = early_warning_daily.enqueue(TODAY.isoformat()).return_value

    assert done is not None
    assert done["linked"] == IncidentRecord.objects.count()
    assert done["findings"] >= 3
    assert Finding.objects.filter(kind=Kind.PERSON).exists()
