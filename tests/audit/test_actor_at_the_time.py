"""The audit log keeps who acted as they were then: a rename or a new role never rewrites an entry."""

from __future__ import annotations

import pytest
from accounts.people import staff, verified
from applications.builders import partnership, submitted
from django.contrib.auth import get_user_model
from django.test import Client

from community_trigger.agencies.models import Agency, Membership
from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record, audit_record_many
from community_trigger.domain.access import Role

pytestmark = pytest.mark.django_db

LOG = "/staff/audit/"


def test_an_entry_keeps_the_username_name_and_roles_the_actor_had_when_it_was_written() -> None:
    case = submitted(partnership())
    cora = staff("cora")

    entry = audit_record(action=AuditEntry.Action.VIEW, subject=case, actor=cora)
    cora.username, cora.first_name = "cora-smith", "Corinne"
    cora.save()
    Membership.objects.filter(user=cora).update(role=Role.AUDITOR)
    entry.refresh_from_db()

    assert (entry.actor_username, entry.actor_name, entry.actor_roles) == (
        "cora",
        "Cora Staffer",
        "Coordinator at Test Valley Borough Council",
    )


def test_every_role_is_kept_and_a_platform_administrator_is_named_as_one() -> None:
    case = submitted(partnership())
    both = staff("bo", role=Role.PANEL_CHAIR, superuser=True)
    Membership.objects.create(
        user=both,
        agency=Agency.objects.get(partnership=partnership(), kind="police"),
        role=Role.AGENCY_OFFICER,
    )

    entry = audit_record(action=AuditEntry.Action.VIEW, subject=case, actor=both)

    assert entry.actor_roles == (
        "Platform administrator; Panel chair at Test Valley Borough Council; "
        "Agency officer at Hampshire and Isle of Wight Constabulary"
    )


def test_entries_written_together_each_keep_the_actor_as_they_were() -> None:
    cases = [submitted(partnership()), submitted(partnership())]

    audit_record_many(action=AuditEntry.Action.EXPORT, subjects=cases, actor=staff("cora"))

    exported = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT)
    assert {(e.actor_username, e.actor_roles) for e in exported} == {
        ("cora", "Coordinator at Test Valley Borough Council")
    }


def test_someone_not_signed_in_has_no_username_only_the_words_for_them() -> None:
    entry = audit_record(
        action=AuditEntry.Action.VIEW, subject=submitted(partnership()), actor_label="the applicant"
    )

    assert (entry.actor_username, entry.actor_name, entry.actor_roles, entry.actor_label) == (
        "",
        "",
        "",
        "the applicant",
    )


def test_after_a_rename_the_old_name_finds_what_was_done_under_it_and_the_new_name_the_rest(
    client: Client,
) -> None:
    case = submitted(partnership())
    cora = staff("cora")
    audit_record(action=AuditEntry.Action.VIEW, subject=case, actor=cora, detail="before-marker")
    get_user_model().objects.filter(pk=cora.pk).update(username="cora-smith")
    cora.refresh_from_db()
    audit_record(action=AuditEntry.Action.VIEW, subject=case, actor=cora, detail="after-marker")
    verified(client, staff("audrey", role=Role.AUDITOR))

    by_old = client.get(LOG, {"username": "cora"}, follow=True).content.decode()
    by_new = client.get(LOG, {"username": "cora-smith"}, follow=True).content.decode()

    assert "before-marker" in by_old
    assert "after-marker" not in by_old
    assert "after-marker" in by_new
    assert "before-marker" not in by_new


def test_the_log_shows_and_searches_the_name_and_role_held_at_the_time(client: Client) -> None:
    case = submitted(partnership())
    cora = staff("cora")
    audit_record(action=AuditEntry.Action.VIEW, subject=case, actor=cora, detail="as-coordinator")
    Membership.objects.filter(user=cora).update(role=Role.PANEL_CHAIR)
    cora.first_name = "Corinne"
    cora.save()
    audit_record(action=AuditEntry.Action.VIEW, subject=case, actor=cora, detail="as-chair")
    verified(client, staff("audrey", role=Role.AUDITOR))

    everything = client.get(LOG).content.decode()
    as_coordinator = client.get(LOG, {"role": "coordinator"}, follow=True).content.decode()
    by_old_name = client.get(LOG, {"username": "Cora Staffer"}, follow=True).content.decode()

    assert "Cora Staffer" in everything
    assert "Coordinator at Test Valley Borough Council" in everything
    assert "Corinne Staffer" in everything
    assert "Panel chair at Test Valley Borough Council" in everything
    assert "as-coordinator" in as_coordinator
    assert "as-chair" not in as_coordinator
    assert "as-coordinator" in by_old_name
    assert "as-chair" not in by_old_name
