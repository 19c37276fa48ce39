"""The back office's one action on the outbox (send again a case's message that could not be sent), and
the address GOV.UK Notify posts its delivery receipts and returned letters to."""

from __future__ import annotations

import hmac
import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from community_trigger.accounts.decorators import staff_required
from community_trigger.cases.sections import Section, case_section_url
from community_trigger.cases.selectors import case_to_act_on
from community_trigger.domain.access import Capability
from community_trigger.notifications.models import Message, Receipt
from community_trigger.notifications.services import message_send_again, receipt_record


@staff_required
@require_POST
def send_again(request: HttpRequest, reference: str, message_id: int) -> HttpResponse:
    """The coordinator asks for a message of the case to be tried again, once the mail server is back."""
    case = case_to_act_on(request.user, reference, Capability.MANAGE_CASES)
    message_send_again(message=get_object_or_404(Message, pk=message_id, case=case), actor=request.user)
    return redirect(case_section_url(reference, Section.LETTERS))


# Notify's ids and statuses are short; anything longer is not from Notify.
_SHORT = 64


@csrf_exempt  # Notify has no CSRF token: the bearer token it was given stands for it
@require_POST
def notify_receipts(request: HttpRequest) -> JsonResponse:
    """A delivery receipt ({"id", "status", "reference", …}) or a returned letter ({"notification_id",
    "reference", …}) from GOV.UK Notify, recorded on its message. Only Notify's bearer token opens it: a
    session, staff or not, counts for nothing. 404 for a message not known (yet): Notify sends it again."""
    if not _from_notify(request):
        return JsonResponse({"error": "A valid bearer token is needed"}, status=401)
    try:
        receipt = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": "The body is not JSON"}, status=400)
    if not isinstance(receipt, dict):
        return JsonResponse({"error": "The body is not a JSON object"}, status=400)
    provider_id: Any
    status: Any
    if "notification_id" in receipt:  # Notify's returned-letter callback
        provider_id, status = receipt["notification_id"], str(Receipt.RETURNED)
    else:
        provider_id, status = receipt.get("id"), receipt.get("status")
    reference = receipt.get("reference") or ""
    if not all(isinstance(value, str) and 0 < len(value) <= _SHORT for value in (provider_id, status)) or (
        not isinstance(reference, str) or len(reference) > 200
    ):
        return JsonResponse(
            {"error": "A receipt needs an id and a status; a returned letter a notification_id"}, status=400
        )
    message = receipt_record(provider_id=provider_id, status=status, reference=reference)
    if message is None:
        return JsonResponse({"error": "No message sent with that id"}, status=404)
    return JsonResponse({"recorded": message.delivery_status})


def _from_notify(request: HttpRequest) -> bool:
    expected = settings.NOTIFY_CALLBACK_TOKEN
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    # Compared in constant time, so the token cannot be guessed a character at a time.
    return (
        bool(expected)
        and scheme.lower() == "bearer"
        and hmac.compare_digest(token.encode(), expected.encode())
    )
