"""A case some agencies were asked about, and entries added to its diary through the service."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from applications.builders import partnership, submitted
from django.utils import timezone
from reviews.builders import Team

from community_trigger.agencies.models import Agency
from community_trigger.cases.models import Application
from community_trigger.cases.services.decisions import application_acknowledge
from community_trigger.diary.models import Entry, EntryKind, Visibility
from community_trigger.diary.services import diary_entry_add
from community_trigger.sharing.models import InformationRequest


def asked_case(people: Team, *agencies: Agency) -> Application:
    """Acknowledged by the coordinator, with only `agencies` asked about it."""
    made = submitted(partnership())
    application_acknowledge(application=made, actor=people.coordinator)
    for agency in agencies:
        InformationRequest.objects.create(
            application=made, agency=agency, due_by=timezone.localdate() + timedelta(days=10)
        )
    return made


def entry(case: Application, actor: Any, summary: str, **overrides: Any) -> Entry:
    """A call from the applicant two hours ago, for the coordinators only, unless `overrides` say."""
    values: dict[str, Any] = {
        "application": case,
        "actor": actor,
        "kind": EntryKind.CALL,
        "direction": "incoming",
        "with_whom": "The applicant",
        "happened_at": timezone.now() - timedelta(hours=2),
        "summary": summary,
        "visibility": Visibility.COORDINATORS,
    } | overrides
    return diary_entry_add(**values)
