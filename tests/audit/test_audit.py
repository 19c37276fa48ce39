"""The audit log: one entry per view or change, naming what was touched but never who it is about."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from applications.builders import (
    APPLICANT_POSTCODE,
    NOON,
    PERSONAL,
    Journey,
    agency_id,
    answers_for,
    draft,
    in_session,
    only_email,
    partnership,
    status_path,
)
from django.core.cache import cache
from django.test import Client

from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record
from community_trigger.cases.models import Application

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]


@pytest.fixture(autouse=True)
def _no_rate_limit_counts() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def test_an_entry_names_the_actor_the_action_and_the_subject_by_kind_and_id() -> None:
    kept = draft(partnership(), {})

    entry = audit_record(actor_label="the applicant", action=AuditEntry.Action.VIEW, subject=kept, detail="x")

    assert (entry.actor_label, entry.action, entry.subject, entry.subject_id, entry.detail) == (
        "the applicant",
        "view",
        "draft",
        str(kept.pk),
        "x",
    )
    assert entry.at == NOON
    assert entry.actor is None


def test_entries_are_listed_newest_first() -> None:
    tvp = partnership()
    first = audit_record(actor_label="a", action=AuditEntry.Action.VIEW, subject=tvp)
    second = audit_record(actor_label="b", action=AuditEntry.Action.VIEW, subject=tvp)

    assert list(AuditEntry.objects.all()) == [second, first]
    assert str(first) == f"2026-11-20 12:00 a view partnership {tvp.pk}"


def test_a_request_sent_viewed_and_withdrawn_leaves_three_entries_without_personal_data(
    client: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    tvp = partnership()
    in_session(client, draft(tvp, answers_for("group_representative", agency=agency_id(tvp))))
    with django_capture_on_commit_callbacks(execute=True):
        Journey(client).submit()
    status = status_path(str(only_email().body))

    client.get(status)
    # The postcode check and "are you sure?" record no look of their own: only the withdrawal counts.
    client.post(f"{status}check/withdraw/", {"postcode": APPLICANT_POSTCODE})
    client.post(
        f"{status}withdraw/", {"csrfmiddlewaretoken": "-", "confirm": "yes", "reason": "Bea Memberley moved"}
    )

    application = Application.objects.get()
    entries = list(AuditEntry.objects.order_by("pk"))
    assert [(e.action, e.subject, e.subject_id) for e in entries] == [
        ("create", "application", str(application.pk)),
        ("view", "application", str(application.pk)),
        ("change", "application", str(application.pk)),
    ]
    for entry in entries:
        text = " ".join([entry.actor_label, entry.subject, entry.subject_id, entry.detail])
        assert not [word for word in PERSONAL if word in text], text
        assert "@" not in text
