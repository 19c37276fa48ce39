"""Writes for the public journey and staff entry: drafts, the one browser each belongs to, submission,
and the links that reach them."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community_trigger.agencies.models import Partnership
from community_trigger.applications.consent import CONSENT_WORDING_VERSION
from community_trigger.applications.models import Draft, ResumeLink, hashed_code, hashed_secret
from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record
from community_trigger.cases import status_codes
from community_trigger.cases.answers import AnswersInvalid, application_answers
from community_trigger.cases.models import Application, PersonRole
from community_trigger.cases.services.intake import application_submit
from community_trigger.common.language import current_language
from community_trigger.notifications.links import site_url
from community_trigger.notifications.messages import (
    ApplicationReceived,
    ResumeLinkEmail,
    SaveCodeText,
)
from community_trigger.notifications.routing import SafeContact
from community_trigger.notifications.senders import sender_of
from community_trigger.notifications.services import message_queue, message_send_safely
from community_trigger.retention.models import DEFAULT_DRAFT_DAYS
from community_trigger.retention.selectors import schedule_for

# Unsubmitted answers are deleted after this long untouched: the retention schedule's default; each
# partnership's own schedule may say otherwise (drafts_delete_stale reads it).
DRAFT_LIFETIME = timedelta(days=DEFAULT_DRAFT_DAYS)
# One expiry for every way back (link or code), and the same as the answers' own: a saved request
# works until the day it would be deleted.
RESUME_LINK_LIFETIME = DRAFT_LIFETIME
# Save codes: 8 characters a person can read out and type without confusing 0 and O, 1, I and L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
STATUS_LINK_LIFETIME = timedelta(days=730)
_STATUS_SALT = "community_trigger.applications.status"


class ResumeRefused(Exception):
    """A "carry on later" link that opens nothing: unknown, expired, ended by another link being
    opened, for another partnership, or to a draft already sent or deleted."""


class ResumeLinkUsed(ResumeRefused):
    """A "carry on later" link or code that was used already: each works once."""


class ResumeLinkUnknown(ResumeRefused):
    """A link or code that was never given: mistyped, or cut short when copied."""


def resume_expires() -> date:
    """The last day a way back given now works, as the pages and messages say it."""
    return timezone.localdate(timezone.now() + RESUME_LINK_LIFETIME)


def draft_start(*, partnership: Partnership) -> tuple[Draft, str]:
    """A new draft for one browser: the draft, and the secret that browser keeps to find it again."""
    browser_key = _new_secret()
    return Draft.objects.create(
        partnership=partnership, browser_key_hash=hashed_secret(browser_key)
    ), browser_key


def draft_claim(*, draft: Draft) -> str:
    """Give `draft` to one browser: a new secret for it to keep, so that no browser that had the draft
    before finds it any more."""
    browser_key = _new_secret()
    draft.browser_key_hash = hashed_secret(browser_key)
    draft.save(update_fields=["browser_key_hash", "updated_at"])
    return browser_key


def draft_update(*, draft: Draft, changes: Mapping[str, Any]) -> Draft:
    """Keep the answers of one page; an answer set to None is removed (it no longer applies)."""
    merged = {**draft.answers, **changes}
    draft.answers = {name: value for name, value in merged.items() if value is not None}
    draft.save(update_fields=["answers", "updated_at"])
    return draft


def draft_discard(*, draft: Draft) -> None:
    """Forget everything entered, when the person confirms they want their answers deleted."""
    draft.delete()


@transaction.atomic
def draft_submit(*, draft: Draft, status_url_for: Callable[[Application], str]) -> Application:
    """Turn a complete draft into an application, once: a second click or a refresh finds the same one.

    `status_url_for(application)` builds the absolute status link for the confirmation email, which is
    sent after the transaction commits. Raises AnswersInvalid, recording nothing, when the draft's
    answers cannot make an application.
    """

    def record(locked: Draft) -> Application:
        answers = application_answers(locked.answers)
        if answers.received is not None:
            raise AnswersInvalid(_("a request made online is received when it is sent"))
        return application_submit(
            partnership=locked.partnership,
            answers=answers,
            consent_wording_version=CONSENT_WORDING_VERSION,
        )

    return _submitted_once(draft, record, status_url_for)


def entry_start(*, partnership: Partnership, actor: Any, received: Mapping[str, str]) -> Draft:
    """Start entering a request that came by phone, post, email or in person: how and when it came
    (`received`: channel, date) first, as the rest is counted from that day."""
    return Draft.objects.create(
        partnership=partnership, entered_by=actor, answers={"received": dict(received)}
    )


@transaction.atomic
def entry_submit(*, draft: Draft, actor: Any, status_url_for: Callable[[Application], str]) -> Application:
    """Record a request `actor` entered, once, received how and when its answers say, with the way the
    applicant agreed to sharing; they get the confirmation email as if they had asked online. Raises
    AnswersInvalid, recording nothing, when the entry's answers cannot make an application."""

    def record(locked: Draft) -> Application:
        answers = application_answers(locked.answers)
        if answers.received is None:
            raise AnswersInvalid(_("an entry by staff says how and when the request came in"))
        return application_submit(
            partnership=locked.partnership,
            answers=answers,
            consent_wording_version=CONSENT_WORDING_VERSION,
            actor=actor,
        )

    return _submitted_once(draft, record, status_url_for)


