"""The question pages' forms. They check the shape of each answer with GOV.UK error messages;
`answers()` gives what the draft keeps, and `initial_from()` turns kept answers back into a form."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy

from community_trigger.agencies.models import Agency
from community_trigger.cases.models import Channel, ConsentMethod, ContactPreference, Satisfaction
from community_trigger.common.dates import long_date
from community_trigger.common.forms import GovukDateField, GovukForm

YES_NO = [("yes", "Yes"), ("no", "No")]
# The shape of a UK postcode (the Royal Mail's format), after spaces are taken out.
POSTCODE = re.compile(r"^(GIR0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-Z]?[0-9][ABD-HJLNP-UW-Z]{2})$")
EMAIL_ERRORS = {
    "invalid": gettext_lazy("Enter an email address in the correct format, like name@example.com"),
    "max_length": gettext_lazy("Must be 254 characters or fewer"),
}
PHONE = re.compile(r"^\+?[0-9 ()-]{10,20}$")
# How someone agreed to something that is not ticked online: a victim to someone acting for them, or
# an applicant whose request came by phone, post, email or in person to sharing.
AGREED_BY = [
    (ConsentMethod.IN_WRITING.value, "In writing, for example a signed letter"),
    (ConsentMethod.BY_EMAIL.value, "By email"),
    (ConsentMethod.BY_PHONE.value, "By phone"),
    (ConsentMethod.IN_PERSON.value, "In person"),
]
NOT_AGREED = "not_agreed"
# Part 6 of the 2014 Act, and with it the Community Trigger, came into force on 20 October 2014.
COMMUNITY_TRIGGER_BEGAN = datetime.date(2014, 10, 20)


def _text(required_message: str, *, required: bool = True, max_length: int = 200) -> forms.CharField:
    return forms.CharField(
        required=required,
        max_length=max_length,
        error_messages={
            "required": required_message,
            "max_length": f"Must be {max_length} characters or fewer",
        },
    )


def _choice(choices: list[tuple[str, str]], required_message: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=choices, error_messages={"required": required_message, "invalid_choice": required_message}
    )


def _normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s+", "", value).upper()
    if not POSTCODE.match(compact):
        raise ValidationError(gettext("Enter a full UK postcode, like AA3 1AB"))
    return f"{compact[:-3]} {compact[-3:]}"


def _phone(value: str) -> str:
    if value and not PHONE.match(value):
        raise ValidationError(
            gettext("Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192")
        )
    return value


def _long(day: datetime.date) -> str:
    return long_date(day)


class AnswersForm(GovukForm):
    """A question page's form: cleaned data as the draft keeps it, and back again."""

    def answers(self) -> dict[str, Any]:
        return dict(self.cleaned_data)

    @classmethod
    def initial_from(cls, kept: Any) -> dict[str, Any]:
        return dict(kept) if isinstance(kept, dict) else {}


class _DatedAnswersForm(AnswersForm):
    """A form with a `date` field, which the draft keeps as YYYY-MM-DD."""

    def answers(self) -> dict[str, Any]:
        kept = super().answers()
        kept["date"] = kept["date"].isoformat()
        return kept

    @classmethod
    def initial_from(cls, kept: Any) -> dict[str, Any]:
        initial = super().initial_from(kept)
        if initial.get("date"):
            initial["date"] = datetime.date.fromisoformat(initial["date"])
        return initial


