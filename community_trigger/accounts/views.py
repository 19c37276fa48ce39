"""Staff sign-in pages: password, then a code from an authenticator app or a backup code (or setting up
the app on a first sign-in), the backup codes shown once, sign out, the lockout page, the staff home (a
worklist) and one's account.

Every step after the password keeps the address's ?next= and goes there at the end, if it is ours.
"""

from __future__ import annotations

import base64
import io
import math
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.qr import write_qrcode_image

from community_trigger.accounts import selectors, services
from community_trigger.accounts.decorators import is_verified, signed_in_user, staff_required
from community_trigger.accounts.forms import (
    AuthenticatorCodeForm,
    BackupCodeForm,
    PasswordChangeForm,
    SignInForm,
)
from community_trigger.accounts.services import CodeCheck, SecondFactor
from community_trigger.casefile.worklist import worklist_for

# The backup codes just made, kept only until the page that shows them once.
NEW_BACKUP_CODES_SESSION_KEY = "accounts:new_backup_codes"

SECOND_FACTOR_PAGES = {
    SecondFactor.CODE: "accounts:code",
    SecondFactor.BACKUP_CODE: "accounts:backup_code",
    SecondFactor.SET_UP: "accounts:set_up",
    SecondFactor.RESET_NEEDED: "accounts:no_second_factor",
}


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """Username (or email address) and password, the first of the two factors."""
    if is_verified(request):
        return redirect(_next_url(request))
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        checked = services.staff_authenticate(
            request, identifier=form.cleaned_data["username"], password=form.cleaned_data["password"]
        )
        if checked.locked_out:
            return locked_out(request)
        if checked.user is not None:
            services.staff_sign_in(request, user=checked.user)
            return redirect(_keeping_next(request, "accounts:second_factor"))
        form.add_wrong_details_error()
    return _render(request, "accounts/sign_in.html", {"form": form})


@never_cache
def second_factor(request: HttpRequest) -> HttpResponse:
    """Where the second step starts: the page for the code, a backup code, or setting up an app."""
    if not request.user.is_authenticated:
        return _to_sign_in(request)
    if is_verified(request):
        return redirect(_next_url(request))
    return redirect(_keeping_next(request, SECOND_FACTOR_PAGES[services.second_factor_for(request.user)]))


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def code(request: HttpRequest) -> HttpResponse:
    """A code from the authenticator app."""
    if not request.user.is_authenticated:
        return _to_sign_in(request)
    if is_verified(request):
        return redirect(_next_url(request))
    if services.second_factor_for(request.user) is not SecondFactor.CODE:
        return redirect(_keeping_next(request, "accounts:second_factor"))
    form = AuthenticatorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        checked = services.authenticator_verify(request, code=form.cleaned_data["code"])
        if checked.accepted:
            return redirect(_next_url(request))
        form.add_not_accepted_error(wait_seconds=_wait_seconds(checked))
    has_backup_codes = bool(selectors.backup_codes_left(request.user))
    context = {
        "form": form,
        "backup_code_url": _keeping_next(request, "accounts:backup_code") if has_backup_codes else "",
    }
    return _render(request, "accounts/code.html", context)


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def backup_code(request: HttpRequest) -> HttpResponse:
    """One of the backup codes, instead of the app's code (or, for demo accounts, instead of an app)."""
    if not request.user.is_authenticated:
        return _to_sign_in(request)
    if is_verified(request):
        return redirect(_next_url(request))
    if not selectors.backup_codes_left(request.user):
        return redirect(_keeping_next(request, "accounts:second_factor"))
    form = BackupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        checked = services.backup_code_verify(request, code=form.cleaned_data["code"])
        if checked.accepted:
            return redirect(_next_url(request))
        form.add_not_accepted_error(wait_seconds=_wait_seconds(checked))
    has_app = services.second_factor_for(request.user) is SecondFactor.CODE
    context = {
        "form": form,
        "code_url": _keeping_next(request, "accounts:code") if has_app else "",
    }
    return _render(request, "accounts/backup_code.html", context)


