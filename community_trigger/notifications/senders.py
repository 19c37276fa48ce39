"""Who a message to an applicant is signed by: the partnership, through the case's owner."""

from __future__ import annotations

from community_trigger.cases.models import Application
from community_trigger.cases.owners import signatory_of
from community_trigger.notifications.messages import Sender


def sender_of(application: Application) -> Sender:
    """The partnership, signed by the case's owner with their direct contact details (see signatory_of)."""
    signed = signatory_of(application)
    return Sender(
        name=signed.partnership_name,
        phone=signed.phone,
        email=signed.email,
        signed_by=signed.name,
        job_title=signed.job_title,
    )
