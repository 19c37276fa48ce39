"""The audit log in words: every action and every kind of subject is said in words, a case is named by
its reference (never "application 18"), a move between states by the states' words, and a page of
entries costs the same queries however many entries and subjects it holds."""

from __future__ import annotations

import pytest
from accounts.people import staff, verified
from applications.builders import partnership, submitted
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from community_trigger.agencies.models import Membership
from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record
from community_trigger.audit.wording import (
    ACTION_WORDS,
    SUBJECT_KIND_WORDS,
    action_words,
    entries_in_words,
    entry_in_words,
    subject_names,
)
from community_trigger.domain.access import Role

pytestmark = pytest.mark.django_db

Action = AuditEntry.Action
Purpose = AuditEntry.Purpose
LOG = "/staff/audit/"


def _entry(action: str, subject: str = "application", subject_id: str = "1", **fields: str) -> AuditEntry:
    return AuditEntry(action=action, subject=subject, subject_id=subject_id, actor_label="someone", **fields)


@pytest.mark.parametrize("action", list(Action))
def test_every_action_is_in_words_and_none_shows_its_identifier(action: Action) -> None:
    words = action_words(action)

    assert words == str(ACTION_WORDS[action])
    assert "_" not in words
    said = entry_in_words(_entry(action), {("application", "1"): "TVP-2026-0001"})
    assert action.value not in said.what.split() or action.value == said.what.lower()
    assert "application" not in said.what


@pytest.mark.parametrize("action", list(Action))
def test_every_action_on_a_case_names_the_case_by_its_reference(action: Action) -> None:
    said = entry_in_words(_entry(action), {("application", "1"): "TVP-2026-0001"})

    if action in (Action.SIGN_IN, Action.SIGN_IN_FAILED, Action.SIGN_OUT):
        assert said.what == str(ACTION_WORDS[action])
    else:
        assert "TVP-2026-0001" in said.what
    assert said.subject == "TVP-2026-0001"


@pytest.mark.parametrize("subject", sorted(SUBJECT_KIND_WORDS))
def test_every_kind_of_subject_without_a_name_is_said_in_words(subject: str) -> None:
    said = entry_in_words(_entry(Action.CHANGE, subject, "999999"), {})

    assert said.subject == str(SUBJECT_KIND_WORDS[subject])
    assert said.what == f"Changed {SUBJECT_KIND_WORDS[subject]}"


def test_a_subject_this_code_does_not_know_is_a_record_not_its_model_name() -> None:
    said = entry_in_words(_entry(Action.DELETE, "widget", "7"), {})

    assert said.what == "Deleted a record"


def test_cases_accounts_partnerships_agencies_roles_and_second_factors_are_named() -> None:
    case = submitted(partnership())
    cora = staff("cora")
    police = partnership().agencies.get(kind="police")
    role = Membership.objects.get(user=cora)
    app = TOTPDevice.objects.create(user=cora, name="phone")
    codes = StaticDevice.objects.create(user=cora, name="backup")
    entries = [
        _entry(Action.CHANGE, "application", str(case.pk)),
        _entry(Action.CHANGE, "user", str(cora.pk)),
        _entry(Action.CHANGE, "partnership", str(partnership().pk)),
        _entry(Action.CHANGE, "agency", str(police.pk)),
        _entry(Action.CHANGE, "membership", str(role.pk)),
        _entry(Action.CHANGE, "totpdevice", str(app.pk)),
        _entry(Action.DELETE, "staticdevice", str(codes.pk)),
    ]

    said = [entry.subject for entry in entries_in_words(entries)]

    assert said == [
        case.reference,
        "cora",
        partnership().name,
        police.name,
        f"cora's role at {role.agency.name}",
        "cora's authenticator app",
        "cora's backup codes",
    ]


@pytest.mark.parametrize(
    ("was", "to", "expected"),
    [
        ("outcome_sent", "closed", "Moved TVP-2026-0001 from Outcome sent to Closed"),
        ("received", "acknowledged", "Moved TVP-2026-0001 from Received to Acknowledged"),
        ("review_held", "outcome_sent", "Moved TVP-2026-0001 from Review meeting held to Outcome sent"),
    ],
)
def test_a_move_between_states_is_said_in_the_states_words(was: str, to: str, expected: str) -> None:
    said = entry_in_words(
        _entry(Action.CHANGE, detail=f"{was} → {to}"), {("application", "1"): "TVP-2026-0001"}
    )

    assert said.what == expected
    assert said.detail == ""