def entry_delete(*, draft: Draft, actor: Any) -> None:
    """A member of staff deletes an entry they will not finish; the log keeps that they did."""
    audit_record(actor=actor, action=AuditEntry.Action.DELETE, subject=draft, detail="unfinished entry")
    draft.delete()


def _submitted_once(
    draft: Draft, record: Callable[[Draft], Application], status_url_for: Callable[[Application], str]
) -> Application:
    """`record(draft)` once, under a lock: a draft already sent gives back its application. The answers
    then go (the application keeps them), and the applicant is told by email or text, if either is safe."""
    locked = Draft.objects.select_for_update().get(pk=draft.pk)
    if locked.submitted_application_id is not None:
        return locked.submitted_application  # type: ignore[return-value]
    application = record(locked)
    locked.answers = {}
    locked.submitted_application = application
    locked.save(update_fields=["answers", "submitted_application", "updated_at"])
    applicant = application.people.get(role=PersonRole.APPLICANT)
    # Only by a way they said is safe; with none, staff are told on the case page to find another.
    if applicant.email or "text" in (applicant.safe_channels or ()):
        message_send_safely(
            key=f"application_received:{application.pk}",
            contact=SafeContact.of_person(applicant),
            content=ApplicationReceived(
                reference=application.reference,
                partnership=sender_of(application),
                acknowledge_by=application.acknowledge_by,
                status_url=status_url_for(application),
                language=application.language,
            ),
            case_id=application.pk,
        )
    return application


def drafts_delete_stale(*, now: datetime | None = None) -> int:
    """Delete drafts untouched for as many days as their partnership's retention schedule keeps them
    (DRAFT_LIFETIME by default); returns how many went."""
    now = now or timezone.now()
    deleted = 0
    for partnership in Partnership.objects.filter(drafts__isnull=False).distinct().order_by("pk"):
        kept_for = timedelta(days=schedule_for(partnership).draft_days)
        gone, _ = Draft.objects.filter(partnership=partnership, updated_at__lt=now - kept_for).delete()
        deleted += gone
    return deleted


@transaction.atomic
def resume_link_send(*, draft: Draft, to: str, path_for: Callable[[str], str]) -> None:
    """Email a link to carry on with `draft` in whichever browser opens it; `path_for(token)` is the
    link's path. Only the hash of its secret is kept (the outbox holds the link until the email has
    gone). Raises NoSiteUrl, sending nothing, when the site does not know its own address."""
    token = _new_secret()
    link = site_url(path_for(token))
    resume = ResumeLink.objects.create(draft=draft, token_hash=hashed_secret(token))
    # The address was typed just now, but an earlier answer may say email is not safe: then nothing goes.
    message_send_safely(
        key=f"resume_link:{resume.pk}",
        contact=SafeContact.of_answers(draft.answers, email=to),
        content=ResumeLinkEmail(
            partnership_name=draft.partnership.name,
            link=link,
            expires=resume_expires(),
            language=current_language(),
        ),
    )


