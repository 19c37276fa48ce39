"""Writes for letters: make one, keep it on the case, queue its email or wait for it to be posted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record
from community_trigger.cases.history import event_record
from community_trigger.cases.models import Application, ContactPreference, Happened, PersonRole
from community_trigger.cases.services import case_lock, step_check
from community_trigger.domain.actions import Action
from community_trigger.letters.models import Letter, LetterKind
from community_trigger.letters.rendering import letter_render, pdf_from_html
from community_trigger.notifications.messages import LetterEmail
from community_trigger.notifications.services import message_queue

SUBJECTS = {
    Letter.Kind.ACKNOWLEDGEMENT: _("Your request for a case review has been acknowledged: %(reference)s"),
    Letter.Kind.THRESHOLD_DECISION: _("Decision on your request for a case review: %(reference)s"),
    Letter.Kind.MEETING: _("Your case review meeting: %(reference)s"),
    Letter.Kind.ACTION_PLAN: _("What the organisations plan to do: tell us what you think (%(reference)s)"),
    Letter.Kind.OUTCOME: _("The outcome of your case review: %(reference)s"),
    Letter.Kind.ESCALATION_DECISION: _("Decision on your request for an escalation: %(reference)s"),
}


class NotForPost(Exception):
    """Only a letter waiting to be posted can be marked as posted, by someone who manages the case."""


@transaction.atomic
def letter_send(
    *,
    application: Application,
    kind: LetterKind,
    context: dict[str, Any] | None = None,
    actor: Any = None,
    now: datetime | None = None,
) -> Letter:
    """Write a letter of `kind` to the applicant and keep it on the case, PDF and all.

    It is emailed, with the PDF attached, when the applicant gave an email address and did not ask
    for post; otherwise it waits on the case page to be printed and posted.
    """
    now = now or timezone.now()
    applicant = application.people.get(role=PersonRole.APPLICANT)
    by_post = applicant.contact_preference == ContactPreference.POST or not applicant.email
    address = "\n".join(line for line in [applicant.address, applicant.postcode] if line)
    partnership = application.partnership
    subject = SUBJECTS[kind] % {"reference": application.reference}
    rendered = letter_render(
        kind=kind,
        partnership_slug=partnership.slug,
        context={
            **(context or {}),
            "application": application,
            "partnership": partnership,
            "partnership_address": ", ".join(
                line.strip() for line in partnership.postal_address.splitlines() if line.strip()
            ),
            "recipient_name": applicant.name,
            "recipient_address": address,
            "subject": subject,
            "today": timezone.localdate(now),
        },
    )
    letter = Letter.objects.create(
        application=application,
        kind=kind,
        delivery=Letter.Delivery.POST if by_post else Letter.Delivery.EMAIL,
        recipient_name=applicant.name,
        recipient_address=address,
        recipient_email="" if by_post else applicant.email,
        subject=subject,
        body_text=rendered.text,
        pdf=pdf_from_html(rendered.html),
        template=rendered.template,
        created_at=now,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        actor_label="" if actor else "the service",
        action=AuditEntry.Action.CREATE,
        subject=application,
        detail=f"{letter.get_kind_display().lower()} letter",
    )
    if not by_post:
        # Sent by the worker from the outbox, written with the letter: never lost, and never twice.
        message_queue(
            key=f"letter:{letter.pk}",
            to=letter.recipient_email,
            content=LetterEmail(),
            case_id=application.pk,
            letter_id=letter.pk,
        )
    return letter


@transaction.atomic
def letter_mark_posted(*, letter: Letter, actor: Any) -> Letter:
    """Note that a letter for post was printed and put in the post, and by whom."""
    case = case_lock(letter.application)
    step_check(case, Action.MARK_LETTER_POSTED, actor=actor, refused=NotForPost)
    locked = Letter.objects.select_for_update().get(pk=letter.pk)
    if locked.delivery != Letter.Delivery.POST or locked.sent_at is not None:
        raise NotForPost(f"{locked} is not waiting to be posted")
    locked.sent_at = timezone.now()
    locked.posted_by = actor
    locked.save(update_fields=["sent_at", "posted_by"])
    event_record(
        application=locked.application,
        kind=Happened.LETTER_POSTED,
        actor=actor,
        at=locked.sent_at,
        facts={"letter": locked.pk, "letter_kind": locked.kind},
    )
    return locked
