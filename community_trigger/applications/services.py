"""Writes for the public journey and staff entry: drafts, submission, withdrawal, and the signed links
that reach them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from django.core import signing
from django.db import transaction
from django.utils import timezone

from community_trigger.agencies.models import Partnership
from community_trigger.applications.consent import CONSENT_WORDING_VERSION
from community_trigger.applications.models import Draft
from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record
from community_trigger.cases.models import Application, Channel
from community_trigger.cases.services import APPLICANT_LABEL, application_submit
from community_trigger.notifications import messages

DRAFT_LIFETIME = timedelta(days=30)  # unsubmitted answers are deleted after this long untouched
RESUME_LINK_LIFETIME = timedelta(days=7)
STATUS_LINK_LIFETIME = timedelta(days=730)
_RESUME_SALT = "community_trigger.applications.resume"
_STATUS_SALT = "community_trigger.applications.status"


def draft_start(*, partnership: Partnership) -> Draft:
    return Draft.objects.create(partnership=partnership)


def draft_update(*, draft: Draft, changes: Mapping[str, Any]) -> Draft:
    """Keep the answers of one page; an answer set to None is removed (it no longer applies)."""
    merged = {**draft.answers, **changes}
    draft.answers = {name: value for name, value in merged.items() if value is not None}
    draft.save(update_fields=["answers", "updated_at"])
    return draft


def draft_discard(*, draft: Draft) -> None:
    """Forget everything entered: used when the request is not for this procedure or consent is refused."""
    draft.delete()


@transaction.atomic
def draft_submit(*, draft: Draft, status_url_for: Callable[[Application], str]) -> Application:
    """Turn a complete draft into an application, once: a second click or a refresh finds the same one.

    `status_url_for(application)` builds the absolute status link for the confirmation email, which is
    sent after the transaction commits.
    """

    def record(locked: Draft) -> Application:
        application = application_submit(
            partnership=locked.partnership,
            answers=locked.answers,
            channel=Channel.ONLINE,
            consent_wording_version=CONSENT_WORDING_VERSION,
        )
        audit_record(
            actor_label=APPLICANT_LABEL, action=AuditEntry.Action.CREATE, subject=application, detail="online"
        )
        return application

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
    applicant agreed to sharing; they get the confirmation email as if they had asked online."""

    def record(locked: Draft) -> Application:
        answers = locked.answers
        channel = Channel(answers["received"]["channel"])
        application = application_submit(
            partnership=locked.partnership,
            answers=answers,
            channel=channel,
            received_on=date.fromisoformat(answers["received"]["date"]),
            consent_method=answers["consent_method"],
            consent_wording_version=CONSENT_WORDING_VERSION,
            actor=actor,
        )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            subject=application,
            detail=f"entered by staff: received {channel.how}",
        )
        return application

    return _submitted_once(draft, record, status_url_for)


def entry_delete(*, draft: Draft, actor: Any) -> None:
    """A member of staff deletes an entry they will not finish; the log keeps that they did."""
    audit_record(actor=actor, action=AuditEntry.Action.DELETE, subject=draft, detail="unfinished entry")
    draft.delete()


def _submitted_once(
    draft: Draft, record: Callable[[Draft], Application], status_url_for: Callable[[Application], str]
) -> Application:
    """`record(draft)` once, under a lock: a draft already sent gives back its application. The answers
    then go (the application keeps them), and the applicant is emailed if they gave an address."""
    locked = Draft.objects.select_for_update().get(pk=draft.pk)
    if locked.submitted_application_id is not None:
        return locked.submitted_application  # type: ignore[return-value]
    answers = locked.answers
    application = record(locked)
    locked.answers = {}
    locked.submitted_application = application
    locked.save(update_fields=["answers", "submitted_application", "updated_at"])
    email = answers.get("you", {}).get("email")
    if email:
        status_url = status_url_for(application)
        transaction.on_commit(
            lambda: messages.application_received(application=application, to=email, status_url=status_url)
        )
    return application


def drafts_delete_stale(*, now: datetime | None = None) -> int:
    """Delete drafts untouched for DRAFT_LIFETIME; returns how many went."""
    cutoff = (now or timezone.now()) - DRAFT_LIFETIME
    deleted, _ = Draft.objects.filter(updated_at__lt=cutoff).delete()
    return deleted


def resume_token(draft: Draft) -> str:
    return signing.dumps(str(draft.pk), salt=_RESUME_SALT, compress=True)


def draft_from_resume_token(token: str) -> Draft | None:
    """The draft a resume link points at, or None when the link is forged, expired or the draft gone."""
    try:
        draft_id = signing.loads(token, salt=_RESUME_SALT, max_age=RESUME_LINK_LIFETIME)
        return Draft.objects.filter(
            pk=UUID(draft_id), submitted_application__isnull=True, entered_by__isnull=True
        ).first()
    except (signing.BadSignature, ValueError, TypeError):
        return None


def resume_link_send(*, draft: Draft, to: str, link: str) -> None:
    messages.resume_link(
        partnership=draft.partnership, to=to, link=link, expires=timezone.now() + RESUME_LINK_LIFETIME
    )


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
