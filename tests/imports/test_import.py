"""Importing past cases: all rows or none, each case's history as the workflow would have written it
on the spreadsheet's days, the figures counted in the right years, and no letter or message sent."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import IO, Any

import pytest
from accounts.people import staff
from applications.builders import partnership
from django.utils import timezone

from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application, CaseEvent, Happened, ReferenceCounter
from community_trigger.consequences.dispatch import Tell, consequences_of
from community_trigger.domain.figures import YearFigures
from community_trigger.domain.reporting_years import ReportingYear, YearBasis
from community_trigger.domain.workflow import State, can_move
from community_trigger.imports import services
from community_trigger.imports.services import ImportRefused, cases_import
from community_trigger.letters.models import Letter
from community_trigger.notifications.models import Message
from community_trigger.statistics.selectors import live_figures, year_statement
from community_trigger.statistics.services import figures_publish
from imports.sheets import EXAMPLES, csv_opener, csv_text, row

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)
S = State


def _example(name: str) -> Callable[[], IO[bytes]]:
    path = EXAMPLES / name
    return lambda: path.open("rb")


def _import_sample(name: str = "past-cases.csv", actor: Any = None) -> int:
    return cases_import(
        partnership=partnership(), opener=_example(name), name=name, actor=actor, today=TODAY
    ).cases


def _history(reference: str) -> list[tuple[str, str, date]]:
    events = CaseEvent.objects.filter(application__reference=reference).order_by("at", "pk")
    return [(event.from_state, event.to_state, timezone.localdate(event.at)) for event in events]


@pytest.mark.parametrize("name", ["past-cases.csv", "past-cases.xlsx"])
def test_the_sample_files_import_every_case_where_its_dates_left_it(name: str) -> None:
    assert _import_sample(name) == 8

    states = list(Application.objects.order_by("submitted_at").values_list("reference", "state"))
    assert states == [
        ("TVP-2022-0001", S.CLOSED),
        ("TVP-2022-0002", S.CLOSED),
        ("TVP-2023-0001", S.CLOSED),
        ("TVP-2023-0002", S.ACKNOWLEDGED),  # an upheld escalation sent the decision back
        ("TVP-2024-0001", S.WITHDRAWN),
        ("TVP-2024-0002", S.CLOSED),
        ("TVP-2025-0001", S.CLOSED),
        ("TVP-2025-0002", S.ACKNOWLEDGED),  # still to be decided
    ]


def test_each_case_s_history_is_the_workflow_s_moves_on_the_spreadsheet_s_days() -> None:
    _import_sample()

    history = _history("TVP-2023-0001")

    assert history == [
        ("", S.RECEIVED, date(2023, 1, 17)),
        (S.RECEIVED, S.ACKNOWLEDGED, date(2023, 1, 19)),
        (S.ACKNOWLEDGED, S.DISCRETIONARY_REVIEW, date(2023, 2, 2)),
        (S.DISCRETIONARY_REVIEW, S.INFORMATION_REQUESTED, date(2023, 3, 1)),
        (S.INFORMATION_REQUESTED, S.REVIEW_SCHEDULED, date(2023, 3, 1)),
        (S.REVIEW_SCHEDULED, S.REVIEW_HELD, date(2023, 3, 1)),
        (S.REVIEW_HELD, S.OUTCOME_SENT, date(2023, 3, 15)),
        (S.OUTCOME_SENT, S.ESCALATED, date(2023, 3, 20)),
        (S.ESCALATED, S.OUTCOME_SENT, date(2023, 4, 17)),  # not upheld: back where it was
        (S.OUTCOME_SENT, S.CLOSED, date(2023, 5, 2)),
    ]
    every = CaseEvent.objects.filter(facts__imported=True)
    assert all(can_move(State(e.from_state), State(e.to_state)) for e in every.exclude(from_state=""))
    assert set(every.values_list("actor_label", flat=True)) == {"imported from past-cases.csv"}
    assert set(CaseEvent.objects.values_list("kind", flat=True)) == {Happened.MOVED}


def test_the_first_event_keeps_the_agencies_and_the_summary_beside_it() -> None:
    _import_sample()

    first = CaseEvent.objects.filter(application__reference="TVP-2022-0002").order_by("pk").first()

    assert first is not None
    assert first.reason == (
        "Imported from past-cases.csv, row 3. Agencies involved: Test Valley Borough Council; Aster Group. "
        "Summary: Repeated damage to a car and shouting in a shared car park."
    )
    assert len(first.facts["agencies"]) == 2


def test_the_applicant_s_name_and_contact_are_kept_when_given() -> None:
    _import_sample()

    applicant = Application.objects.get(reference="TVP-2022-0001").people.get()

    assert (applicant.role, applicant.name, applicant.email) == (
        "applicant",
        "Ann Example",
        "ann@example.org",
    )
    assert not Application.objects.get(reference="TVP-2022-0002").people.exists()


def test_only_a_case_still_open_has_a_next_step_due() -> None:
    _import_sample()

    due = dict(Application.objects.values_list("reference", "due_by"))

    assert due["TVP-2025-0002"] is not None
    assert due["TVP-2022-0001"] is None


def test_the_figures_count_each_imported_case_in_the_year_its_step_happened() -> None:
    _import_sample()

    years = {year.year.label: year.figures for year in live_figures(partnership(), today=TODAY)}

    assert years["2022/23"] == YearFigures(
        received=3,
        threshold_not_met=1,
        reviews_carried_out=2,
        discretionary_reviews=1,
        escalations_requested=1,
    )
    assert years["2023/24"] == YearFigures(
        received=2, threshold_not_met=1, withdrawn=1, escalations_requested=1, escalations_upheld=1
    )
    # Received in November 2024 and decided "not met" in December: 2024/25's figures.
    assert years["2024/25"] == YearFigures(received=2, threshold_not_met=1)
    assert years["2025/26"] == YearFigures(received=1, reviews_carried_out=1)


def test_the_published_figures_of_an_imported_year_count_its_cases() -> None:
    _import_sample()
    coordinator = staff("cora")
    year = ReportingYear(YearBasis.FINANCIAL, 2024)
    statement = year_statement(partnership(), year)
    assert statement is not None

    published = figures_publish(partnership=partnership(), year=year, actor=coordinator)

    assert published.year_figures.threshold_not_met == 1
    assert published.year_figures.received == 2


def test_an_import_sends_no_letter_and_no_message() -> None:
    _import_sample()

    assert Letter.objects.count() == 0
    assert Message.objects.count() == 0


def test_an_imported_event_causes_its_audit_entry_and_figures_but_no_letter_or_email() -> None:
    at = datetime(2024, 12, 2, tzinfo=UTC)
    decided = CaseEvent(kind=Happened.MOVED, from_state=S.ACKNOWLEDGED, to_state=S.THRESHOLD_NOT_MET, at=at)
    imported = CaseEvent(
        kind=Happened.MOVED,
        from_state=S.ACKNOWLEDGED,
        to_state=S.THRESHOLD_NOT_MET,
        at=at,
        facts={"imported": True},
    )
    asked = CaseEvent(
        kind=Happened.MOVED,
        from_state=S.THRESHOLD_MET,
        to_state=S.INFORMATION_REQUESTED,
        at=at,
        facts={"imported": True},
    )

    assert consequences_of(decided).letter == Letter.Kind.THRESHOLD_DECISION
    assert consequences_of(imported).letter is None
    assert consequences_of(imported).figures == consequences_of(decided).figures
    assert consequences_of(imported).audit == consequences_of(decided).audit
    assert consequences_of(asked).tell == Tell.NOBODY


def test_the_audit_log_records_who_imported_which_file_and_how_many() -> None:
    coordinator = staff("cora")

    _import_sample(actor=coordinator)

    entry = AuditEntry.objects.get(detail__startswith="imported ")
    assert (entry.actor, entry.action, entry.detail) == (
        coordinator,
        AuditEntry.Action.CREATE,
        "imported 8 past case(s) from past-cases.csv",
    )


def test_a_file_with_one_bad_row_imports_nothing() -> None:
    rows = [row(), row(), row(channel="pigeon")]

    with pytest.raises(ImportRefused) as refused:
        cases_import(partnership=partnership(), opener=csv_opener(rows), name="past.csv", today=TODAY)

    assert [(p.row, p.column) for p in refused.value.report.problems] == [(4, "Channel")]
    assert Application.objects.count() == 0


def test_a_failure_half_way_through_leaves_nothing_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    record = services.event_record  # type: ignore[attr-defined]
    calls = []

    def failing(**kwargs: Any) -> CaseEvent:
        calls.append(1)
        if len(calls) == 12:
            raise RuntimeError("the database went away")
        return record(**kwargs)

    monkeypatch.setattr(services, "event_record", failing)

    with pytest.raises(RuntimeError):
        _import_sample()

    assert Application.objects.count() == 0
    assert CaseEvent.objects.count() == 0
    assert not ReferenceCounter.objects.exists()


def test_new_references_are_numbered_after_the_ones_the_file_gives() -> None:
    rows = [
        row(received_date="2024-03-01"),
        row(reference="TVP-2024-0007", received_date="2024-04-01"),
        row(),
    ]

    cases_import(partnership=partnership(), opener=csv_opener(rows), name="past.csv", today=TODAY)

    assert sorted(Application.objects.values_list("reference", flat=True)) == [
        "TVP-2024-0007",
        "TVP-2024-0008",
        "TVP-2024-0009",
    ]
    assert ReferenceCounter.objects.get(year=2024).last == 9


def test_a_reference_of_another_shape_is_kept_as_it_was() -> None:
    cases_import(
        partnership=partnership(),
        opener=csv_opener([row(reference="CT/19/044")]),
        name="past.csv",
        today=TODAY,
    )

    assert list(Application.objects.values_list("reference", "number")) == [("CT/19/044", 1)]


def test_a_file_that_changes_between_its_check_and_its_import_imports_nothing() -> None:
    readings = [csv_text([row(), row()]), csv_text([row(), row(channel="pigeon")])]

    def opener() -> IO[bytes]:
        return io.BytesIO(readings.pop(0).encode())

    with pytest.raises(ImportRefused):
        cases_import(partnership=partnership(), opener=opener, name="past.csv", today=TODAY)

    assert Application.objects.count() == 0
