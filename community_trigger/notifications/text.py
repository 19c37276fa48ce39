"""Text messages: one small interface, the backend chosen by settings.TEXT_BACKEND (a dotted path), so
GOV.UK Notify or another provider can stand behind it like an email backend behind django.core.mail."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True, slots=True)
class TextMessage:
    """One text message: the phone number it goes to, its words, and our reference for it (the outbox
    row's key: it names the message, never the person)."""

    to: str
    body: str
    reference: str = ""


class TextBackend(Protocol):
    # A provider that reports delivery answers its id for the message; others answer None.
    def send(self, message: TextMessage) -> str | None: ...


def text_send(message: TextMessage) -> str:
    """Send `message` through the configured backend; answers the provider's id for it ("" if it has
    none). Whatever it raises is the caller's to note."""
    backend: TextBackend = import_string(settings.TEXT_BACKEND)()
    return backend.send(message) or ""


class ConsoleBackend:
    """For development: the text is printed, as the console email backend prints emails."""

    def send(self, message: TextMessage) -> str | None:
        sys.stdout.write(f"Text message to {message.to}:\n{message.body}\n{'-' * 40}\n")
        return None


# What the in-memory backend sent, oldest first; tests read it and empty it, like mail.outbox.
outbox: list[TextMessage] = []


class LocmemBackend:
    """For tests: the text is kept in `outbox`."""

    def send(self, message: TextMessage) -> str | None:
        outbox.append(message)
        return None
