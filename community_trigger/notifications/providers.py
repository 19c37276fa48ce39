"""What the worker asks of a sending backend beyond Django's email backends: who posts letters, and how a
backend says a message will never go (so it fails at once instead of being tried for two hours)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class Refused(Exception):
    """The provider refused the message for a reason no retry will change (a bad address, a PDF it cannot
    print, a wrong key): the worker marks it failed at once, with these words for the coordinator."""


@dataclass(frozen=True, slots=True)
class PostedLetter:
    """A letter to print and post: its PDF (which carries the address) and our reference for it, which
    names the message and never the person."""

    reference: str
    pdf: bytes


class LetterBackend(Protocol):
    # Whether the backend posts letters itself; if not, the coordinator prints and posts them.
    posts: bool

    def send(self, letter: PostedLetter) -> str: ...


class CoordinatorPosts:
    """The default: a letter for post waits on the case page until the coordinator prints and posts it
    and says so ("Mark as posted"). Nothing goes into the outbox for it."""

    posts = False

    def send(self, letter: PostedLetter) -> str:
        raise Refused("Letters are printed and posted by the coordinator, not sent by the service")


def letter_backend() -> LetterBackend:
    backend: LetterBackend = import_string(settings.LETTER_BACKEND)()
    return backend


def letters_posted_for_us() -> bool:
    """Whether a letter for post goes to a provider that posts it (through the outbox)."""
    return letter_backend().posts


def letter_post(letter: PostedLetter) -> str:
    """Hand `letter` to the letter backend; answers the provider's id for it."""
    return letter_backend().send(letter)
