"""Builders for the related tests: cases with places, alleged perpetrators and agency references."""

from __future__ import annotations

from typing import Any

from applications.builders import partnership, submitted

from community_trigger.cases.models import Application, Person, PersonRole
from community_trigger.related.services import perpetrator_add, place_add


def case_with(
    coordinator: Any,
    *,
    applicant: str = "",
    email: str = "",
    place: str = "",
    postcode: str = "",
    uprn: str = "",
    perpetrator: str = "",
    of: Any = None,
) -> Application:
    """A submitted case whose people are its own (the builders give every case the same applicant),
    the applicant named `applicant` and emailed at `email` when given, with a place and someone said
    to be responsible recorded by `coordinator` when given."""
    case = submitted(of or partnership())
    Person.objects.filter(application=case).update(
        name=f"Person {case.pk}", email=f"person{case.pk}@example.com", phone="", postcode=""
    )
    applicant_row = Person.objects.filter(application=case, role=PersonRole.APPLICANT)
    if applicant:
        applicant_row.update(name=applicant)
    if email:
        applicant_row.update(email=email)
    if place or postcode:
        place_add(
            application=case, actor=coordinator, address=place or "Somewhere", postcode=postcode, uprn=uprn
        )
    if perpetrator:
        perpetrator_add(application=case, actor=coordinator, names=perpetrator)
    return case
