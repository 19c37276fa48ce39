"""A case's letters in the back office: open one as a PDF, note that a letter for post was posted, and
change the format the applicant needs letters in."""

from __future__ import annotations

from contextlib import suppress

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community_trigger.accounts.decorators import staff_required
from community_trigger.casefile.selectors import case_form_for, case_letter_for
from community_trigger.cases.models import LetterFormat
from community_trigger.cases.sections import Section, case_section_url
from community_trigger.cases.selectors import case_for_step
from community_trigger.domain.actions import Action
from community_trigger.letters.forms import LetterFormatChangeForm
from community_trigger.letters.models import Letter
from community_trigger.letters.selectors import letter_get_for
from community_trigger.letters.services import (
    FormatRefused,
    NotForPost,
    letter_format_change,
    letter_mark_posted,
)
from community_trigger.notifications.models import Message
from community_trigger.notifications.services import message_send_again


@staff_required
@require_GET
def letter_pdf(request: HttpRequest, reference: str, letter_id: int) -> HttpResponse:
    """The letter as it was sent, as a PDF. Every opening is recorded."""
    letter = case_letter_for(request.user, reference, letter_id)
    if not letter.pdf:
        # Removed with the case's personal data (retention): the case page says so.
        raise Http404
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
    return redirect(case_section_url(reference, Section.LETTERS))


@staff_required
@require_POST
def letter_posted(request: HttpRequest, reference: str, letter_id: int) -> HttpResponse:
    """The coordinator printed the letter and put it in the post."""
    case_for_step(request.user, reference, Action.MARK_LETTER_POSTED)
    letter = letter_get_for(request.user, reference, letter_id)
    with suppress(NotForPost):  # marked already, perhaps by a colleague: the case page shows it
        letter_mark_posted(letter=letter, actor=request.user)
    return redirect(case_section_url(reference, Section.LETTERS))


@staff_required
@require_http_methods(["GET", "POST"])
def format_change(request: HttpRequest, reference: str) -> HttpResponse:
    """Change the format the applicant needs letters in, saying why: the letters from now on follow it."""
    case = case_form_for(request.user, reference, Action.RECORD_DETAILS, detail="letter format").case
    initial = {"letter_format": case.letter_format, "language": case.letter_format_detail}
    form = LetterFormatChangeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            letter_format_change(
                application=case,
                letter_format=LetterFormat(form.cleaned_data["letter_format"]),
                language=form.cleaned_data["language"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except FormatRefused as refused:
            form.add_error(None, str(refused))
        else:
            return redirect(case_section_url(reference, Section.LETTERS))
    return render(request, "letters/format_change.html", {"case": case, "form": form})
