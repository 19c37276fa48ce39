"""The case list's search finds cases by address, postcode, agency reference, applicant and alleged
perpetrator, as well as reference and name, tolerant of typing differences, and never a case the
searcher may not see."""

from __future__ import annotations

import pytest
from accounts.people import staff
from applications.builders import agency_id, application_for, incident, other_partnership, partnership, report
from applications.builders import submitted as submitted_case
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from community_trigger.applications.consent import CONSENT_WORDING_VERSION
from community_trigger.cases.models import Application, Report
from community_trigger.cases.selectors import case_list_matching
from community_trigger.cases.services.intake import application_submit
from community_trigger.domain.access import Role
from community_trigger.sharing.models import InformationRequest, InformationResponse, ReportCheck

from .builders import case_with

pytestmark = pytest.mark.django_db


def _found(user: object, term: str) -> set[str]:
    return set(case_list_matching(user, {"q": term}).values_list("reference", flat=True))  # type: ignore[arg-type]


@pytest.mark.parametrize("term", ["SO51 8AB", "so518ab", "SO51"])
def test_a_case_is_found_by_the_postcode_of_a_place(term: str) -> None:
    coordinator = staff("cora")
    wanted = case_with(coordinator, place="14 Hill Road", postcode="SO51 8AB")
    case_with(coordinator, place="2 Dale Close", postcode="SO5 1AB")

    assert _found(coordinator, term) == {wanted.reference}


@pytest.mark.parametrize("term", ["hill road", "Hill-Road", "Hil Road", "14 Hill Raod"])
def test_a_case_is_found_by_a_place_typed_differently_or_misspelt(term: str) -> None:
    coordinator = staff("cora")
    wanted = case_with(coordinator, place="14 Hill Road", postcode="SO51 8AB")
    case_with(coordinator, place="Quarry Lane")

    assert _found(coordinator, term) == {wanted.reference}


@pytest.mark.parametrize("term", ["John Smith", "jon smyth", "Smyth", "smith john"])
def test_a_case_is_found_by_the_alleged_perpetrator_even_misspelt(term: str) -> None:
    coordinator = staff("cora")
    wanted = case_with(coordinator, perpetrator="John Smith")
    case_with(coordinator, perpetrator="Jonathan Green")

    assert _found(coordinator, term) == {wanted.reference}


def test_a_case_is_found_by_its_applicant_misspelt() -> None:
    coordinator = staff("cora")
    wanted = case_with(coordinator, applicant="Bernadette Oyelaran")
    case_with(coordinator, applicant="Robin Otherperson")

    assert _found(coordinator, "bernadete oyelaren") == {wanted.reference}


def test_a_case_is_found_by_the_reference_the_agency_gave_the_report() -> None:
    coordinator = staff("cora")
    police = agency_id(partnership())
    day = timezone.localdate()
    reported = incident("i0", day, report("you", police, day, reference="44260012345"))
    wanted = application_submit(
        partnership=partnership(),
        answers=application_for("victim", agency=police, incidents=[reported]),
        consent_wording_version=CONSENT_WORDING_VERSION,
    )
    submitted_case(partnership())

    assert _found(coordinator, "44260012345") == {wanted.reference}


def test_a_case_is_found_by_the_reference_an_agency_gave_in_its_answer() -> None:
    coordinator = staff("cora")
    wanted = submitted_case(partnership())
    submitted_case(partnership())
    asked = InformationRequest.objects.create(
        application=wanted,
        agency=wanted.partnership.agencies.get(kind="housing"),
        due_by=timezone.localdate(),
    )
    response = InformationResponse.objects.create(
        request=asked, answered_by=coordinator, action_taken="A warning.", outcome="Stopped."
    )
    report_row = Report.objects.filter(incident__application=wanted).first()
    assert report_row is not None
    ReportCheck.objects.create(
        response=response, report=report_row, finding="found", their_reference="ASB/2026/991"
    )

    assert _found(coordinator, "asb/2026/991") == {wanted.reference}


def test_the_search_never_finds_a_case_the_searcher_may_not_see() -> None:
    coordinator = staff("cora")
    hidden = case_with(coordinator, place="14 Hill Road", postcode="SO51 8AB", perpetrator="John Smith")
    elsewhere = other_partnership()
    elsewhere_coordinator = staff("olly", role=None)
    elsewhere_coordinator.memberships.create(agency=elsewhere.agencies.get(), role=Role.COORDINATOR)
    theirs = case_with(
        elsewhere_coordinator,
        of=elsewhere,
        place="14 Hill Road",
        postcode="SO51 8AB",
        perpetrator="John Smith",
    )
    officer = staff("hana", role=Role.AGENCY_OFFICER, agency_kind="housing")

    for term in ("John Smith", "Jon Smyth", "SO51 8AB", "Hill Road", "Hil Raod"):
        assert _found(officer, term) == set()
        assert _found(elsewhere_coordinator, term) == {theirs.reference}
        assert hidden.reference in _found(coordinator, term)
        assert theirs.reference not in _found(coordinator, term)


def test_the_search_costs_the_same_few_queries_however_many_cases_match(
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    coordinator = staff("cora")
    for number in range(12):
        case_with(
            coordinator, perpetrator=f"John Smith {number}", place=f"{number} Hill Road", postcode="SO51 8AB"
        )

    # The access check's memberships, then the candidates for misspellings (four sources), then the list.
    with django_assert_max_num_queries(8):
        found = list(case_list_matching(coordinator, {"q": "Jon Smyth"}))

    assert len(found) == 12
    assert all(isinstance(case, Application) for case in found)
