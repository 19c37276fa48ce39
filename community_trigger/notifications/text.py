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
    """One text message: the phone number it goes to and its words."""

    to: str
    body: str


class TextBackend(Protocol):
    def send(self, message: TextMessage) -> None: ...


def text_send(message: TextMessage) -> None:
    """Send `message` through the configured backend; whatever it raises is the caller's to note."""
    backend: TextBackend = import_string(settings.TEXT_BACKEND)()
    backend.send(message)


class ConsoleBackend:
    """For development: the text is printed, as the console email backend prints emails."""

    def send(self, message: TextMessage) -> None:
        sys.stdout.write(f"Text message to {message.to}:\n{message.body}\n{'-' * 40}\n")


# What the in-memory backend sent, oldest first; tests read it and empty it, like mail.outbox.
outbox: list[TextMessage] = []


class LocmemBackend:
    """For tests: the text is kept in `outbox`."""

    def send(self, message: TextMessage) -> None:
        outbox.append(message)
