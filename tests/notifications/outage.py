"""A mail server that is down, as an email backend: every send fails the way smtplib fails."""

from __future__ import annotations

from collections.abc import Sequence
from smtplib import SMTPServerDisconnected

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

DOWN = "notifications.outage.MailServerDown"
UP = "django.core.mail.backends.locmem.EmailBackend"


class MailServerDown(BaseEmailBackend):
    """Refuses every message, as a mail server that dropped the connection."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise SMTPServerDisconnected("Connection unexpectedly closed")
