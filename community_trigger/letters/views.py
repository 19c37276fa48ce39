"""A case's letters in the back office: open one as a PDF, and note that a letter for post was posted."""

from __future__ import annotations

from contextlib import suppress

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from community_trigger.accounts.decorators import staff_required
from community_trigger.casefile.selectors import case_letter_for
from community_trigger.cases.selectors import case_for_step
from community_trigger.domain.actions import Action
from community_trigger.letters.models import Letter
from community_trigger.letters.selectors import letter_get_for
from community_trigger.letters.services import NotForPost, letter_mark_posted
from community_trigger.notifications.models import Message
from community_trigger.notifications.services import message_send_again


@staff_required
@require_GET
def letter_pdf(request: HttpRequest, reference: str, letter_id: int) -> HttpResponse:
    """The letter as it was sent, as a PDF. Every opening is recorded."""
    letter = case_letter_for(request.user, reference, letter_id)
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{letter.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
@require_POST
def letter_resend(request: HttpRequest, reference: str, letter_id: int) -> HttpResponse:
    """Try again to email a letter whose email has not gone (the mail server refused it, say)."""
    case_for_step(request.user, reference, Action.SEND_LETTER_AGAIN)
    letter = letter_get_for(request.user, reference, letter_id)
    email = Message.objects.filter(letter=letter).first()
    if letter.delivery == Letter.Delivery.EMAIL and email is not None:
        message_send_again(message=email, actor=request.user)  # nothing if it has gone meanwhile
    return redirect("cases:detail", reference=reference)


@staff_required
@require_POST
def letter_posted(request: HttpRequest, reference: str, letter_id: int) -> HttpResponse:
    """The coordinator printed the letter and put it in the post."""
    case_for_step(request.user, reference, Action.MARK_LETTER_POSTED)
    letter = letter_get_for(request.user, reference, letter_id)
    with suppress(NotForPost):  # marked already, perhaps by a colleague: the case page shows it
        letter_mark_posted(letter=letter, actor=request.user)
    return redirect("cases:detail", reference=reference)
