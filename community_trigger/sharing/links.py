"""The secure link an agency with nobody who may answer in the service is sent its request with: made
as the request is emailed, opened with a code sent to the same address, used once, until it expires.

These are the link's own writes, not changes to a case: a code sent or a wrong code typed is no step
of the procedure, so the link sends its code itself. The answer given through it is a change to the
case, made by `sharing.services.information_answer_by_link` with its event.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from community_trigger.common.calendar import working_days_after
from community_trigger.common.keyed import keyed_hash
from community_trigger.domain.workflow import State, agency_can_answer
from community_trigger.notifications.messages import AnswerLinkCode
from community_trigger.notifications.services import message_queue
from community_trigger.sharing.models import AnswerLink, InformationRequest

# How long a secure link stays open after the answer is due: time to answer late, not for ever.
LINK_DAYS_AFTER_DUE = 10
CODE_LIFETIME = timedelta(minutes=30)
CODE_ATTEMPTS = 5  # wrong codes before the link closes
CODES_PER_LINK = 5  # codes sent before the link closes: each is an email to the agency


class LinkNotUsable(Exception):
    """The secure link cannot be used: `why` says which of UNKNOWN, EXPIRED, USED, CLOSED, NOT_WANTED."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    CLOSED = "closed"  # too many wrong codes, or codes asked for
    NOT_WANTED = "not_wanted"  # answered another way, or the applicant withdrew

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def _link_token_hash(token: str) -> str:
    return keyed_hash(token, purpose="answer_link")


def _link_code_hash(link: AnswerLink, code: str) -> str:
    # Tied to its link: a code sent for one request never opens another.
    return keyed_hash(f"{link.pk}:{code}", purpose="answer_link_code")


def link_expires_at(due_by: date) -> datetime:
    """The end of the tenth working day after the answer is due, in the partnership's time."""
    last = working_days_after(due_by, LINK_DAYS_AFTER_DUE)
    return timezone.make_aware(datetime.combine(last, time.max))


def answer_link_issue(*, request: InformationRequest, to: str, now: datetime) -> str:
    """A new secure link for `request`, for the agency's contact address `to`; answers its token, which
    only the email it is put in keeps. Called by the dispatcher as it tells the agency it was asked."""
    token = secrets.token_urlsafe(32)
    AnswerLink.objects.create(
        request=request,
        sent_to=to,
        token_hash=_link_token_hash(token),
        created_at=now,
        expires_at=max(link_expires_at(request.due_by), now),
    )
    return token


def answer_links_extend(*, request: InformationRequest) -> None:
    """Keep the request's open links open until its (new) due date has passed by the same margin."""
    AnswerLink.objects.filter(request=request, used_at__isnull=True).update(
        expires_at=link_expires_at(request.due_by)
    )


def link_usable(link: AnswerLink, now: datetime) -> AnswerLink:
    if link.used_at is not None:
        raise LinkNotUsable(LinkNotUsable.USED)
    if link.expires_at < now:
        raise LinkNotUsable(LinkNotUsable.EXPIRED)
    if link.failed_attempts >= CODE_ATTEMPTS or link.codes_sent > CODES_PER_LINK:
        raise LinkNotUsable(LinkNotUsable.CLOSED)
    request = link.request
    if request.answered_at is not None or not agency_can_answer(State(request.application.state)):
        raise LinkNotUsable(LinkNotUsable.NOT_WANTED)
    return link


def answer_link_find(token: str, *, now: datetime | None = None) -> AnswerLink:
    """The secure link whose token is `token`, if it may still be used; LinkNotUsable says why not."""
    link = (
        AnswerLink.objects.select_related("request__agency", "request__application__partnership")
        .filter(token_hash=_link_token_hash(token))
        .first()
    )
    if link is None:
        raise LinkNotUsable(LinkNotUsable.UNKNOWN)
    return link_usable(link, now or timezone.now())


@transaction.atomic
def answer_link_code_send(*, link: AnswerLink, now: datetime | None = None) -> None:
    """Send a new 6-digit code to the address the link was sent to (the one before stops working)."""
    now = now or timezone.now()
    link = link_usable(link_lock(link), now)
    link.codes_sent += 1
    if link.codes_sent > CODES_PER_LINK:
        link.save(update_fields=["codes_sent"])
        return
    code = f"{secrets.randbelow(10**6):06d}"
    link.code_hash = _link_code_hash(link, code)
    link.code_sent_at = now
    link.save(update_fields=["code_hash", "code_sent_at", "codes_sent"])
    request = link.request
    message_queue(
        key=f"answer_link_code:{link.pk}:{link.codes_sent}",
        to=link.sent_to,
        content=AnswerLinkCode(
            reference=request.application.reference,
            partnership_name=request.application.partnership.name,
            agency_name=request.agency.name,
            code=code,
        ),
        case_id=request.application_id,
    )


def link_lock(link: AnswerLink) -> AnswerLink:
    return (
        AnswerLink.objects.select_for_update(of=("self",))
        .select_related("request__agency", "request__application__partnership")
        .get(pk=link.pk)
    )


@transaction.atomic
def answer_link_code_check(*, link: AnswerLink, code: str, now: datetime | None = None) -> bool:
    """Whether `code` is the latest code sent for the link, and still fresh. A wrong one counts
    against the link, which closes after CODE_ATTEMPTS of them; a right one can be used once."""
    now = now or timezone.now()
    link = link_usable(link_lock(link), now)
    typed = "".join(character for character in code if character.isdigit())
    fresh = link.code_sent_at is not None and now - link.code_sent_at <= CODE_LIFETIME
    if fresh and link.code_hash and constant_time_compare(link.code_hash, _link_code_hash(link, typed)):
        link.code_hash = ""
        link.save(update_fields=["code_hash"])
        return True
    link.failed_attempts += 1
    link.save(update_fields=["failed_attempts"])
    return False


def link_code_entered(link: AnswerLink) -> bool:
    """Whether the latest code sent for the link was entered: the second factor an answer needs."""
    return link.code_sent_at is not None and not link.code_hash


def link_label(name: str, agency: str) -> str:
    """Who acted through a secure link, as the history and the audit log name them."""
    return f"{name}, {agency} (secure link)"[:100]
