"""Writes for a case's owner: named by the partnership's rule as the request arrives, and given to
another coordinator with a reason. Each change is one OWNER_CHANGED event in the case's history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from community_trigger.agencies.models import OwnerRule, Partnership
from community_trigger.cases.history import event_record
from community_trigger.cases.models import Application, Happened
from community_trigger.cases.owners import is_coordinator_of, next_in_turn
from community_trigger.cases.services import case_lock, step_check
from community_trigger.domain.actions import Action

# How the owner was chosen, as the history's facts say it.
REASSIGNED = "reassigned"


class OwnerRefused(Exception):
    """The case cannot be given to this person, or by this person."""


class NotACoordinator(OwnerRefused):
    """Only a coordinator of the case's partnership may own it."""


def _owner_by_rule(partnership: Partnership) -> tuple[Any, str]:
    """Who owns a new case of `partnership` (None when it has no coordinator), and the rule that chose
    them. The default owner, while they are still one of its coordinators; else the coordinators in turn.

    Locks the partnership's row: requests arriving together are each given in turn, one after the
    other, never both to the same person on the same reading."""
    locked = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if locked.owner_rule == OwnerRule.DEFAULT and locked.default_owner_id is not None:
        default = locked.default_owner
        if is_coordinator_of(default, locked.pk):
            return default, OwnerRule.DEFAULT
    return next_in_turn(locked), OwnerRule.ROUND_ROBIN


@transaction.atomic
def owner_by_rule(partnership: Partnership) -> Any:
    """Who the partnership's rule gives its next case to now (None when it has no coordinator): for
    whoever hands cases on by the same rule (a member of staff leaving, oversight/services.py)."""
    return _owner_by_rule(partnership)[0]


@transaction.atomic
def case_owner_assign(*, application: Application, now: datetime | None = None) -> Application:
    """Give a case that has just arrived its owner by its partnership's rule, and record it in the
    history (by the service, no person). Nothing changes when the partnership has no coordinator: the
    case waits, ownerless, for one to take it."""
    locked = case_lock(application)
    owner, rule = _owner_by_rule(locked.partnership)
    if owner is None:
        return locked
    _owner_set(locked, owner=owner, rule=rule, actor=None, reason="", now=now or timezone.now())
    application.owner = owner
    return locked


@transaction.atomic
def case_owner_change(
    *, application: Application, owner: Any, reason: str, actor: Any, now: datetime | None = None
) -> Application:
    """Give the case to `owner`, a coordinator of its partnership, with `reason` kept beside the event
    in the history; the new owner is told by email (the dispatcher). Refused (OwnerRefused) to someone
    who may not manage the case, and (NotACoordinator) when `owner` is not one of its coordinators."""
    locked = case_lock(application)
    step_check(locked, Action.CHANGE_OWNER, actor=actor, refused=OwnerRefused)
    if not is_coordinator_of(owner, locked.partnership_id):
        raise NotACoordinator(
            gettext("Choose a coordinator of %(partnership)s") % {"partnership": locked.partnership.name}
        )
    if owner.pk == locked.owner_id:
        raise OwnerRefused(gettext("The case is already theirs"))
    _owner_set(locked, owner=owner, rule=REASSIGNED, actor=actor, reason=reason, now=now or timezone.now())
    return locked


def _owner_set(case: Application, *, owner: Any, rule: str, actor: Any, reason: str, now: datetime) -> None:
    was = case.owner_id
    case.owner = owner
    case.save(update_fields=["owner", "updated_at"])
    event_record(
        application=case,
        kind=Happened.OWNER_CHANGED,
        actor=actor,
        actor_label="" if actor else "the service",
        at=now,
        facts={"owner": owner.pk, "was": was, "rule": rule},
        words=reason,
    )
