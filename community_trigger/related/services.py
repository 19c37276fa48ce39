"""Writes for places, alleged perpetrators and linked cases: each records its event on the case's
history (facts are ids only), the case locked first."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from community_trigger.cases.history import event_record
from community_trigger.cases.models import Application, Happened
from community_trigger.cases.services import case_lock, step_check
from community_trigger.common.search_keys import postcode_format, postcode_key, text_key, uprn_clean
from community_trigger.domain.actions import Action
from community_trigger.related.models import AllegedPerpetrator, CaseLink, Place


class DetailsRefused(Exception):
    """The details cannot be recorded, or the cases linked, as asked: the message says why."""


def _may_manage(actor: Any, case: Application) -> None:
    """The rulebook's answer for recording details on `case` (locked by the caller)."""
    step_check(case, Action.RECORD_DETAILS, actor=actor, refused=DetailsRefused)


def _postcode(value: str) -> str:
    if not value.strip():
        return ""
    formatted = postcode_format(value)
    if formatted is None:
        raise DetailsRefused(gettext("Enter a full UK postcode, like SO51 8AB"))
    return formatted


@transaction.atomic
def place_add(
    *, application: Application, actor: Any, address: str, postcode: str = "", uprn: str = ""
) -> Place:
    """Record one more place where the incidents happen: `address` (or a place's name), its postcode
    (written the Royal Mail's way) and its UPRN, where known."""
    case = case_lock(application)
    _may_manage(actor, case)
    address = " ".join(address.split())
    if not address:
        raise DetailsRefused(gettext("Enter the address or the name of the place"))
    written = _postcode(postcode)
    number = uprn_clean(uprn) if uprn.strip() else ""
    if number is None:
        raise DetailsRefused(gettext("Enter a UPRN of up to 12 digits"))
    place = Place.objects.create(
        application=case,
        address=address,
        postcode=written,
        uprn=number,
        postcode_key=postcode_key(written),
        address_key=text_key(address)[:300],
        recorded_by=actor,
    )
    event_record(application=case, kind=Happened.DETAILS_RECORDED, actor=actor, facts={"place": place.pk})
    return place


@transaction.atomic
def perpetrator_add(
    *,
    application: Application,
    actor: Any,
    names: str = "",
    description: str = "",
    address: str = "",
    postcode: str = "",
) -> AllegedPerpetrator:
    """Record someone the applicant says is responsible: a name (or names), or a description when they
    do not know it, and where they live when known."""
    case = case_lock(application)
    _may_manage(actor, case)
    names, address, description = " ".join(names.split()), " ".join(address.split()), description.strip()
    if not names and not description:
        raise DetailsRefused(gettext("Enter a name, or describe them"))
    written = _postcode(postcode)
    perpetrator = AllegedPerpetrator.objects.create(
        application=case,
        names=names,
        description=description,
        address=address,
        postcode=written,
        name_key=text_key(names)[:300],
        address_key=text_key(address)[:300],
        postcode_key=postcode_key(written),
        recorded_by=actor,
    )
    event_record(
        application=case,
        kind=Happened.DETAILS_RECORDED,
        actor=actor,
        facts={"alleged_perpetrator": perpetrator.pk},
    )
    return perpetrator


@transaction.atomic
def case_link(*, application: Application, other: Application, actor: Any, reason: str) -> CaseLink:
    """Link two cases of the coordinator's partnership, with the reason: the link is recorded on both
    cases' histories, the reason beside each event. Both cases are locked, the lower id first, so two
    coordinators linking the same pair from either end wait for each other rather than deadlock."""
    reason = reason.strip()
    if not reason:
        raise DetailsRefused(gettext("Enter why the cases are linked"))
    if other.pk == application.pk:
        raise DetailsRefused(gettext("A case cannot be linked to itself"))
    first, second = sorted((application, other), key=lambda case: case.pk)
    first, second = case_lock(first), case_lock(second)
    for case in (first, second):
        _may_manage(actor, case)
    if CaseLink.objects.filter(first=first, second=second).exists():
        raise DetailsRefused(gettext("These cases are already linked"))
    link = CaseLink.objects.create(first=first, second=second, reason=reason, linked_by=actor)
    for case, linked in ((first, second), (second, first)):
        event_record(
            application=case,
            kind=Happened.CASE_LINKED,
            actor=actor,
            facts={"link": link.pk, "other_case": linked.pk},
            words=reason,
        )
    return link
