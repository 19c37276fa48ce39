"""An answered data request keeps who asked for the schedule's years (two by default), then only its
reference, kind, dates and steps: the sweep empties the rest."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from datarequests.world import access_request, coordinator

from community_trigger.datarequests.models import DataRequest, RefusalGround, RequestKind, StepWords
from community_trigger.datarequests.services import data_request_extend, erasure_refuse
from community_trigger.retention.anonymise import REMOVED
from community_trigger.retention.tasks import retention_sweep

pytestmark = pytest.mark.django_db

ANSWERED = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _answered() -> DataRequest:
    """An erasure request refused, with a reason in words, on ANSWERED."""
    actor = coordinator()
    with time_machine.travel(ANSWERED, tick=False):
        request = access_request(actor, kind=RequestKind.ERASURE)
        data_request_extend(request=request, actor=actor, months=1, reason="Many records to search.")
        erasure_refuse(request=request, actor=actor, ground=RefusalGround.OTHER, words="A court order.")
    return request


def test_two_years_after_it_was_answered_who_asked_is_gone_and_the_request_stays() -> None:
    request = _answered()
    still_open = access_request(request.handler)

    with time_machine.travel(datetime(2028, 11, 21, 9, 0, tzinfo=UTC), tick=False):
        swept = retention_sweep.enqueue()

    assert swept.return_value is not None
    assert swept.return_value["data_requests"] == 1
    request.refresh_from_db()
    assert (request.name, request.email, request.phone, request.date_of_birth) == (REMOVED, "", "", None)
    assert (request.reference, request.kind, request.state) == (request.reference, "erasure", "refused")
    assert request.steps.count() >= 3
    assert not StepWords.objects.filter(step__request=request).exists()
    still_open.refresh_from_db()
    assert still_open.name == "Alex Aplicantson"


def test_before_its_years_are_up_an_answered_request_keeps_who_asked() -> None:
    request = _answered()

    with time_machine.travel(datetime(2028, 11, 19, 9, 0, tzinfo=UTC), tick=False):
        swept = retention_sweep.enqueue()

    assert swept.return_value is not None
    assert swept.return_value["data_requests"] == 0
    request.refresh_from_db()
    assert request.name == "Alex Aplicantson"
    assert StepWords.objects.filter(step__request=request).exists()