class _ToldOfForm(_DatedAnswersForm):
    """Something a request tells of (an incident, a report). Given `received_on`, the day a request
    entered by staff was received, its date may not be after it: the request could not tell of it."""

    def __init__(self, *args: Any, received_on: datetime.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.received_on = received_on

    def clean(self) -> dict[str, Any]:
        super().clean()
        day = self.cleaned_data.get("date")
        if day and self.received_on and day > self.received_on:
            self.add_error(
                "date",
                f"{self.fields['date'].label} must be the same as or before the date the request was "
                f"received ({_long(self.received_on)})",
            )
        return self.cleaned_data


class SingleOrganisationForm(AnswersForm):
    single_organisation = _choice(
        YES_NO, "Select yes if your request is about how one organisation dealt with you"
    )


class RoleForm(AnswersForm):
    role = _choice(
        [
            ("victim", "I am the victim of the anti-social behaviour"),
            ("representative", "I am acting for the victim"),
            ("group_representative", "I am acting for a group of residents or a community group"),
        ],
        "Select who you are",
    )


class _AddressForm(AnswersForm):
    name = _text("Enter your full name")
    address_line_1 = _text("Enter address line 1, typically the building and street")
    address_line_2 = _text("", required=False)
    town = _text("Enter town or city", max_length=100)
    postcode = _text("Enter postcode", max_length=10)
    email = forms.EmailField(
        required=False,
        max_length=254,
        error_messages=EMAIL_ERRORS,
    )
    phone = _text("", required=False, max_length=20)

    def clean_postcode(self) -> str:
        return _normalise_postcode(self.cleaned_data["postcode"])

    def clean_phone(self) -> str:
        return _phone(self.cleaned_data.get("phone", ""))


class YourDetailsForm(_AddressForm):
    contact_preference = _choice(ContactPreference.choices, "Select how you would like to be contacted")
    help_needed = _text("", required=False, max_length=2000)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        preference = data.get("contact_preference")
        has_error = {"email", "phone"} & set(self.errors)
        if preference == ContactPreference.EMAIL and not data.get("email") and not has_error:
            self.add_error("email", "Enter your email address, or choose another way to be contacted")
        elif preference == ContactPreference.PHONE and not data.get("phone") and not has_error:
            self.add_error("phone", "Enter your phone number, or choose another way to be contacted")
        elif not data.get("email") and not data.get("phone") and not has_error:
            self.add_error("email", "Enter an email address or a phone number, so we can contact you")
        return data


class VictimForm(_AddressForm):
    relationship = _text("Enter your relationship to the victim", max_length=100)
    consent_method = _choice(AGREED_BY, "Select how the victim agreed to you asking for a review for them")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "Enter the victim's full name"


class MemberForm(AnswersForm):
    name = _text("Enter the person's full name")
    email = forms.EmailField(
        required=False,
        max_length=254,
        error_messages=EMAIL_ERRORS,
    )
    phone = _text("", required=False, max_length=20)
    consent = forms.BooleanField(
        error_messages={
            "required": gettext_lazy(
                "Confirm the person agrees to their information being shared. If they do not agree, "
                "do not add them"
            )
        }
    )
    satisfied = _choice(YES_NO, "Select yes if the person is satisfied with the action taken")

    def clean_phone(self) -> str:
        return _phone(self.cleaned_data.get("phone", ""))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("email") and not data.get("phone") and not {"email", "phone"} & set(self.errors):
            self.add_error("email", "Enter an email address or a phone number for the person")
        return data


class AddAnotherForm(AnswersForm):
    """A yes or no question: add another, or (with its own message) remove this one."""

    add_another = _choice(YES_NO, "Select yes if you need to add another")

    def __init__(self, *args: Any, required_message: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if required_message:
            self.fields["add_another"].error_messages["required"] = required_message


class IncidentForm(_ToldOfForm):
    date = GovukDateField(label=gettext_lazy("Date of the incident"), past_or_today=True)
    description = _text("Enter what happened", max_length=5000)
    location = _text("Enter where it happened", max_length=300)
    harassment_alarm_distress = _choice(YES_NO, "Select yes if it caused harassment, alarm or distress")
    hate = _choice(YES_NO, "Select yes if you think it was motivated by hate")


class ReportForm(_ToldOfForm):
    by = _choice([], "Select who made the report")
    agency = _choice([], "Select who the report was made to")
    other_organisation = _text("", required=False)
    date = GovukDateField(label=gettext_lazy("Date of the report"), past_or_today=True)
    reference = _text("", required=False, max_length=100)

    def __init__(
        self,
        *args: Any,
        reporters: list[tuple[str, str]],
        agencies: list[Agency],
        incident_date: datetime.date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        by = self.fields["by"]
        assert isinstance(by, forms.ChoiceField)
        by.choices = reporters
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ChoiceField)
        agency.choices = [(str(item.pk), item.name) for item in agencies] + [
            ("other", "Another organisation")
        ]
        self.incident_date = incident_date

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("agency") == "other" and not data.get("other_organisation"):
            self.add_error("other_organisation", "Enter the name of the organisation")
        reported = data.get("date")
        if reported and reported < self.incident_date:
            self.add_error(
                "date",
                f"Date of the report must be the same as or after the date of the incident "
                f"({_long(self.incident_date)})",
            )
        return data

    def answers(self) -> dict[str, Any]:
        kept = super().answers()
        if kept["agency"] != "other":
            kept["other_organisation"] = ""
        return kept


class SatisfactionForm(AnswersForm):
    satisfaction = _choice(Satisfaction.choices, "Select how you feel about the action taken")


class ImpactForm(AnswersForm):
    impact = _text("", required=False, max_length=5000)
    vulnerability = _text("", required=False, max_length=5000)
    support = _text("", required=False, max_length=5000)


class ConsentForm(AnswersForm):
    consent = _choice(YES_NO, "Select yes if you agree to your information being shared")


class ReceivedForm(_DatedAnswersForm):
    """Staff entry's first page: how a request that did not come online came in, and the day it was
    received, which is the application's date. It cannot come before anything the request tells of."""

    channel = _choice(
        [(channel.value, channel.label) for channel in Channel if channel != Channel.ONLINE],
        "Select how the request came in",
    )
    date = GovukDateField(label=gettext_lazy("Date received"), past_or_today=True)

    def __init__(self, *args: Any, latest_entered: datetime.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.latest_entered = latest_entered

    def clean(self) -> dict[str, Any]:
        super().clean()
        received = self.cleaned_data.get("date")
        if received and received < COMMUNITY_TRIGGER_BEGAN:
            self.add_error(
                "date",
                f"Date received must be on or after {_long(COMMUNITY_TRIGGER_BEGAN)}, when the Community "
                "Trigger began",
            )
        elif received and self.latest_entered and received < self.latest_entered:
            self.add_error(
                "date",
                "Date received must be the same as or after the latest incident or report entered "
                f"({_long(self.latest_entered)})",
            )
        return self.cleaned_data


class StaffConsentForm(AnswersForm):
    """Staff entry's consent page: how the applicant agreed to their information being shared, as the
    member of staff records it; or that they have not agreed, which ends the request."""

    consent_method = _choice(
        [*AGREED_BY, (NOT_AGREED, "They have not agreed")],
        "Select how the applicant agreed to their information being shared",
    )

    def answers(self) -> dict[str, Any]:
        method = self.cleaned_data["consent_method"]
        if method == NOT_AGREED:
            return {"consent": "no", "consent_method": None}
        return {"consent": "yes", "consent_method": method}


class SendForm(GovukForm):
    """Check answers' button: nothing to fill in, but a problem sending is shown as the form's."""


class SaveForm(AnswersForm):
    email = forms.EmailField(
        max_length=254,
        error_messages={
            **EMAIL_ERRORS,
            "required": gettext_lazy("Enter the email address to send the link to"),
        },
    )


class WithdrawForm(AnswersForm):
    confirm = _choice(YES_NO, "Select yes if you want to withdraw your request")
    reason = _text("", required=False, max_length=2000)
