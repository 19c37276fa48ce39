"""Writes for letters: make one, keep it on the case, queue its email or wait for it to be posted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record
from community_trigger.cases.history import event_record
from community_trigger.cases.models import Application, Happened, LetterFormat, PersonRole
from community_trigger.cases.owners import signatory_of
from community_trigger.cases.services import case_lock, step_check
from community_trigger.cases.status_codes import status_code_issue
from community_trigger.domain.actions import Action
from community_trigger.letters.models import Letter, LetterKind
from community_trigger.letters.rendering import letter_render, pdf_from_html
from community_trigger.notifications.links import NoSiteUrl, site_url
from community_trigger.notifications.messages import LetterEmail
from community_trigger.notifications.routing import POST, Purpose, SafeContact, route_for
from community_trigger.notifications.services import message_send_safely

# A subject is seen on an envelope's letter, an inbox list or a lock screen by whoever is near: it names
# the partnership and the reference, never anti-social behaviour or who the letter is about.
SUBJECTS = {
    Letter.Kind.ACKNOWLEDGEMENT: _("Your request to %(partnership)s has arrived: %(reference)s"),
    Letter.Kind.THRESHOLD_DECISION: _("A decision on your request to %(partnership)s: %(reference)s"),
    Letter.Kind.MEETING: _("A meeting about your request to %(partnership)s: %(reference)s"),
    Letter.Kind.ACTION_PLAN: _("A plan about your request to %(partnership)s: %(reference)s"),
    Letter.Kind.OUTCOME: _("The outcome of your request to %(partnership)s: %(reference)s"),
    Letter.Kind.ESCALATION_DECISION: _("A decision on your escalation to %(partnership)s: %(reference)s"),
    Letter.Kind.PLAN_UPDATE: _("News about your request to %(partnership)s: %(reference)s"),
    Letter.Kind.CLOSING: _("Your request to %(partnership)s is closed: %(reference)s"),
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

    It goes the way the applicant said is safe (notifications.routing): emailed with the PDF attached,
    or posted, to their home or to the safe other address they gave: by GOV.UK Notify from the PDF when
    the letter backend is Notify's, else left on the case page for the coordinator to print and post.
    With no safe way, it waits on the case page with no address, and the case page says so.
    """
    now = now or timezone.now()
    applicant = application.people.get(role=PersonRole.APPLICANT)
    contact = SafeContact.of_person(applicant)
    route = route_for(contact, Purpose.LETTER)
    by_post = route is None or route.channel == POST
    # An emailed letter's PDF carries the home address as a printed one would, unless the home is not safe.
    home = contact.home_address if contact.letters_home_safe is not False else ""
    # A held letter carries no address at all: staff find a safe one with the person first.
    address = "" if route is None else route.to if by_post else home
    partnership = application.partnership
    with translation.override(application.language):  # the applicant's, whoever sends it
        subject = SUBJECTS[kind] % {"reference": application.reference, "partnership": partnership.name}
    # The acknowledgement carries a status code of its own, for someone with no email to bring the link.
    code = status_code_issue(application) if kind == Letter.Kind.ACKNOWLEDGEMENT else ""
    rendered = letter_render(
        kind=kind,
        language=application.language,
        letter_format=application.letter_format,
        partnership_slug=partnership.slug,
        context={
            **(context or {}),
            "status_code": code,
            "status_lookup_url": _status_lookup_url(partnership.slug) if code else "",
            "application": application,
            "partnership": partnership,
            "partnership_address": ", ".join(
                line.strip() for line in partnership.postal_address.splitlines() if line.strip()
            ),
            # Signed by the case's owner, with their direct line: the applicant's single point of contact.
            "signatory": signatory_of(application),
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
        recipient_email="" if route is None or by_post else route.to,
        subject=subject,
        body_text=rendered.text,
        pdf=pdf_from_html(rendered.html),
        template=rendered.template,
        letter_format=application.letter_format,
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
    # Sent by the worker from the outbox, written with the letter: never lost, and never twice. With no
    # safe way it is written held, for the case page to show. A letter for post goes into the outbox only
    # when a provider posts letters (GOV.UK Notify); otherwise it waits for the coordinator to post it.
    message_send_safely(
        key=f"letter:{letter.pk}",
        contact=contact,
        content=LetterEmail(),
        purpose=Purpose.LETTER,
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


class FormatRefused(Exception):
    """The format cannot be changed as asked: the message says why."""


@transaction.atomic
def letter_format_change(
    *, application: Application, letter_format: LetterFormat, language: str = "", reason: str, actor: Any
) -> Application:
    """Change the format the applicant needs letters in (they told us, or someone for them), with
    `reason` kept beside the event in the history; every letter from now on follows it. `language` names
    the language when it is another one. Refused (FormatRefused) to someone who may not manage the case,
    and when nothing would change."""
    case = case_lock(application)
    step_check(case, Action.RECORD_DETAILS, actor=actor, refused=FormatRefused)
    language = " ".join(language.split()) if letter_format == LetterFormat.OTHER_LANGUAGE else ""
    if letter_format == LetterFormat.OTHER_LANGUAGE and not language:
        raise FormatRefused(gettext("Enter the language the applicant needs letters in"))
    if (case.letter_format, case.letter_format_detail) == (letter_format, language):
        raise FormatRefused(gettext("The applicant's letters are already in this format"))
    was = case.letter_format
    case.letter_format, case.letter_format_detail = letter_format, language
    case.save(update_fields=["letter_format", "letter_format_detail", "updated_at"])
    # The language is words a person typed: it stays on the case, not in the history's facts.
    event_record(
        application=case,
        kind=Happened.LETTER_FORMAT_CHANGED,
        actor=actor,
        facts={"letter_format": str(letter_format), "was": was},
        words=reason,
    )
    return case


def _status_lookup_url(slug: str) -> str:
    try:
        return site_url(reverse("applications:status_lookup", args=[slug]))
    except NoSiteUrl:
        return ""
