"""The meeting pack: the case and every agency's answer in one PDF marked OFFICIAL-SENSITIVE, made
afresh for each member of the panel who opens it, so it always holds the latest answers and only
what that member may read at the meeting (`Disclosure` decides, with `at_meeting`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from community_trigger.cases.models import Consent, Report
from community_trigger.cases.selectors import case_disclosure_for
from community_trigger.letters.rendering import pdf_from_html
from community_trigger.reviews.models import Meeting
from community_trigger.reviews.selectors import on_panel

MARKING = "OFFICIAL-SENSITIVE"


def meeting_pack_context(*, meeting: Meeting, viewer: Any) -> dict[str, Any]:
    """What the pack's template is given: the case's parts already cut to what `viewer` may read.
    Someone off the panel (the view refuses them first) would get no more than the case page."""
    case = meeting.application
    disclosure = case_disclosure_for(viewer, case, at_meeting=on_panel(viewer, meeting))
    consents = {consent.person_id: consent for consent in Consent.objects.filter(person__application=case)}
    reports = disclosure.reports(Report.objects.select_related("person", "agency"))
    requests = disclosure.requests(
        case.information_requests.select_related("agency", "response").prefetch_related(
            "response__checks__report"
        )
    )
    return {
        "marking": MARKING,
        "meeting": meeting,
        "case": case,
        "disclosure": disclosure,
        "people": [(person, consents.get(person.pk)) for person in case.people.all()],
        "incidents": case.incidents.prefetch_related(Prefetch("reports", queryset=reports)),
        "assessment": case.assessments.first() if disclosure.assessment else None,
        "decisions": case.decisions.select_related("decided_by"),
        "answers": disclosure.answers(requests),
        "viewer": viewer,
        "made_at": timezone.now(),
    }


def meeting_pack_pdf(*, meeting: Meeting, viewer: Any) -> bytes:
    """The pack as `viewer` may read it, made now."""
    return pdf_from_html(
        render_to_string("reviews/pack.html", meeting_pack_context(meeting=meeting, viewer=viewer))
    )
