"""The database itself refuses a row the procedure could never write: a state, kind or status it does not
know, and times or dates out of order within one row, whatever code or tool writes it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from applications.builders import partnership
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from reviews.builders import Team, outcome_sent, team

from community_trigger.applications.models import Draft, ResumeLink
from community_trigger.cases.models import Application, CaseEvent, Consent, Person, Report, ThresholdDecision
from community_trigger.common.models import AppendOnlyModel
from community_trigger.deadlines.models import Reminder
from community_trigger.letters.models import Letter
from community_trigger.notifications.models import Message
from community_trigger.reviews.models import AgencyAttendance, Attendance, Escalation, Meeting, Recommendation
from community_trigger.sharing.models import InformationRequest, InformationResponse, ReportCheck
from community_trigger.statistics.models import Counted, PublishedFigures

pytestmark = pytest.mark.django_db

APPS = ["cases", "sharing", "reviews", "deadlines", "letters", "notifications", "statistics", "applications"]

Change = Callable[[Any], dict[str, Any]]


def unknown(field: str) -> Change:
    return lambda row: {field: "unknown"}  # short enough for every field


# Each check constraint, and a change to one of its rows that breaks it.
REFUSED: list[tuple[type[models.Model], str, Change]] = [
    (Application, "cases_application_channel_known", unknown("channel")),
    (Application, "cases_application_state_known", unknown("state")),
    (Application, "cases_application_applicant_role_known", unknown("applicant_role")),
    (Application, "cases_application_satisfaction_known", unknown("satisfaction")),
    (Application, "cases_application_review_decision_known", unknown("review_decision")),
    (Application, "cases_application_language_known", unknown("language")),
    (Application, "cases_application_letter_format_known", unknown("letter_format")),
    (Person, "cases_person_role_known", unknown("role")),
    (Person, "cases_person_contact_preference_known", unknown("contact_preference")),
    (Consent, "cases_consent_method_known", unknown("method")),
    (CaseEvent, "cases_caseevent_from_state_known", unknown("from_state")),
    (CaseEvent, "cases_caseevent_to_state_known", unknown("to_state")),
    # Not a move, so that only the kind is wrong (PostgreSQL names the first constraint a row breaks).
    (
        CaseEvent,
        "cases_caseevent_kind_known",
        lambda row: {"kind": "unknown", "from_state": "", "to_state": ""},
    ),
    # A move that names no state, and a change that is not a move but names one.
    (CaseEvent, "case_event_moves_name_their_state", lambda row: {"to_state": "", "from_state": ""}),
    (CaseEvent, "case_event_moves_name_their_state", lambda row: {"kind": "plan_final"}),
    (ThresholdDecision, "cases_thresholddecision_outcome_known", unknown("outcome")),
    (ReportCheck, "sharing_reportcheck_finding_known", unknown("finding")),
    (
        InformationRequest,
        "information_due_not_before_requested",
        lambda row: {"due_by": row.requested_at.date() - timedelta(days=2)},
    ),
    (
        InformationRequest,
        "information_answered_not_before_requested",
        lambda row: {"answered_at": row.requested_at - timedelta(minutes=1)},
    ),
    (InformationResponse, "sharing_informationresponse_source_known", unknown("source")),
    (InformationResponse, "sharing_informationresponse_received_via_known", unknown("received_via")),
    (InformationResponse, "answer_in_service_has_its_officer", lambda row: {"answered_by": None}),
    (
        InformationResponse,
        "answer_by_link_names_its_sender",
        lambda row: {"source": "secure_link", "sender_name": ""},
    ),
    (InformationResponse, "recorded_answer_says_who_how_and_when", lambda row: {"source": "recorded"}),
    (Meeting, "reviews_meeting_victim_involvement_known", unknown("victim_involvement")),
    (
        Meeting,
        "meeting_recorded_once_held",
        lambda row: {"recorded_at": row.starts_at - timedelta(minutes=1)},
    ),
    (Meeting, "meeting_recorded_once_held", lambda row: {"recorded_at": None}),
    (Meeting, "meeting_recorded_once_held", lambda row: {"held": False}),
    (
        Meeting,
        "meeting_comments_after_plan_shared",
        lambda row: {"comments_recorded_at": row.plan_shared_at - timedelta(minutes=1)},
    ),
    (
        Meeting,
        "meeting_plan_final_after_shared",
        lambda row: {"plan_final_at": row.plan_shared_at - timedelta(minutes=1)},
    ),
    (Recommendation, "reviews_recommendation_status_known", unknown("status")),
    (AgencyAttendance, "reviews_agencyattendance_attendance_known", unknown("attendance")),
    (Escalation, "reviews_escalation_about_known", unknown("about")),
    (Escalation, "reviews_escalation_escalated_from_known", unknown("escalated_from")),
    (Escalation, "escalation_decided_with_its_decision", lambda row: {"upheld": True}),
    (
        Escalation,
        "escalation_decided_with_its_decision",
        lambda row: {"upheld": True, "decided_at": row.requested_at - timedelta(minutes=1)},
    ),
    (Reminder, "deadlines_reminder_moment_known", unknown("moment")),
    # To a member of staff or to an address, never both and never neither.
    (Reminder, "reminder_to_a_user_or_an_address", lambda row: {"to_address": "contact@agency.example"}),
    (Reminder, "reminder_to_a_user_or_an_address", lambda row: {"recipient": None}),
    (Letter, "letters_letter_kind_known", unknown("kind")),
    (Letter, "letters_letter_delivery_known", unknown("delivery")),
    (Letter, "letters_letter_letter_format_known", unknown("letter_format")),
    (Letter, "letter_sent_not_before_made", lambda row: {"sent_at": row.created_at - timedelta(minutes=1)}),
    (Message, "notifications_message_kind_known", unknown("kind")),
    (Message, "notifications_message_channel_known", unknown("channel")),
    (PublishedFigures, "statistics_publishedfigures_year_basis_known", unknown("year_basis")),
    (PublishedFigures, "published_version_from_one", lambda row: {"version": 0}),
    (Counted, "statistics_counted_figure_known", unknown("figure")),
    (Counted, "statistics_counted_year_basis_known", unknown("year_basis")),
    (
        ResumeLink,
        "resume_link_used_not_before_sent",
        lambda row: {"used_at": row.created_at - timedelta(minutes=1)},
    ),
    # Four characters at most, so PostgreSQL reaches the check rather than refusing the length.
    (ResumeLink, "applications_resumelink_kind_known", lambda row: {"kind": "pin"}),
]


@pytest.fixture
def rows() -> None:
    """At least one row of every table with a check constraint: a reviewed case, and beside it the rows
    the review does not make."""
    partnership()
    people: Team = team()
    case = outcome_sent(people)
    now = timezone.now()
    Escalation.objects.create(
        application=case,
        about=Escalation.About.REVIEW,
        grounds=["process"],
        details="The review did not hear from the housing association.",
        escalated_from="outcome_sent",
        requested_at=now,
        window_ends=now.date(),
        late=False,
    )
    meeting = case.meetings.get()
    AgencyAttendance.objects.create(meeting=meeting, agency=people.police, attendance=Attendance.ATTENDED)
    response_request = case.information_requests.filter(response__isnull=False).first()
    assert response_request is not None
    ReportCheck.objects.create(
        response=response_request.response,
        report=Report.objects.filter(incident__application=case).first(),  # type: ignore[misc]
        finding=ReportCheck.Finding.FOUND,
    )
    Reminder.objects.create(
        item_key=f"case_step:{case.pk}:outcome_sent",
        kind="case_step",
        recipient=people.coordinator,
        moment=Reminder.Moment.BEFORE,
        due_on=now.date(),
        reference=case.reference,
        what="Close the case",
        path="/",
    )
    PublishedFigures.objects.create(
        partnership=case.partnership,
        year_basis="financial",
        year_start=2024,
        version=1,
        figures={},
        cohort={},
        sentence="Nothing to report.",
        published_by=people.coordinator,
        published_at=now,
    )
    if not Counted.objects.exists():
        Counted.objects.create(
            partnership=case.partnership,
            application=case,
            figure=Counted.Figure.WITHDRAWN,
            year_basis="financial",
            year_start=2026,
        )
    draft = Draft.objects.create(partnership=case.partnership)
    link = ResumeLink.objects.create(draft=draft, token_hash="0" * 64)
    ResumeLink.objects.filter(pk=link.pk).update(used_at=F("created_at"))


def _constraint_ids() -> list[str]:
    return [f"{model.__name__}-{name}-{index}" for index, (model, name, _) in enumerate(REFUSED)]


@pytest.mark.parametrize(("model", "name", "change"), REFUSED, ids=_constraint_ids())
def test_the_database_refuses_a_row_that_breaks_a_constraint(
    rows: None, model: type[models.Model], name: str, change: Change
) -> None:
    row = model._default_manager.order_by("pk").last()
    assert row is not None, f"no {model.__name__} row to break"
    values = change(row)

    with pytest.raises(IntegrityError, match=name), transaction.atomic():
        _write(model, row, values)


def _write(model: type[models.Model], row: Any, values: dict[str, Any]) -> None:
    if issubclass(model, AppendOnlyModel):
        # Its rows are never changed (triggers refuse it): a new row that breaks the rule is refused too.
        row.pk = None
        row._state.adding = True
        for field, value in values.items():
            setattr(row, field, value)
        row.save(force_insert=True)
    else:
        model._default_manager.filter(pk=row.pk).update(**values)


# Values another service names, kept as it says them: GOV.UK Notify may add a delivery state before we
# know it, and its receipt must not be refused for that (notifications.models.Receipt).
TOLD_BY_OTHERS = {"notifications.Message.delivery_status"}


def test_every_choice_of_a_state_kind_or_status_is_known_to_the_database() -> None:
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            checks = {
                constraint.name: constraint
                for constraint in model._meta.constraints
                if isinstance(constraint, models.CheckConstraint)
            }
            for field in model._meta.get_fields():
                if not isinstance(field, models.CharField) or not field.choices:
                    continue
                label = f"{model._meta.label}.{field.name}"
                if label in TOLD_BY_OTHERS:
                    continue
                known = checks.get(f"{model._meta.app_label}_{model._meta.model_name}_{field.name}_known")
                if model is Message and field.name == "status":
                    known = checks["outbox_known_status"]
                assert known is not None, f"{label} has no constraint of known values"
                allowed = dict(known.condition.children)[f"{field.name}__in"]  # type: ignore[union-attr,arg-type]
                expected = [str(value) for value, _ in field.flatchoices] + ([""] if field.blank else [])
                assert sorted(map(str, allowed)) == sorted(expected), label


def test_every_check_constraint_has_a_test_that_a_row_breaking_it_is_refused() -> None:
    tested = {name for _, name, _ in REFUSED}
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            for constraint in model._meta.constraints:
                older = constraint.name.startswith("outbox_")  # tested with the outbox
                if isinstance(constraint, models.CheckConstraint) and not older:
                    assert constraint.name in tested, f"{constraint.name} is not tested"


def test_rows_written_in_order_are_accepted(rows: None) -> None:
    meeting = Meeting.objects.filter(held=True).first()
    assert meeting is not None
    Meeting.objects.filter(pk=meeting.pk).update(recorded_at=F("starts_at"))
