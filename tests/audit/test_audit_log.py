"""The audit log page: auditors of a partnership see its entries, search them, and nobody else does."""

from __future__ import annotations

import pytest
from accounts.people import staff, verified
from applications.builders import other_partnership, partnership, submitted
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client

from community_trigger.agencies.models import Agency, Membership
from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record
from community_trigger.common.models import AppendOnly
from community_trigger.domain.access import Role

pytestmark = pytest.mark.django_db

LOG = "/staff/audit/"


def test_an_auditor_sees_the_entries_about_their_partnerships_cases_and_not_anothers(client: Client) -> None:
    ours = submitted(partnership())
    theirs = submitted(other_partnership())
    audit_record(action=AuditEntry.Action.VIEW, subject=ours, actor_label="someone", detail="ours-marker")
    audit_record(action=AuditEntry.Action.VIEW, subject=theirs, actor_label="someone", detail="theirs-marker")
    verified(client, staff("audrey", role=Role.AUDITOR))

    html = client.get(LOG).content.decode()

    assert "ours-marker" in html
    assert "theirs-marker" not in html


def test_an_auditor_sees_what_their_partnerships_staff_did(client: Client) -> None:
    colleague = staff("cora")
    outsider = get_user_model().objects.create_user(username="olly", password="x" * 20)
    Membership.objects.create(
        user=outsider,
        agency=Agency.objects.create(partnership=other_partnership(), name="Elsewhere", kind="council"),
        role=Role.COORDINATOR,
    )
    audit_record(
        action=AuditEntry.Action.SIGN_IN, subject=colleague, actor=colleague, detail="colleague-marker"
    )
    audit_record(action=AuditEntry.Action.SIGN_IN, subject=outsider, actor=outsider, detail="outsider-marker")
    verified(client, staff("audrey", role=Role.AUDITOR))

    html = client.get(LOG).content.decode()

    assert "colleague-marker" in html
    assert "outsider-marker" not in html


def test_the_log_can_be_searched_by_case_and_by_user(client: Client) -> None:
    first, second = submitted(partnership()), submitted(partnership())
    audit_record(action=AuditEntry.Action.VIEW, subject=first, actor_label="a", detail="first-marker")
    audit_record(action=AuditEntry.Action.VIEW, subject=second, actor_label="b", detail="second-marker")
    verified(client, staff("audrey", role=Role.AUDITOR))

    by_case = client.get(LOG, {"reference": first.reference}, follow=True).content.decode()
    by_user = client.get(LOG, {"username": "audrey"}, follow=True).content.decode()

    assert "first-marker" in by_case
    assert "second-marker" not in by_case
    assert "first-marker" not in by_user


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.AGENCY_OFFICER, Role.PANEL_CHAIR])
def test_only_auditors_may_read_the_log(client: Client, role: Role) -> None:
    verified(
        client,
        staff("someone", role=role, agency_kind="police" if role == Role.AGENCY_OFFICER else "council"),
    )

    assert client.get(LOG).status_code == 403


def test_nothing_in_the_application_changes_an_entry(client: Client) -> None:
    case = submitted(partnership())
    entry = audit_record(action=AuditEntry.Action.VIEW, subject=case, actor_label="someone")
    verified(client, staff("audrey", role=Role.AUDITOR))

    for method in (client.post, client.put, client.delete):
        assert method(LOG, {"id": entry.pk}).status_code == 405

    entry.refresh_from_db()
    assert (entry.action, entry.actor_label) == ("view", "someone")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_staff_navigation_links_to_the_audit_log_for_auditors_only(client: Client) -> None:
    auditor, coordinator = staff("audrey", role=Role.AUDITOR), staff("cora")

    verified(client, auditor)
    for_auditor = client.get("/staff/").content.decode()
    verified(client, coordinator)
    for_coordinator = client.get("/staff/").content.decode()

    assert 'href="/staff/audit/"' in for_auditor
    assert 'href="/staff/audit/"' not in for_coordinator


def test_an_entry_once_written_cannot_be_changed_or_deleted_by_any_code() -> None:
    entry = audit_record(action=AuditEntry.Action.VIEW, subject=submitted(partnership()), actor_label="x")

    entry.detail = "rewritten"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(detail="rewritten")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).delete()

    entry.refresh_from_db()
    assert entry.detail == ""


def test_the_admin_site_offers_no_way_to_edit_the_audit_log() -> None:
    assert not admin.site.is_registered(AuditEntry)
