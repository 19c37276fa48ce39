"""What the data request tests share: a case of the demo partnership whose victim asks for their data,
with that victim named across the case's records, and a request recorded by its coordinator."""

from __future__ import annotations

from datetime import date
from typing import Any

from accounts.people import staff
from applications.builders import APPLICANT_EMAIL, APPLICANT_NAME, partnership, submitted
from django.core.files.base import ContentFile
from django.utils import timezone

from community_trigger.cases.models import Application, Person, PersonRole
from community_trigger.datarequests.models import DataRequest, RequestKind
from community_trigger.datarequests.services import Requester, data_request_record
from community_trigger.diary.models import Entry
from community_trigger.documents.models import Document, ScanResult
from community_trigger.domain.access import Role
from community_trigger.related.models import AllegedPerpetrator

PERPETRATOR = "Percy Noisemaker"
NEIGHBOUR = "Nel Neighbourly"
# The victim applied for themselves: the case's applicant.
VICTIM_NAME = APPLICANT_NAME
VICTIM_EMAIL = APPLICANT_EMAIL
VICTIM_PHONE = "07700 900 982"


def coordinator(username: str = "cora") -> Any:
    return staff(username, role=Role.COORDINATOR)


def victims_case(actor: Any) -> Application:
    """A case whose victim is named in a diary note (with their date of birth), a document about them
    and one marked sensitive, beside an alleged perpetrator."""
    case = submitted(partnership())
    # Someone else on the case, whose data the victim's export must not give away.
    Person.objects.create(
        application=case, role=PersonRole.MEMBER, position=9, name=NEIGHBOUR, email="nel@example.com"
    )
    Person.objects.filter(application=case, role=PersonRole.APPLICANT).update(phone=VICTIM_PHONE)
    AllegedPerpetrator.objects.create(
        application=case, names=PERPETRATOR, name_key="percynoisemaker", recorded_by=actor
    )
    Entry.objects.create(
        application=case,
        kind="note",
        happened_at=timezone.now(),
        summary=f"Spoke to {VICTIM_NAME} (born 12/03/1980) about the noise.",
        written_by=actor,
    )
    for name, sensitive in (("victim-statement.txt", False), ("police-intelligence.txt", True)):
        Document.objects.create(
            application=case,
            key=f"{case.pk}-{name}",
            file=ContentFile(f"The text of {name}".encode(), name=name),
            name=name,
            description=f"About {VICTIM_NAME}",
            content_type="text/plain",
            size=20,
            scan=ScanResult.CLEAN,
            sensitive=sensitive,
            uploaded_by=actor,
        )
    return case


def victim(case: Application) -> Person:
    return case.people.get(role=PersonRole.APPLICANT)


def access_request(
    actor: Any, *, name: str = "Alex Aplicantson", kind: RequestKind = RequestKind.ACCESS, **details: Any
) -> DataRequest:
    """A request from the victim (the applicant), their name mistyped, with their email, phone and
    date of birth."""
    return data_request_record(
        partnership=partnership(),
        actor=actor,
        kind=kind,
        requester=Requester(
            name=name,
            email=details.get("email", VICTIM_EMAIL.upper()),
            phone=details.get("phone", "+44 7700 900982"),
            date_of_birth=details.get("date_of_birth", date(1980, 3, 12)),
        ),
        received_on=details.get("received_on", timezone.localdate()),
        received_via="email",
        language=details.get("language", "en"),
    )
