"""Carrying out an erasure request (UK GDPR Article 17) through the anonymisation path: the records a
coordinator confirmed are the person's are erased as retention erases them, and the request closes,
in one transaction."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction

from community_trigger.cases.models import Application, Person
from community_trigger.datarequests.models import DataRequest
from community_trigger.datarequests.services import erasure_carried_out, erasure_check
from community_trigger.retention.anonymise import case_anonymise, person_erase


@transaction.atomic
def erasure_request_carry_out(*, request: DataRequest, actor: Any, words: str = "") -> DataRequest:
    """Erase the person of `request` from every case they were found in, then close the request.

    In a case where everyone named is this person (they applied for themselves and nobody else is on
    it), the whole case is anonymised; elsewhere only their own details are, and the case and everyone
    else's data stay. Raises CaseOnHold, erasing nothing, when any of those cases is on a legal hold:
    the hold is lifted first, or the erasure refused."""
    erasure_check(request)
    chosen = request.findings.filter(source="person").values("row_id")
    theirs: dict[int, list[Person]] = defaultdict(list)
    for person in Person.objects.filter(pk__in=chosen, application__partnership_id=request.partnership_id):
        theirs[person.application_id].append(person)
    cases = Application.objects.filter(pk__in=theirs).order_by("pk")
    for case in cases:
        named = set(Person.objects.filter(application=case).values_list("pk", flat=True))
        if named <= {person.pk for person in theirs[case.pk]}:
            case_anonymise(application=case, actor=actor, why="erasure")
        else:
            for person in theirs[case.pk]:
                person_erase(person=person, actor=actor, why="erasure")
    return erasure_carried_out(request=request, actor=actor, words=words)
