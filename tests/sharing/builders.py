"""A case whose agencies were asked, where some agencies have nobody who may answer in the service, and
the emails the agencies were sent, read from the outbox as the agency reads its inbox."""

from __future__ import annotations

from urllib.parse import urlsplit

from applications.builders import partnership, submitted
from reviews.builders import Team

from community_trigger.agencies.models import Agency
from community_trigger.cases.models import Application
from community_trigger.cases.services.decisions import application_acknowledge, threshold_decide
from community_trigger.notifications.models import Message
from community_trigger.sharing.models import AnswerLink, InformationRequest
from community_trigger.sharing.services import information_request_all

HEALTH_CONTACT = "safeguarding@health.example"
HEALTH_LEAD = "director@health.example"


def contacts(*, health: str = HEALTH_CONTACT, council: str = "", health_lead: str = HEALTH_LEAD) -> None:
    """The demo partnership's health board (nobody in the service) with a contact address, and its
    council (whose only staff in `team()` are a coordinator and a chair, who do not answer) with
    `council`'s."""
    Agency.objects.filter(partnership=partnership(), kind="health").update(
        contact_email=health, lead_contact_email=health_lead
    )
    Agency.objects.filter(partnership=partnership(), kind="council").update(contact_email=council)


def asked(people: Team, **addresses: str) -> Application:
    """A case decided for review with every agency asked (the contacts set first)."""
    contacts(**addresses)
    case = submitted(partnership())
    application_acknowledge(application=case, actor=people.coordinator)
    threshold_decide(application=case, outcome="threshold_met", reasons="", actor=people.coordinator)
    information_request_all(application=case, actor=people.coordinator)
    case.refresh_from_db()
    return case


def request_to(case: Application, kind: str) -> InformationRequest:
    return InformationRequest.objects.select_related("agency").get(application=case, agency__kind=kind)


def emailed_token(request: InformationRequest) -> str:
    """The token of the secure link in the email the agency's contact address was sent."""
    link = Message.objects.get(key=f"information_requested:{request.pk}:contact").values["link"]
    return str(urlsplit(link).path.rstrip("/").split("/")[-1])


def emailed_code(link: AnswerLink) -> str:
    """The latest code sent for `link`, from the email."""
    message = Message.objects.filter(key__startswith=f"answer_link_code:{link.pk}:").order_by("-pk").first()
    assert message is not None
    return str(message.values["code"])
