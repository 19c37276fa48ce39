"""Every staff page checks who is asking: all of /staff/ uses staff_required, but for the steps of
signing in (and out), which cannot."""

from __future__ import annotations

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
