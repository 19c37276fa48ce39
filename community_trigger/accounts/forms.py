"""The sign-in forms. They check shape only; whether a password or a code is right is for the services."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community_trigger.common.forms import GovukForm, GovukFormMixin

_SPACES_AND_DASHES = re.compile(r"[\s-]+")


class SignInForm(GovukForm):
    # Named "username" and "password" because those are the names axes reads from the request.
    username = forms.CharField(
        label=_("Username or email address"),
        max_length=254,
        error_messages={"required": _("Enter your username or email address")},
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": _("Enter your password")},
    )

    WRONG = "Enter a correct username or email address and password"

    def add_wrong_details_error(self) -> None:
        # Said the same way whether the name, the password or the account is wrong: the page must not
        # tell a guesser which usernames exist.
        self.add_error("username", self.WRONG)


class AuthenticatorCodeForm(GovukForm):
    """The 6-digit code an authenticator app shows; spaces are allowed, as some apps show 123 456."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        error_messages={"required": _("Enter the 6-digit code from your authenticator app")},
    )

    def clean_code(self) -> str:
        code = _SPACES_AND_DASHES.sub("", self.cleaned_data["code"])
        if not re.fullmatch(r"[0-9]+", code):
            raise forms.ValidationError(gettext("The code must only include numbers 0 to 9"))
        if len(code) != 6:
            raise forms.ValidationError(gettext("The code must be 6 numbers"))
        return code

    def add_not_accepted_error(self, *, wait_seconds: int | None) -> None:
        if wait_seconds:
            self.add_error("code", _wait_message(wait_seconds))
        else:
            self.add_error(
                "code", "The code is not right, or it has expired: enter the code your app shows now"
            )


class BackupCodeForm(GovukForm):
    """One of the 8-character backup codes; capitals, spaces and dashes are forgiven."""

    code = forms.CharField(
        label=_("Backup code"),
        max_length=40,
        error_messages={"required": _("Enter one of your backup codes")},
    )

    def clean_code(self) -> str:
        code = _SPACES_AND_DASHES.sub("", self.cleaned_data["code"]).lower()
        if len(code) != 8:
            raise forms.ValidationError(gettext("A backup code is 8 letters and numbers"))
        return code

    def add_not_accepted_error(self, *, wait_seconds: int | None) -> None:
        if wait_seconds:
            self.add_error("code", _wait_message(wait_seconds))
        else:
            self.add_error("code", "The backup code is not right, or it has been used already")


class PasswordChangeForm(GovukFormMixin, auth_forms.PasswordChangeForm):
    """Django's own change of password (the current one, then the new one twice, checked by the
    password validators in settings), worded and laid out as a GOV.UK form."""

    error_messages = {
        "password_incorrect": _("Your current password is not right: enter it again"),
        "password_mismatch": _("The two new passwords do not match: enter the same new password twice"),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        wording = {
            "old_password": (_("Current password"), _("Enter your current password")),
            "new_password1": (_("New password"), _("Enter a new password")),
            "new_password2": (_("New password again"), _("Enter the new password again")),
        }
        for name, (label, required) in wording.items():
            self.fields[name].label = label
            self.fields[name].help_text = ""
            self.fields[name].error_messages["required"] = required


def _wait_message(seconds: int) -> str:
    if seconds < 120:
        amount = "1 second" if seconds == 1 else f"{seconds} seconds"
    else:
        amount = f"{(seconds + 59) // 60} minutes"
    return f"You have entered too many wrong codes. Wait {amount}, then try again"