def resume_code_issue(*, draft: Draft) -> str:
    """A new short code that reopens `draft` once, within RESUME_LINK_LIFETIME, formatted XXXX-XXXX.
    Only its keyed hash is kept; the caller shows it (and may text it) and then forgets it."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        hashed = hashed_code(code)
        # Two drafts sharing a code would open each other: a clash, however unlikely, draws again.
        if not ResumeLink.objects.filter(token_hash=hashed).exists():
            break
    ResumeLink.objects.create(draft=draft, kind=ResumeLink.Kind.CODE, token_hash=hashed)
    return f"{code[:4]}-{code[4:]}"


def resume_code_text(*, draft: Draft, code: str, to: str) -> None:
    """Text `code` to the mobile number `to`: the words name neither the request nor its subject."""
    message_queue(
        key=f"save_code:{draft.pk}:{hashed_code(normalised_code(code))[:16]}",
        to=to,
        content=SaveCodeText(partnership_name=draft.partnership.name, code=code, expires=resume_expires()),
        channel="text",
    )


def normalised_code(typed: str) -> str:
    """A code as typed (any case, with or without the dash or spaces) in the form its hash is made of."""
    return "".join(character for character in typed.upper() if character.isalnum())


@transaction.atomic
def draft_resume_by_code(*, code: str, partnership: Partnership) -> tuple[Draft, str]:
    """Open the draft a save code belongs to in this browser, once, as draft_resume does for a link.
    Raises ResumeLinkUsed, ResumeLinkUnknown (never given, or mistyped) or ResumeRefused (expired)."""
    typed = normalised_code(code)
    if len(typed) != CODE_LENGTH:
        raise ResumeLinkUnknown
    link = _open(hashed_code(typed), partnership, ResumeLink.Kind.CODE)
    return _resumed(link)


def resume_link_check(*, token: str, partnership: Partnership) -> Draft:
    """The draft `token` would open, without using the link up (a mail scanner fetching the link must
    not spend it). Raises ResumeLinkUsed or ResumeRefused as draft_resume does."""
    link = _open_link(token, partnership)
    return link.draft


@transaction.atomic
def draft_resume(*, token: str, partnership: Partnership) -> tuple[Draft, str]:
    """Open the draft a "carry on later" link points at in a new browser, once: returns the draft and
    the secret the browser keeps. Every other browser that had the draft loses it, and the draft's other
    links end, so whoever asked for the link cannot read what the person who opened it types.

    Raises ResumeLinkUsed for a link opened before, ResumeRefused when it opens nothing.
    """
    return _resumed(_open_link(token, partnership))


def _resumed(link: ResumeLink) -> tuple[Draft, str]:
    # Conditional, so that of two openings at the same moment only one gets the draft.
    if not ResumeLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=timezone.now()):
        raise ResumeLinkUsed
    # The draft's other ways back end, and say so ("already used") rather than "not right".
    ResumeLink.objects.filter(draft=link.draft, used_at__isnull=True).update(used_at=timezone.now())
    return link.draft, draft_claim(draft=link.draft)


def _open_link(token: str, partnership: Partnership) -> ResumeLink:
    return _open(hashed_secret(token), partnership, ResumeLink.Kind.LINK)


def _open(token_hash: str, partnership: Partnership, kind: str) -> ResumeLink:
    link = (
        ResumeLink.objects.select_related("draft")
        .filter(token_hash=token_hash, kind=kind, draft__partnership=partnership)
        .first()
    )
    if link is None:
        raise ResumeLinkUnknown
    if link.used_at is not None:
        raise ResumeLinkUsed
    draft = link.draft
    expired = timezone.now() - link.created_at > RESUME_LINK_LIFETIME
    if expired or draft.submitted_application_id is not None or draft.entered_by_id is not None:
        raise ResumeRefused
    return link


def _new_secret() -> str:
    return secrets.token_urlsafe(32)


def status_code_issue(application: Application) -> str:
    """A new status code for a request just sent, for its confirmation page: with the reference, it
    opens the status page for someone who has no email to bring the link (cases.status_codes)."""
    return status_codes.status_code_issue(application)


def status_token(application: Application) -> str:
    return signing.dumps(application.pk, salt=_STATUS_SALT)


def application_from_status_token(token: str) -> Application | None:
    try:
        application_id = signing.loads(token, salt=_STATUS_SALT, max_age=STATUS_LINK_LIFETIME)
    except signing.BadSignature:
        return None
    if not isinstance(application_id, int):
        return None
    return Application.objects.select_related("partnership").filter(pk=application_id).first()
