"""The back office's one action on the outbox: send again a case's message that could not be sent."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from community_trigger.accounts.decorators import staff_required
from community_trigger.cases.selectors import case_to_act_on
from community_trigger.domain.access import Capability
from community_trigger.notifications.models import Message
from community_trigger.notifications.services import message_send_again


@staff_required
@require_POST
def send_again(request: HttpRequest, reference: str, message_id: int) -> HttpResponse:
    """The coordinator asks for a message of the case to be tried again, once the mail server is back."""
    case = case_to_act_on(request.user, reference, Capability.MANAGE_CASES)
    message_send_again(message=get_object_or_404(Message, pk=message_id, case=case), actor=request.user)
    return redirect("cases:detail", reference=reference)