@pytest.mark.parametrize(
    ("purpose", "detail", "expected"),
    [
        (Purpose.CASE_PAGE, "case page", "Viewed the case page of TVP-2026-0001"),
        (Purpose.CASE_LIST, "case list", "Saw TVP-2026-0001 on the case list"),
        (Purpose.CASE_LIST, "due list", 'Saw TVP-2026-0001 on "Due and overdue"'),
        (Purpose.CASE_LIST, "worklist", "Saw TVP-2026-0001 on their worklist"),
        (Purpose.CASE_LIST, "related cases", "Saw TVP-2026-0001 among related cases"),
        (Purpose.MEETING_PACK, "meeting pack", "Viewed the meeting pack of TVP-2026-0001"),
        (Purpose.LETTER, "outcome letter", "Viewed a letter of TVP-2026-0001"),
        (Purpose.FORM, "threshold decision", "Opened a page to take a step on TVP-2026-0001"),
        (Purpose.DOCUMENT, "a photo", "Downloaded a document of TVP-2026-0001"),
    ],
)
def test_each_purpose_of_a_look_is_said_in_words(purpose: Purpose, detail: str, expected: str) -> None:
    said = entry_in_words(
        _entry(Action.VIEW, detail=detail, purpose=purpose), {("application", "1"): "TVP-2026-0001"}
    )

    assert said.what == expected


def test_a_download_of_the_case_list_is_said_in_words() -> None:
    said = entry_in_words(
        _entry(Action.EXPORT, detail="case list download", purpose=Purpose.EXPORT),
        {("application", "1"): "TVP-2026-0001"},
    )

    assert said.what == "Downloaded TVP-2026-0001 in the case list's spreadsheet"
    assert said.detail == ""


def test_the_log_page_names_cases_by_reference_and_states_in_words(client: Client) -> None:
    case = submitted(partnership())
    audit_record(
        action=Action.CHANGE, subject=case, actor_label="the service", detail="outcome_sent → closed"
    )
    verified(client, staff("audrey", role=Role.AUDITOR))

    html = client.get(LOG).content.decode()

    assert f"Moved {case.reference} from Outcome sent to Closed" in html
    assert f"application {case.pk}" not in html
    assert "outcome_sent" not in html


def test_a_page_of_entries_costs_the_same_queries_however_many_subjects(client: Client) -> None:
    auditor = staff("audrey", role=Role.AUDITOR)
    verified(client, auditor)
    case = submitted(partnership())
    audit_record(
        action=Action.VIEW, subject=case, actor=auditor, purpose=Purpose.CASE_PAGE, detail="case page"
    )
    client.get(LOG)
    with CaptureQueriesContext(connection) as few:
        client.get(LOG)
    police = partnership().agencies.get(kind="police")
    for number in range(8):
        other = submitted(partnership())
        audit_record(action=Action.CHANGE, subject=other, actor=auditor, detail="received → acknowledged")
        colleague = staff(f"colleague{number}")
        audit_record(action=Action.SIGN_IN, subject=colleague, actor=colleague)
        audit_record(action=Action.CHANGE, subject=police, actor=auditor, detail="in the admin: name")
        membership = Membership.objects.select_related("agency").get(user=colleague)
        audit_record(action=Action.CHANGE, subject=membership, actor=auditor, detail="in the admin: role")
    with CaptureQueriesContext(connection) as many:
        response = client.get(LOG)

    assert len(response.context["entries"]) > 30
    # One more query for each kind of subject now on the page (accounts, agencies, roles), not one per
    # entry.
    assert len(many.captured_queries) == len(few.captured_queries) + 3
    said = {entry.what for entry in response.context["entries"]}
    assert "Signed in" in said
    assert f"Changed {police.name}" in said
    assert f"Changed colleague0's role at {membership.agency.name}" in said


def test_names_of_a_page_are_fetched_in_one_query_per_kind_of_subject() -> None:
    cases = [submitted(partnership()) for _ in range(5)]
    entries = [_entry(Action.CHANGE, "application", str(case.pk)) for case in cases]
    entries += [_entry(Action.CHANGE, "partnership", "not a number"), _entry(Action.SIGN_IN, "user", "")]

    with CaptureQueriesContext(connection) as queries:
        names = subject_names(entries)

    assert len(queries.captured_queries) == 1
    assert {names[("application", str(case.pk))] for case in cases} == {case.reference for case in cases}


def test_what_an_admin_change_was_made_within_is_named_not_numbered() -> None:
    tvp = partnership()
    entry = _entry(Action.CREATE, "agency", "999999", detail=f"in the admin, on partnership {tvp.pk}")

    said = entries_in_words([entry])[0]

    assert said.detail == f"in the admin, on {tvp.name}"
    assert said.what == "Created an agency"


def test_an_admin_change_within_something_gone_says_what_kind_it_was() -> None:
    said = entries_in_words(
        [_entry(Action.CHANGE, "user", "1", detail="in the admin, on user 999999: email")]
    )[0]

    assert said.detail == "in the admin, on a staff account: email"
