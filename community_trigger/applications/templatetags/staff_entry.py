"""Whether the signed-in member of staff may enter applications: the staff navigation and the case list
show the way to staff entry only to them."""

from __future__ import annotations

from django import template

from community_trigger.applications.selectors import entry_partnerships_for

register = template.Library()


@register.simple_tag(takes_context=True)
def may_enter_applications(context: template.Context) -> bool:
    """As in {% may_enter_applications as may_enter %}."""
    user = getattr(context.get("request"), "user", None)
    return bool(user is not None and user.is_authenticated and entry_partnerships_for(user).exists())
