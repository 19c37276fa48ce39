"""Identifiers in words on any page: `{% load wording %}` then `{{ case.state|state_words }}`,
`{{ assessment.route|route_words }}`, `{{ criterion.id|criterion_words }}`,
`{{ item.kind|due_kind_words }}`."""

from __future__ import annotations

from django import template

from community_trigger.common import wording

register = template.Library()

register.filter("state_words", wording.state_words)
register.filter("route_words", wording.route_words)
register.filter("criterion_words", wording.criterion_words)
register.filter("due_kind_words", wording.due_kind_words)
