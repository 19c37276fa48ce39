"""Reads for places, alleged perpetrators and linked cases, and the cases that may be related to one:
every case they name is one the viewer may see (`case_list_for`), and what they show of a case is what
its `Disclosure` allows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Replace, Upper
from django.utils.translation import gettext

from community_trigger.agencies.selectors import StaffAccess
from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record_many
from community_trigger.cases.models import Application, Person, PersonRole, Report
from community_trigger.cases.selectors import CaseRow, Disclosure, case_list_for, with_applicant_name
from community_trigger.common.search_keys import CLOSE_ENOUGH, closeness, phone_key, words_of
from community_trigger.domain.access import Capability
from community_trigger.related.models import AllegedPerpetrator, CaseLink, Place
from community_trigger.sharing.models import ReportCheck

# Related cases shown on a case: the best ten, so the list stays something a coordinator reads.
RELATED_SHOWN = 10
# Rows read for each kind of likeness: enough for any real repeat, bounded whatever the partnership's size.
ROWS_PER_KIND = 200
# Alleged perpetrators read to compare names that are typed differently (see cases.selectors's search).
NAME_CANDIDATES = 1000
# Agency references shorter than this ("1", "n/a") say nothing about two cases being the same.
SHORTEST_REFERENCE = 4


@dataclass(frozen=True)
class RelatedCase:
    """A case that may be related to the one on the page, and why, in words ("Same postcode SO51 8AB")."""

    row: CaseRow
    reasons: list[str]


@dataclass(frozen=True)
class LinkShown:
    """A linked case the viewer may also see, with the coordinator's reason when they may read it."""

    link: CaseLink
    row: CaseRow
    reason: str


@dataclass(frozen=True)
class RelatedPart:
    """The case page's part about places, the people said to be responsible, and related and linked
    cases, cut to what its viewer may see."""

    places: list[Place]
    alleged_perpetrators: list[AllegedPerpetrator]
    perpetrators_withheld: bool
    links: list[LinkShown]
    links_hidden: int  # linked cases the viewer may not see: counted, never named
    related: list[RelatedCase] | None = field(default=None)  # None: not theirs to look for


def may_look_for_related(user: Any, case: Application) -> bool:
    """Whether `user` looks for, and links, cases related to `case`: the partnership's coordinator."""
    access = StaffAccess(user)
    partnership = case.partnership_id
    return access.can(Capability.MANAGE_CASES, partnership) and access.can(
        Capability.SEE_ALL_PARTNERSHIP_CASES, partnership
    )


def related_part_for(user: Any, case: Application, shown: Disclosure) -> RelatedPart:
    """What the case page shows `user` of `case`'s places, alleged perpetrators, and linked and
    related cases (`shown` is their `Disclosure` of it)."""
    places = list(case.places.all()) if shown.places else []
    perpetrators = list(case.alleged_perpetrators.all()) if shown.alleged_perpetrators else []
    withheld = not shown.alleged_perpetrators and case.alleged_perpetrators.exists()
    links, hidden = links_of(user, case, shown)
    coordinator = may_look_for_related(user, case)
    return RelatedPart(
        places=places,
        alleged_perpetrators=perpetrators,
        perpetrators_withheld=withheld,
        links=links,
        links_hidden=hidden,
        related=related_cases_for(user, case) if coordinator else None,
    )


def _rows(user: Any, ids: Iterable[int]) -> dict[int, CaseRow]:
    """The cases `ids` as rows, in one query; each recorded in the audit log as seen in a list."""
    cases = list(with_applicant_name(Application.objects.filter(pk__in=list(ids))))
    audit_record_many(
        actor=user,
        action=AuditEntry.Action.VIEW,
        subjects=cases,
        detail="related cases",
        purpose=AuditEntry.Purpose.CASE_LIST,
    )
    return {case.pk: CaseRow.of(case) for case in cases}


def links_of(user: Any, case: Application, shown: Disclosure) -> tuple[list[LinkShown], int]:
    """The cases linked to `case` that `user` may also see, and how many others are linked."""
    links = list(CaseLink.objects.filter(Q(first=case) | Q(second=case)).order_by("linked_at", "pk"))
    if not links:
        return [], 0
    others = {link.other_than(case.pk) for link in links}
    seen = set(case_list_for(user).filter(pk__in=others).values_list("pk", flat=True))
    rows = _rows(user, seen)
    shown_links = [
        LinkShown(link, rows[link.other_than(case.pk)], link.reason if shown.links else "")
        for link in links
        if link.other_than(case.pk) in rows
    ]
    return shown_links, len(others - seen)


class _Reasons:
    """Why each case may be related, each reason once, in the order found."""

    def __init__(self) -> None:
        self.by_case: dict[int, list[str]] = defaultdict(list)

    def add(self, case_id: int, reason: str) -> None:
        if reason not in self.by_case[case_id]:
            self.by_case[case_id].append(reason)

    def best(self, count: int) -> list[int]:
        # More reasons first; among equals, the newer case (a higher id) first.
        return sorted(self.by_case, key=lambda case_id: (-len(self.by_case[case_id]), -case_id))[:count]


