"""Every staff page checks who is asking: all of /staff/ uses staff_required, but for the steps of
signing in (and out), which cannot; and none records by hand that someone looked at a case."""

from __future__ import annotations

import ast
import importlib
import inspect

from django.urls import URLPattern, URLResolver, get_resolver

from community_trigger.accounts import urls


def test_every_staff_view_but_the_sign_in_steps_requires_a_verified_sign_in() -> None:
    unchecked = [
        pattern.name
        for pattern in urls.urlpatterns
        if pattern.name not in urls.SIGN_IN_STEPS and not getattr(pattern.callback, "staff_required", False)
    ]

    assert unchecked == []


def test_the_sign_in_steps_are_all_real_pages() -> None:
    names = {pattern.name for pattern in urls.urlpatterns}

    assert names >= urls.SIGN_IN_STEPS


# What showed a case to someone is the per-role view's to record (casefile/selectors.py), never a
# page's own: a page that records its own view can forget to, or record what it did not show.
_RECORDS = {"audit_record", "audit_record_each", "audit_record_many", "audit_view"}
_LOOKS = {"VIEW", "EXPORT", "view", "export"}


def _staff_view_modules(resolver: URLResolver | None = None, prefix: str = "") -> set[str]:
    """The module of every view under /staff/, read from the URL configuration itself."""
    modules: set[str] = set()
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            modules |= _staff_view_modules(entry, route)
        elif isinstance(entry, URLPattern) and route.startswith("staff/"):
            modules.add(inspect.unwrap(entry.callback).__module__)
    return modules


def _is_a_look(call: ast.Call) -> bool:
    """Whether `call` writes an audit entry of someone looking at something (not of a change)."""
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    if name == "audit_view":
        return True
    if name not in _RECORDS:
        return False
    action = next((keyword.value for keyword in call.keywords if keyword.arg == "action"), None)
    said = action.attr if isinstance(action, ast.Attribute) else getattr(action, "value", None)
    # An action that is not spelled out could be a look: only a named change is let through.
    return action is None or not isinstance(said, str) or said in _LOOKS


def _looks_recorded_by_hand(module_name: str) -> list[str]:
    module = importlib.import_module(module_name)
    tree = ast.parse(inspect.getsource(module))
    return [
        f"{module_name}:{node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _is_a_look(node)
    ]


def test_no_staff_view_records_by_hand_that_someone_looked_at_a_case() -> None:
    modules = _staff_view_modules()

    assert "community_trigger.cases.views" in modules  # the walk found the case pages
    assert [found for module in sorted(modules) for found in _looks_recorded_by_hand(module)] == []
