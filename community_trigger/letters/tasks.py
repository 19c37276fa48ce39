"""The background task that emails a letter: the request that made the letter does not wait for the
mail server, and a letter whose email failed stays "Not sent yet" on the case until it is retried."""

from __future__ import annotations

from django_tasks import task

from community_trigger.letters.services import letter_email


@task()
def send_letter(letter_id: int) -> bool:
    """Email one letter unless it has gone already; answers whether it sent it now."""
    return letter_email(letter_id=letter_id)
