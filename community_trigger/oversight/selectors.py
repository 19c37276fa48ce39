"""Reads for data protection oversight: a partnership's accountability details, who looked at a case or
a person (the access report), and the unusual access alerts. Each answers for the partnerships where
the reader holds the capability asked for, and nothing else."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from community_trigger.agencies.models import Partnership
from community_trigger.agencies.selectors import StaffAccess
from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application, Person
from community_trigger.common.search_keys import CLOSE_ENOUGH, closeness, phone_key, text_key, words_of
from community_trigger.domain.access import Capability
from community_trigger.oversight.models import AccessAlert
from community_trigger.related.models import AllegedPerpetrator

# The information sharing agreement is flagged this many days before its review date.
REVIEW_WARNING_DAYS = 30
# How many names are compared, per source, when a person's name may be typed differently.
FUZZY_CANDIDATES = 2000


def partnership_for(
    user: AbstractBaseUser | AnonymousUser, capability: Capability | None = None
) -> Partnership:
    """The partnership whose data protection pages `user` reads: the first (by name) where they hold a
    role, or one granting `capability`; 404 for anyone else."""
    access = StaffAccess(user)
    ids = access.partnerships_where(capability) if capability else list(access.roles)
    partnership = Partnership.objects.filter(pk__in=ids).order_by("name").first()
    if partnership is None:
        raise Http404
    return partnership


@dataclass(frozen=True)
class Accountability:
    """Who answers for a partnership's information, and on what terms it is shared (UK GDPR 5(2))."""

    controller: str
    joint_controllers: tuple[str, ...]
    dpo_contact: str
    agreement_reference: str
    agreement_review_on: datetime.date | None
    lawful_bases: tuple[str, ...]  # empty: the standard wording (the privacy notice's)
    review_overdue: bool
    review_soon: bool


def lines_of(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def accountability_of(
    partnership: Partnership, *, today: datetime.date | None = None, welsh: bool = False
) -> Accountability:
    """`partnership`'s accountability details, with whether its sharing agreement's review is past
    (`review_overdue`) or within REVIEW_WARNING_DAYS (`review_soon`). `welsh`: its lawful bases as
    written in Welsh, where it wrote them."""
    today = today or timezone.localdate()
    review = partnership.sharing_agreement_review_on
    bases = (partnership.lawful_bases_cy if welsh else "") or partnership.lawful_bases
    return Accountability(
        controller=partnership.data_controller or partnership.name,
        joint_controllers=lines_of(partnership.joint_controllers),
        dpo_contact=partnership.dpo_contact,
        agreement_reference=partnership.sharing_agreement_reference,
        agreement_review_on=review,
        lawful_bases=lines_of(bases),
        review_overdue=review is not None and review < today,
        review_soon=review is not None
        and today <= review <= today + datetime.timedelta(days=REVIEW_WARNING_DAYS),
    )


def _partnership_cases(partnership: Partnership) -> QuerySet[Application]:
    return Application.objects.filter(partnership=partnership)


def case_for_report(partnership: Partnership, reference: str) -> Application | None:
    """The case of `partnership` with `reference` (any case of the partnership: the officer reports on
    access to them all without seeing what they say), or None."""
    return _partnership_cases(partnership).filter(reference__iexact=reference.strip()).first()


def _names_close(rows: Iterable[tuple[int, str]], term: str) -> set[int]:
    return {case_id for case_id, name in rows if name and closeness(term, name) >= CLOSE_ENOUGH}


def cases_about_person(partnership: Partnership, term: str) -> list[Application]:
    """The cases of `partnership` a person is in (applicant, group member, victim, person named, or
    alleged perpetrator), found by their name (typed differently, as the case search forgives:
    common.search_keys), email or phone, newest first."""
    term = " ".join(term.split())
    if not term:
        return []
    cases = _partnership_cases(partnership)
    people = Person.objects.filter(application__in=cases)
    perpetrators = AllegedPerpetrator.objects.filter(application__in=cases)
    found: set[int] = set()
    if "@" in term:
        found |= set(people.filter(email__iexact=term).values_list("application_id", flat=True))
    digits = phone_key(term)
    if len(digits) >= 6 and len(digits) >= len(text_key(term)) - 1:
        # Phones are kept as typed: the database narrows on the last digits, Python compares them all.
        rows = people.filter(phone__contains=digits[-4:]).values_list("application_id", "phone")
        found |= {case_id for case_id, phone in rows if phone_key(phone) == digits}
    words = [word for word in words_of(term) if word.isalpha()]
    if words:
        found |= set(people.filter(name__icontains=term).values_list("application_id", flat=True))
        found |= set(
            perpetrators.filter(name_key__contains=text_key(term)).values_list("application_id", flat=True)
        )
        # Typed differently: names sharing the first two letters of a word of the search, scored.
        starts = {word[:2] for word in words if len(word) >= 2}
        for start in starts:
            found |= _names_close(
                people.filter(name__icontains=start)
                .order_by("-pk")
                .values_list("application_id", "name")[:FUZZY_CANDIDATES],
                term,
            )
            found |= _names_close(
                perpetrators.filter(name_key__contains=start)
                .order_by("-pk")
                .values_list("application_id", "names")[:FUZZY_CANDIDATES],
                term,
            )
    return list(cases.filter(pk__in=found).order_by("-submitted_at", "-pk"))


def looks_at(cases: Iterable[Application]) -> QuerySet[AuditEntry]:
    """Every audit entry about `cases`, newest first: who looked at them or changed them, when, what
    showed them (the case's documents, letters and lists included: each is recorded against its case)."""
    ids = [str(case.pk) for case in cases]
    return AuditEntry.objects.filter(subject="application", subject_id__in=ids).order_by("-at", "-pk")


def alerts_for(partnership: Partnership) -> QuerySet[AccessAlert]:
    """`partnership`'s unusual access alerts, newest first, with who and which case."""
    return (
        AccessAlert.objects.filter(partnership=partnership)
        .select_related("user", "application", "reviewed_by")
        .order_by("-created_at", "-pk")
    )
