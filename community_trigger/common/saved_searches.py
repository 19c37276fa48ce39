"""Searches kept in the session behind an opaque id, so that what staff search for (often someone's
name) never travels in a URL, and so never reaches an access log, the browser's history or a Referer.

A saved search lives only as long as the session that made it: it ends with signing out, the idle
limit or the session's absolute limit, and another session cannot open it."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django import forms
from django.http import HttpRequest, QueryDict

SESSION_KEY = "saved_searches"
# Enough for Back through the last few searches; older ones are dropped so the session stays small.
KEEP = 20


def posted_names(form_class: type[forms.Form]) -> tuple[str, ...]:
    """The names a search form's fields are sent under: one each, or one per box of a date field."""
    names: list[str] = []
    for name, field in form_class.base_fields.items():
        # A MultiWidget (a date's three boxes) posts one name per box.
        suffixes: list[str] = getattr(field.widget, "widgets_names", [""])
        names.extend(f"{name}{suffix}" for suffix in suffixes)
    return tuple(names)


def search_save(request: HttpRequest, *, kind: str, data: QueryDict, fields: Iterable[str]) -> str:
    """Keep the `fields` of `data` as a search of this `kind` and return its id, for the URL."""
    searches = dict(request.session.get(SESSION_KEY, {}))
    search_id = secrets.token_urlsafe(9)
    kept = {field: data.getlist(field) for field in fields if data.getlist(field)}
    searches[search_id] = {"kind": kind, "data": kept}
    request.session[SESSION_KEY] = dict(list(searches.items())[-KEEP:])
    return search_id


def search_find(request: HttpRequest, *, kind: str, search_id: str) -> QueryDict | None:
    """The filters of this session's search `search_id`, or None when there is no such search of this
    `kind` (another session's, or one that has ended)."""
    found = request.session.get(SESSION_KEY, {}).get(search_id)
    if not isinstance(found, dict) or found.get("kind") != kind:
        return None
    data = QueryDict(mutable=True)
    for field, values in found.get("data", {}).items():
        data.setlist(field, values)
    return data
