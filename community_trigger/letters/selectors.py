"""Reads for letters: those of a case, for someone who may read the case's correspondence, and the
format the applicant needs them in."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django_stubs_ext import StrOrPromise

from community_trigger.cases.models import Application, LetterFormat
from community_trigger.cases.selectors import case_disclosure_for, case_get_for
from community_trigger.letters.models import ARRANGE, Letter
from community_trigger.notifications.models import Message


def letters_of(user: AbstractBaseUser | AnonymousUser, case: Application) -> QuerySet[Letter]:
    """The case's letters, oldest first, or none when `user` may not read its correspondence."""
    # How an emailed letter went is its outbox message's to say: `email_status` and `emailed_at`.
    outbox = Message.objects.filter(letter=OuterRef("pk"))
    email = outbox.exclude(channel=Message.Channel.LETTER)
    letters = case.letters.defer("pdf").select_related("posted_by")
    # A letter posted by a provider (GOV.UK Notify) has an outbox message on the letter channel: its
    # status, when it went, and what the provider said of it (Letter.posted_by_provider_on).
    post = outbox.filter(channel=Message.Channel.LETTER)
    return case_disclosure_for(user, case).letters(
        letters.annotate(
            email_status=Subquery(email.values("status")[:1]),
            emailed_at=Subquery(email.values("sent_at")[:1]),
            post_status=Subquery(post.values("status")[:1]),
            post_sent_at=Subquery(post.values("sent_at")[:1]),
            post_receipt=Subquery(post.values("delivery_status")[:1]),
        )
    )


def letter_get_for(user: AbstractBaseUser | AnonymousUser, reference: str, letter_id: int) -> Letter:
    """One letter of a case `user` may see and whose correspondence they may read; 404 otherwise."""
    case = case_get_for(user, reference)
    letter = letters_of(user, case).filter(pk=letter_id).first()
    if letter is None:
        raise Http404
    return letter


@dataclass(frozen=True)
class FormatNeed:
    """The format the applicant needs letters in, as the case page shows it: in words, what the
    partnership must arrange for each letter ("" when the service makes it), and where a coordinator
    changes it ("" for someone who may not)."""

    words: str
    arrange: StrOrPromise
    change_url: str


def format_need_of(case: Application, *, may_change: bool) -> FormatNeed:
    """`case`'s format need for the case page; `may_change` is the rulebook's answer for the viewer."""
    need = LetterFormat(case.letter_format)
    words = need.label
    if case.letter_format_detail:
        words = f"{words}: {case.letter_format_detail}"
    return FormatNeed(
        words=words,
        arrange=ARRANGE.get(need, ""),
        change_url=reverse("letters:format", args=[case.reference]) if may_change else "",
    )
