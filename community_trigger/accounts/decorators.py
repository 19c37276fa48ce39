"""The check every staff view starts with: signed in, and through the second factor."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url

from community_trigger.accounts.services import staff_session_refresh

if TYPE_CHECKING:
    from django.contrib.auth.models import User as StaffUser

View = TypeVar("View", bound=Callable[..., HttpResponse])


def is_verified(request: HttpRequest) -> bool:
    """Signed in and through the second factor in this session (django-otp's OTPMiddleware says)."""
    verified = getattr(request.user, "is_verified", None)
    return bool(request.user.is_authenticated and callable(verified) and verified())


def signed_in_user(request: HttpRequest) -> StaffUser:
    """The user a request is signed in as: in a staff view, whom staff_required let in."""
    user = request.user
    if not isinstance(user, get_user_model()):
        raise PermissionDenied
    return user


def staff_required(view: View) -> View:
    """Let the view run only for a signed-in, two-factor-verified user. Anyone else goes to the sign-in
    page, and someone who gave the password but not yet a code goes on to the second factor; either
    way they come back here afterwards.

    The wrapper carries `staff_required = True` so a test can find staff views without the check."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_verified(request):
            login_url = "accounts:sign_in" if not request.user.is_authenticated else "accounts:second_factor"
            return redirect_to_login(request.get_full_path(), resolve_url(login_url), REDIRECT_FIELD_NAME)
        staff_session_refresh(request)
        return view(request, *args, **kwargs)

    wrapped.staff_required = True  # type: ignore[attr-defined]
    return cast(View, wrapped)
