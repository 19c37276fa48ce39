"""`{% case_identity_bar %}`: the identity bar of the case a page is about, for whoever is viewing it,
so that every step page of a case shows the same bar as the case page without each view building it."""

from __future__ import annotations

from typing import Any

from django import template

from community_trigger.cases.frame import CaseFrame, case_frame_of
from community_trigger.cases.models import Happened
from community_trigger.cases.selectors import CaseActions, case_actions_for

register = template.Library()


@register.inclusion_tag("cases/_identity_bar.html", takes_context=True)
def case_identity_bar(context: template.Context, *, heading: bool = False) -> dict[str, Any]:
    """The bar from the page's `frame` when its view built one; otherwise from its `case`, with the
    page's `actions` when it has the rulebook's answer already (the view found the case through the
    access selector, so the viewer may see it)."""
    frame = context.get("frame")
    if not isinstance(frame, CaseFrame):
        case = context["case"]
        actions = context.get("actions")
        if not isinstance(actions, CaseActions):
            actions = case_actions_for(context["request"].user, case)
        frame = case_frame_of(case, actions)
    return {
        "frame": frame,
        "heading": heading,
        "csrf_token": context.get("csrf_token"),
        "anonymised": anonymised_because(frame.case),
    }


def anonymised_because(case: Any) -> str:
    """Why the case's personal data was removed ("retention" or "erasure", from its history), or ""
    while it is still there. Asked only of a case that has been anonymised."""
    if getattr(case, "anonymised_at", None) is None:
        return ""
    event = case.events.filter(kind=Happened.ANONYMISED, facts__person__isnull=True).order_by("-pk").first()
    return str(event.facts.get("why", "retention")) if event else "retention"
