"""Reads for letters: those of a case, for someone who may read the case's correspondence."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from community_trigger.cases.models import Application
from community_trigger.cases.selectors import case_disclosure_for, case_get_for
from community_trigger.letters.models import Letter
from community_trigger.notifications.models import Message


def letters_of(user: AbstractBaseUser | AnonymousUser, case: Application) -> QuerySet[Letter]:
    """The case's letters, oldest first, or none when `user` may not read its correspondence."""
    # How an emailed letter went is its outbox message's to say: `email_status` and `emailed_at`.
    email = Message.objects.filter(letter=OuterRef("pk"))
    letters = case.letters.defer("pdf").select_related("posted_by")
    # A letter posted by a provider (GOV.UK Notify) has an outbox message on the letter channel: its
    # status, when it went, and what the provider said of it (Letter.posted_by_provider_on).
    post = email.filter(channel=Message.Channel.LETTER)
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