@never_cache
def no_second_factor(request: HttpRequest) -> HttpResponse:
    """For an account whose second factor is used up (no app, every backup code used): the password
    alone cannot finish signing in, so this page says who can reset it, and offers to sign out."""
    if not request.user.is_authenticated:
        return _to_sign_in(request)
    if is_verified(request):
        return redirect(_next_url(request))
    if services.second_factor_for(request.user) is not SecondFactor.RESET_NEEDED:
        return redirect(_keeping_next(request, "accounts:second_factor"))
    return _render(request, "accounts/no_second_factor.html", {})


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def set_up(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), then give the first code."""
    if not request.user.is_authenticated:
        return _to_sign_in(request)
    verified = is_verified(request)
    if not services.may_set_up_authenticator(request.user, verified=verified):
        return redirect(_next_url(request) if verified else _keeping_next(request, "accounts:second_factor"))
    device = services.authenticator_for_set_up(request.user)
    form = AuthenticatorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        checked = services.authenticator_confirm(request, device=device, code=form.cleaned_data["code"])
        if checked.accepted:
            request.session[NEW_BACKUP_CODES_SESSION_KEY] = list(checked.backup_codes)
            return redirect(_keeping_next(request, "accounts:backup_codes"))
        form.add_not_accepted_error(wait_seconds=_wait_seconds(checked))
    context = {
        "form": form,
        "qr_code": _qr_code_data_uri(device.config_url),
        "secret_key": _grouped(base64.b32encode(device.bin_key).decode("ascii")),
    }
    return _render(request, "accounts/set_up.html", context)


@never_cache
@staff_required
def backup_codes(request: HttpRequest) -> HttpResponse:
    """The backup codes just made, shown this once: they are not kept anywhere the pages can show again."""
    codes = request.session.pop(NEW_BACKUP_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("accounts:home")
    return _render(
        request, "accounts/backup_codes.html", {"codes": codes, "continue_url": _next_url(request)}
    )


@require_POST
@staff_required
def backup_codes_new(request: HttpRequest) -> HttpResponse:
    """Replace the backup codes (the old ones stop working), then show the new ones once."""
    request.session[NEW_BACKUP_CODES_SESSION_KEY] = services.backup_codes_renew(user=request.user)
    return redirect("accounts:backup_codes")


@never_cache
@staff_required
def home(request: HttpRequest) -> HttpResponse:
    """The staff home: a worklist (my cases, due today and overdue, new requests, messages that failed),
    with one's account in a small place to the side."""
    user = signed_in_user(request)
    context = {
        "worklist": worklist_for(user, today=timezone.localdate()),
        "may_set_up_authenticator": services.may_set_up_authenticator(user, verified=True),
    }
    return _render(request, "accounts/home.html", context)


@never_cache
@staff_required
def account(request: HttpRequest) -> HttpResponse:
    """Who you are, where you work and in what role, and how you sign in."""
    user = signed_in_user(request)
    context = {
        "memberships": list(selectors.membership_list(user)),
        "factors": selectors.second_factors(user),
        "may_set_up_authenticator": services.may_set_up_authenticator(user, verified=True),
        "admin_url": reverse("admin:index") if user.is_superuser else "",
    }
    return _render(request, "accounts/account.html", context)


@never_cache
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
@staff_required
def password_change(request: HttpRequest) -> HttpResponse:
    """Change one's own password: the current one, then the new one twice."""
    form = PasswordChangeForm(signed_in_user(request), request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.password_change(request, form=form)
        messages.success(request, _("Your password has been changed"))
        return redirect("accounts:home")
    return _render(request, "accounts/password_change.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    """GET asks to confirm; only a POST, with its CSRF token, signs out (a link or an image cannot)."""
    if request.method == "POST":
        services.staff_sign_out(request)
        return redirect("accounts:signed_out")
    if not request.user.is_authenticated:
        return redirect("accounts:sign_in")
    return _render(request, "accounts/sign_out.html", {})


def signed_out(request: HttpRequest) -> HttpResponse:
    return _render(request, "accounts/signed_out.html", {})


def locked_out(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """The page for a username locked out from this address. Axes calls it (AXES_LOCKOUT_CALLABLE)
    with the response and the credentials, which this page has no need of."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    # 429 Too Many Requests, as axes answers by default and as the public pages' rate limits do.
    return _render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


def admin_refused(request: HttpRequest) -> HttpResponse:
    """For the admin site: signed in, but not a platform administrator."""
    return _render(request, "accounts/admin_refused.html", {}, status=403)


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, template, context, status=status)


def _next_url(request: HttpRequest) -> str:
    """Where to go once signed in: ?next= when it is a page of this site, else the staff home page."""
    wanted = request.GET.get(REDIRECT_FIELD_NAME, "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("accounts:home")


def _keeping_next(request: HttpRequest, url_name: str) -> str:
    wanted = request.GET.get(REDIRECT_FIELD_NAME, "")
    query = f"?{urlencode({REDIRECT_FIELD_NAME: wanted})}" if wanted else ""
    return reverse(url_name) + query


def _to_sign_in(request: HttpRequest) -> HttpResponse:
    return redirect_to_login(_next_url(request), reverse("accounts:sign_in"))


def _wait_seconds(checked: CodeCheck) -> int | None:
    if checked.wait_until is None:
        return None
    return max(1, math.ceil((checked.wait_until - timezone.now()).total_seconds()))


def _qr_code_data_uri(otpauth_url: str) -> str:
    """The QR code as an SVG data: address, which the content security policy allows in an <img>."""
    svg = io.BytesIO()
    write_qrcode_image(otpauth_url, svg)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.getvalue()).decode("ascii")


def _grouped(key: str) -> str:
    """The key in groups of 4, as people copy it into an app by hand."""
    return " ".join(key[start : start + 4] for start in range(0, len(key), 4))
