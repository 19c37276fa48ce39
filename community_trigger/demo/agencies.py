"""The demo agencies' addresses, and a demo case whose agencies without accounts answered: the council
through the secure link emailed to it, the health board by email, recorded by the coordinator. All
through the services, reading the emails from the outbox as the agency would read its inbox, so the
history and the audit log are real."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from community_trigger.agencies.models import Agency, Partnership
from community_trigger.cases.models import Application
from community_trigger.notifications.models import Message
from community_trigger.sharing.links import answer_link_code_check, answer_link_code_send, answer_link_find
from community_trigger.sharing.models import AnswerLink, InformationRequest, ReceivedVia
from community_trigger.sharing.services import Answer, information_answer_by_link, information_answer_record

# Where each demo agency's requests go when nobody there may answer in the service, and who is told
# when its answer is long overdue: reserved .example addresses.
DEMO_CONTACTS: dict[str, tuple[str, str]] = {
    Agency.Kind.COUNCIL: ("Community Safety Team", "community.safety@council.demo.example"),
    Agency.Kind.POLICE: ("ASB Hub", "asb.hub@police.demo.example"),
    Agency.Kind.HOUSING: ("Neighbourhood Team", "neighbourhoods@housing.demo.example"),
    Agency.Kind.HEALTH: ("Safeguarding Team", "safeguarding@health.demo.example"),
}


def demo_agency_contacts_load(*, partnership: Partnership) -> None:
    """Give every demo agency a contact address and a lead contact; safe to run again."""
    for agency in partnership.agencies.all():
        team, email = DEMO_CONTACTS.get(agency.kind, ("Contact", f"{agency.kind}@demo.example"))
        agency.contact_name = team
        agency.contact_email = email
        agency.lead_contact_email = f"lead.{email}"
        agency.save(update_fields=["contact_name", "contact_email", "lead_contact_email"])


def _sent(key: str, value: str) -> str:
    """A value of an email the outbox holds, as the agency receives it."""
    return str(Message.objects.get(key=key).values[value])


def demo_answers_without_accounts(*, case: Application, coordinator: Any, now: datetime) -> None:
    """The council answers its request through the secure link it was emailed; the health board's
    answer, sent by email, is recorded by the coordinator."""
    council = InformationRequest.objects.get(application=case, agency__kind="council")
    emailed = _sent(f"information_requested:{council.pk}:contact", "link")
    token = urlsplit(emailed).path.rstrip("/").split("/")[-1]
    link = answer_link_find(token, now=now)
    answer_link_code_send(link=link, now=now)
    code = _sent(f"answer_link_code:{link.pk}:1", "code")
    answer_link_code_check(link=link, code=code, now=now)
    information_answer_by_link(
        link=AnswerLink.objects.get(pk=link.pk),
        answer=Answer(
            checks={},
            action_taken="Two noise abatement visits and a warning letter about the noise.",
            outcome="The noise eased for a fortnight, then started again.",
        ),
        sender_name="Sam Council",
        sender_role="Environmental Health Officer",
        now=now,
    )
    health = InformationRequest.objects.get(application=case, agency__kind="health")
    information_answer_record(
        request=health,
        answer=Answer(
            checks={}, action_taken="No contact about the street.", outcome="Nothing held on the neighbour."
        ),
        sender_name="Jo Bloggs",
        sender_role="Safeguarding lead",
        received_via=ReceivedVia.EMAIL,
        received_at=now,
        actor=coordinator,
        now=now,
    )
