"""The meeting pack: the case and every agency's answer in one PDF marked OFFICIAL-SENSITIVE, made
afresh for each member of the panel who opens it, so it always holds the latest answers and what
that member may see."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from community_trigger.agencies.selectors import StaffAccess
from community_trigger.cases.models import Consent
from community_trigger.domain.access import Capability
from community_trigger.letters.rendering import pdf_from_html
from community_trigger.reviews.models import Meeting

MARKING = "OFFICIAL-SENSITIVE"


def meeting_pack_pdf(*, meeting: Meeting, viewer: Any) -> bytes:
    case = meeting.application
    consents = {consent.person_id: consent for consent in Consent.objects.filter(person__application=case)}
    html = render_to_string(
        "reviews/pack.html",
        {
            "marking": MARKING,
            "meeting": meeting,
            "case": case,
            "people": [(person, consents.get(person.pk)) for person in case.people.all()],
            "incidents": case.incidents.prefetch_related("reports__person", "reports__agency"),
            "assessment": case.assessments.first(),
            "decisions": case.decisions.select_related("decided_by"),
            "requests": case.information_requests.select_related("agency", "response").prefetch_related(
                "response__checks__report"
            ),
            "sees_sensitive": StaffAccess(viewer).can(
                Capability.SEE_SENSITIVE_INFORMATION, case.partnership_id
            ),
            "viewer": viewer,
            "made_at": timezone.now(),
        },
    )
    return pdf_from_html(html)
