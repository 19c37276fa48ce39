"""`{% case_identity_bar %}`: the identity bar of the case a page is about, for whoever is viewing it,
so that every step page of a case shows the same bar as the case page without each view building it."""

from __future__ import annotations

from typing import Any

from django import template

from community_trigger.cases.frame import CaseFrame, case_frame_of
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
    return {"frame": frame, "heading": heading, "csrf_token": context.get("csrf_token")}
