"""The meeting pack: the case and every agency's answer in one PDF marked OFFICIAL-SENSITIVE, made
afresh for each member of the panel who opens it, so it always holds the latest answers and only
what that member may read at the meeting (the case view, with `Disclosure`'s `at_meeting`)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from community_trigger.casefile.selectors import CaseView
from community_trigger.letters.rendering import pdf_from_html
from community_trigger.reviews.models import Meeting

MARKING = "OFFICIAL-SENSITIVE"


def meeting_pack_context(*, view: CaseView, meeting: Meeting, viewer: Any) -> dict[str, Any]:
    """What the pack's template is given: the case view, already cut to what `viewer` may read."""
    return {
        "marking": MARKING,
        "meeting": meeting,
        "case": view.case,
        "view": view,
        "disclosure": view.disclosure,
        "people": view.people,
        "incidents": view.incidents,
        "assessment": view.assessment,
        "decisions": view.decisions,
        "answers": view.answers,
        "viewer": viewer,
        "made_at": timezone.now(),
    }


def meeting_pack_pdf(*, view: CaseView, meeting: Meeting, viewer: Any) -> bytes:
    """The pack as `viewer` may read it, made now."""
    return pdf_from_html(
        render_to_string("reviews/pack.html", meeting_pack_context(view=view, meeting=meeting, viewer=viewer))
    )
