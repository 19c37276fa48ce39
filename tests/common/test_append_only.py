"""History and audit rows are append-only in the database itself: triggers refuse to change or delete
them whatever the code does, and nothing they describe can be deleted from under them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from applications.builders import partnership
from django.apps import apps
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone
from reviews.builders import Team, answered, team

from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application, CaseEvent, CaseEventWords
from community_trigger.common.models import AppendOnlyModel
from community_trigger.datarequests.models import RequestKind
from community_trigger.datarequests.services import Requester, data_request_record
from community_trigger.reviews.models import (
    Meeting,
    MeetingChange,
    MeetingChangeWords,
    Recommendation,
    RecommendationChange,
    RecommendationUpdate,
    VictimInvolvement,
)
from community_trigger.sharing.models import DueDateChange, InformationRequest
from community_trigger.statistics.models import PublishedFigures

pytestmark = pytest.mark.django_db

APPEND_ONLY = sorted(
    (model for model in apps.get_models() if issubclass(model, AppendOnlyModel)),
    key=lambda model: model._meta.label,
)


@pytest.fixture
def people() -> Team:
    partnership()
    return team()


@pytest.fixture
def history(people: Team) -> Meeting:
    """At least one row of every append-only table, around one case and its meeting."""
    case = answered(people)
    now = timezone.now()
    # Made directly rather than through the services: only the rows matter here.
    meeting = Meeting.objects.create(
        application=case,
        starts_at=now,
        chair=people.chair,
        chair_independent=True,
        victim_involvement=VictimInvolvement.INVITED,
        scheduled_by=people.coordinator,
    )
    recommendation = Recommendation.objects.create(
        meeting=meeting, agency=people.police, owner=people.police_officer, action="Visit", due_by=now.date()
    )
    RecommendationUpdate.objects.create(recommendation=recommendation, to_status="proposed", by=people.chair)
    RecommendationChange.objects.create(
        recommendation=recommendation,
        changed_by=people.chair,
        was_due_by=recommendation.due_by,
        due_by=recommendation.due_by,
        reworded=False,
    )
    change = MeetingChange.objects.create(
        meeting=meeting,
        changed_at=now,
        changed_by=people.coordinator,
        was_starts_at=meeting.starts_at,
        applicant_told=True,
    )
    MeetingChangeWords.objects.create(change=change, text="The chair is unwell.")
    request = InformationRequest.objects.get(application=case, agency__kind="police")
    DueDateChange.objects.create(
        request=request,
        changed_at=now,
        changed_by=people.coordinator,
        was_due_by=request.due_by,
        due_by=request.due_by,
    )
    PublishedFigures.objects.create(
        partnership=case.partnership,
        year_basis="financial",
        year_start=2024,
        version=1,
        figures={},
        cohort={},
        sentence="Two applications were received.",
        published_by=people.coordinator,
        published_at=now,
    )
    data_request_record(
        partnership=case.partnership,
        actor=people.coordinator,
        kind=RequestKind.ACCESS,
        requester=Requester(name="Alex Applicantson"),
        received_on=now.date(),
        received_via="email",
    )
    return meeting


def _refused(sql: str, params: list[Any]) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def _column(model: type[models.Model]) -> str:
    """A column of `model` other than its key, to set to what it already is: a change that breaks no
    constraint, so that only the append-only rule can refuse it."""
    field = next(f for f in model._meta.concrete_fields if not f.primary_key and not f.is_relation)
    return connection.ops.quote_name(field.column)


def test_the_history_and_audit_tables_are_the_append_only_ones() -> None:
    assert {model._meta.label for model in APPEND_ONLY} >= {
        "audit.AuditEntry",
        "cases.CaseEvent",
        "sharing.DueDateChange",
        "reviews.MeetingChange",
        "reviews.RecommendationUpdate",
        "reviews.RecommendationChange",
        "statistics.PublishedFigures",
    }


@pytest.mark.parametrize("model", APPEND_ONLY, ids=lambda model: model._meta.label)
def test_the_database_refuses_to_change_or_delete_a_row_whatever_the_code(
    model: type[models.Model], history: Meeting
) -> None:
    row = model._base_manager.order_by("pk").first()
    assert row is not None, f"Give the history fixture a {model._meta.label}"
    quoted = connection.ops.quote_name
    table, key, column, pk = (
        quoted(model._meta.db_table),
        quoted(model._meta.pk.column),
        _column(model),
        row.pk,
    )

    _refused(f"UPDATE {table} SET {column} = {column} WHERE {key} = %s", [pk])  # noqa: S608
    _refused(f"DELETE FROM {table} WHERE {key} = %s", [pk])  # noqa: S608
    _refused(f"DELETE FROM {table}", [])  # noqa: S608
    if connection.vendor == "postgresql":
        _refused(f"TRUNCATE {table} CASCADE", [])
    # Past the ORM's own guard too: a plain queryset, without the model's manager.
    with pytest.raises(DatabaseError), transaction.atomic():
        models.QuerySet(model).filter(pk=pk)._raw_delete(connection.alias)

    assert model._base_manager.filter(pk=pk).exists()


def test_the_words_written_about_history_can_be_removed_and_the_history_stays(history: Meeting) -> None:
    """Retention and anonymisation remove what people wrote (a reason, a note) from a case; the history
    rows beside those words hold none, and stay as they were."""
    change = MeetingChange.objects.get(meeting=history)
    event = CaseEvent.objects.filter(application=history.application).exclude(words=None).first()
    assert (change.reason, bool(event and event.reason)) == ("The chair is unwell.", True)

    MeetingChangeWords.objects.filter(change=change).delete()
    CaseEventWords.objects.filter(event__application=history.application).delete()

    change.refresh_from_db()
    assert change.reason == ""
    assert CaseEvent.objects.filter(application=history.application).count() > 0
    assert all(event.reason == "" for event in CaseEvent.objects.filter(application=history.application))


def test_no_history_row_holds_free_text() -> None:
    """History and audit rows hold references, kinds, times, actors and facts: no field for words a
    person wrote about a case (those are kept beside them, see common.models.WrittenWords)."""
    free_text = {
        f"{model._meta.label}.{field.name}"
        for model in APPEND_ONLY
        if model._meta.label != "statistics.PublishedFigures"  # the sentence published, by design
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField)
    }
    assert free_text == set()


def test_deleting_an_application_with_history_is_refused(history: Meeting) -> None:
    case = history.application

    with pytest.raises(models.ProtectedError):
        case.delete()
    with pytest.raises(models.ProtectedError):
        Application.objects.filter(pk=case.pk).delete()

    assert case.events.exists()
    assert DueDateChange.objects.filter(request__application=case).exists()


def test_deleting_a_meeting_or_an_information_request_with_history_is_refused(history: Meeting) -> None:
    with pytest.raises(models.ProtectedError):
        history.delete()
    with pytest.raises(models.ProtectedError):
        DueDateChange.objects.get().request.delete()


@pytest.mark.parametrize("model", APPEND_ONLY, ids=lambda model: model._meta.label)
def test_every_foreign_key_to_or_from_an_append_only_table_protects_it(model: type[models.Model]) -> None:
    outgoing = [field for field in model._meta.concrete_fields if isinstance(field, models.ForeignKey)]
    incoming = [
        field
        for other in apps.get_models()
        for field in other._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and field.related_model is model
    ]
    careless = {
        f"{field.model._meta.label}.{field.name}"
        for field in outgoing + incoming
        if field.remote_field.on_delete is not models.PROTECT
    }

    assert careless == set()


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_still_empties_the_history_after_itself(history: Meeting) -> None:
    # The test database is emptied after this test with the history in it (see tests/conftest.py);
    # the next test starting on an empty database is what shows it worked.
    assert AuditEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_next_transactional_test_starts_with_no_history() -> None:
    assert not AuditEntry.objects.exists()
    assert not Application.objects.exists()


def test_the_maintenance_switch_is_named_only_where_the_triggers_are_made() -> None:
    root = Path(__file__).resolve().parents[2] / "community_trigger"
    naming = {
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "append_only_maintenance" in path.read_text(encoding="utf-8")
    }

    assert naming == {"common/db.py"}