def related_cases_for(user: Any, case: Application) -> list[RelatedCase]:
    """The cases `user` may see that may be related to `case` (same applicant, same place or postcode,
    same or a similarly named alleged perpetrator, the same agency references), each with why, the ten
    with most in common first. Cases already linked to it are left out: they are shown as linked.

    A fixed number of queries whatever the number of cases: each kind of likeness is one indexed
    query on the cases the user may see, bounded, and the names are compared in Python only for a
    bounded set of candidates."""
    linked = CaseLink.objects.filter(Q(first=case) | Q(second=case)).values_list("first_id", "second_id")
    excluded = {case.pk} | {case_id for pair in linked for case_id in pair}
    visible = case_list_for(user).exclude(pk__in=excluded).values("pk")
    reasons = _Reasons()
    _same_applicant(case, visible, reasons)
    _same_place(case, visible, reasons)
    _same_perpetrator(case, visible, reasons)
    _same_reference(case, visible, reasons)
    best = reasons.best(RELATED_SHOWN)
    rows = _rows(user, best) if best else {}
    return [RelatedCase(rows[case_id], reasons.by_case[case_id]) for case_id in best if case_id in rows]


def _same_applicant(case: Application, visible: QuerySet[Any], reasons: _Reasons) -> None:
    applicant = case.people.filter(role=PersonRole.APPLICANT).first()
    if applicant is None:
        return
    same = Q(pk__in=[])
    if applicant.email:
        same |= Q(email__iexact=applicant.email)
    digits = phone_key(applicant.phone)
    if len(digits) >= 10:
        same |= Q(phone_digits__endswith=digits[-10:])
    if applicant.postcode:
        same |= Q(name__iexact=applicant.name, postcode__iexact=applicant.postcode)
    spaces_out = Replace(
        Replace(Replace("phone", Value(" "), Value("")), Value("-"), Value("")), Value("+44"), Value("0")
    )
    people = (
        Person.objects.filter(application_id__in=visible)
        .annotate(phone_digits=spaces_out)
        .filter(same)
        .values_list("application_id", "name", "email", "postcode", "phone")[:ROWS_PER_KIND]
    )
    for case_id, name, email, postcode, phone in people:
        if applicant.email and email.lower() == applicant.email.lower():
            reasons.add(case_id, gettext("Same applicant email address"))
        if len(digits) >= 10 and phone_key(phone)[-10:] == digits[-10:]:
            reasons.add(case_id, gettext("Same applicant phone number"))
        if name.lower() == applicant.name.lower() and postcode.upper() == applicant.postcode.upper():
            reasons.add(
                case_id, gettext("Same applicant name and postcode %(postcode)s") % {"postcode": postcode}
            )


def _same_place(case: Application, visible: QuerySet[Any], reasons: _Reasons) -> None:
    mine = list(case.places.all())
    postcodes = {place.postcode_key for place in mine if place.postcode_key}
    addresses = {place.address_key for place in mine if place.address_key}
    uprns = {place.uprn for place in mine if place.uprn}
    if not mine:
        return
    theirs = Place.objects.filter(application_id__in=visible).filter(
        Q(postcode_key__in=postcodes) | Q(address_key__in=addresses) | Q(uprn__in=uprns)
    )[:ROWS_PER_KIND]
    for place in theirs:
        if place.uprn and place.uprn in uprns:
            reasons.add(place.application_id, gettext("Same property (UPRN %(uprn)s)") % {"uprn": place.uprn})
        if place.address_key in addresses:
            reasons.add(place.application_id, gettext("Same place: %(address)s") % {"address": place.address})
        if place.postcode_key and place.postcode_key in postcodes:
            reasons.add(
                place.application_id, gettext("Same postcode %(postcode)s") % {"postcode": place.postcode}
            )


def _same_perpetrator(case: Application, visible: QuerySet[Any], reasons: _Reasons) -> None:
    mine = [person for person in case.alleged_perpetrators.all() if person.names]
    if not mine:
        return
    starts = {word[:2] for person in mine for word in words_of(person.names) if len(word) >= 2}
    similar = Q(pk__in=[])
    for start in starts:
        similar |= Q(name_key__contains=start)
    exact = {person.name_key for person in mine}
    candidates = (
        AllegedPerpetrator.objects.filter(application_id__in=visible)
        .exclude(names="")
        .filter(Q(name_key__in=exact) | similar)
        .order_by("-application_id")
        .values_list("application_id", "names", "name_key")[:NAME_CANDIDATES]
    )
    for case_id, names, key in candidates:
        if key in exact:
            reasons.add(case_id, gettext("Same alleged perpetrator ‘%(name)s’") % {"name": names})
        elif any(closeness(person.names, names) >= CLOSE_ENOUGH for person in mine):
            reasons.add(case_id, gettext("Alleged perpetrator name close to ‘%(name)s’") % {"name": names})


def _same_reference(case: Application, visible: QuerySet[Any], reasons: _Reasons) -> None:
    mine = {
        reference.upper()
        for reference in [
            *Report.objects.filter(incident__application=case).values_list("reference", flat=True),
            *ReportCheck.objects.filter(response__request__application=case).values_list(
                "their_reference", flat=True
            ),
        ]
        if len(reference.strip()) >= SHORTEST_REFERENCE
    }
    if not mine:
        return
    reports = (
        Report.objects.filter(incident__application_id__in=visible)
        .annotate(same=Upper("reference"))
        .filter(same__in=mine)
        .values_list("incident__application_id", "reference")[:ROWS_PER_KIND]
    )
    checks = (
        ReportCheck.objects.filter(response__request__application_id__in=visible)
        .annotate(same=Upper("their_reference"))
        .filter(same__in=mine)
        .values_list("response__request__application_id", "their_reference")[:ROWS_PER_KIND]
    )
    for case_id, reference in [*reports, *checks]:
        reasons.add(case_id, gettext("Same agency reference %(reference)s") % {"reference": reference})
