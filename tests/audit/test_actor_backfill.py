"""Entries written before the log kept the actor's identity get it from what is known: the username
the entry was written under, and the person's name and roles as they are now."""

from __future__ import annotations

import pytest
from accounts.people import staff
from applications.builders import partnership
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from community_trigger.audit.models import AuditEntry

BEFORE = [("audit", "0003_export_action")]


@pytest.mark.django_db(transaction=True)
def test_older_entries_are_given_the_username_they_were_written_under_and_the_name_and_role_now() -> None:
    partnership()
    cora = staff("cora")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps.get_model("audit", "AuditEntry")
        by_cora = old.objects.create(
            actor_id=cora.pk, actor_label="cora", action="view", subject="partnership", subject_id="1"
        )
        by_applicant = old.objects.create(
            actor_label="the applicant", action="view", subject="partnership", subject_id="1"
        )
        type(cora).objects.filter(pk=cora.pk).update(username="cora-smith")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    kept = AuditEntry.objects.get(pk=by_cora.pk)
    applicant = AuditEntry.objects.get(pk=by_applicant.pk)
    assert (kept.actor_username, kept.actor_name, kept.actor_roles) == (
        "cora",
        "Cora Staffer",
        "Coordinator at Test Valley Borough Council",
    )
    assert (applicant.actor_username, applicant.actor_name, applicant.actor_roles) == ("", "", "")
