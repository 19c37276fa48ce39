"""The question pages' forms. They check the shape of each answer with GOV.UK error messages;
`answers()` gives what the draft keeps, and `initial_from()` turns kept answers back into a form."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy
from django_stubs_ext import StrOrPromise

from community_trigger.agencies.models import Agency
from community_trigger.cases.models import (
    LANGUAGE_CHOICES,
    Channel,
    ConsentMethod,
    ContactPreference,
    LetterFormat,
    Satisfaction,
)
from community_trigger.common.dates import long_date
from community_trigger.common.forms import GovukDateField, GovukForm
from community_trigger.common.search_keys import postcode_format

YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]
PHONE = re.compile(r"^\+?[0-9 ()-]{10,20}$")
# A UK mobile, the only kind of number a text message reaches: 07…, or +44 7… from abroad.
MOBILE = re.compile(r"^(\+44\s?\(?0?\)?\s?7|07)[0-9 ]{8,12}$")
# How someone agreed to something that is not ticked online: a victim to someone acting for them, or
# an applicant whose request came by phone, post, email or in person to sharing.
AGREED_BY = [
    (ConsentMethod.IN_WRITING.value, gettext_lazy("In writing, for example a signed letter")),
    (ConsentMethod.BY_EMAIL.value, gettext_lazy("By email")),
    (ConsentMethod.BY_PHONE.value, gettext_lazy("By phone")),
    (ConsentMethod.IN_PERSON.value, gettext_lazy("In person")),
]
NOT_AGREED = "not_agreed"
# The ways it may be safe to contact someone, and how they feel about the action taken, in the words of
# the language being spoken: the models' labels are the back office's English.
CONTACT_WAYS = [
    (ContactPreference.EMAIL.value, gettext_lazy("Email")),
    (ContactPreference.PHONE.value, gettext_lazy("Phone")),
    (ContactPreference.TEXT.value, gettext_lazy("Text message")),
    (ContactPreference.POST.value, gettext_lazy("Post")),
]
# The formats letters can come in, in the words of the language being spoken.
LETTER_FORMATS = [
    (LetterFormat.STANDARD.value, gettext_lazy("Standard print")),
    (LetterFormat.LARGE_PRINT.value, gettext_lazy("Large print")),
    (LetterFormat.EASY_READ.value, gettext_lazy("Easy read")),
    (LetterFormat.BRAILLE.value, gettext_lazy("Braille")),
    (LetterFormat.AUDIO.value, gettext_lazy("Audio")),
    (LetterFormat.OTHER_LANGUAGE.value, gettext_lazy("Another language")),
]
FEELINGS = [
    (Satisfaction.NO_ACTION.value, gettext_lazy("No action was taken")),
    (Satisfaction.NOT_SATISFIED.value, gettext_lazy("Action was taken but I am not satisfied with it")),
    (Satisfaction.SATISFIED.value, gettext_lazy("I am satisfied with the action taken")),
]
# Part 6 of the 2014 Act, and with it the Community Trigger, came into force on 20 October 2014.
COMMUNITY_TRIGGER_BEGAN = datetime.date(2014, 10, 20)
# How far back an incident may be dated online. Reports must be recent to count (months, not years),
# so an older date is almost always a mistyped year; staff entering an old request are not limited.
INCIDENTS_GO_BACK = datetime.timedelta(days=2 * 365)


def _too_long(label: StrOrPromise, max_length: int) -> StrOrPromise:
    return format_lazy(
        gettext_lazy("{label} must be {count} characters or fewer"), label=label, count=max_length
    )


def _text(
    required_message: StrOrPromise, *, label: StrOrPromise, required: bool = True, max_length: int = 200
) -> forms.CharField:
    """A text answer; `label` names it in its errors ("Your name must be 200 characters or fewer")."""
    return forms.CharField(
        required=required,
        max_length=max_length,
        label=label,
        error_messages={"required": required_message, "max_length": _too_long(label, max_length)},
    )


def _email(label: StrOrPromise, *, required_message: StrOrPromise = "") -> forms.EmailField:
    return forms.EmailField(
        required=bool(required_message),
        max_length=254,
        label=label,
        error_messages={
            "invalid": gettext_lazy("Enter an email address in the correct format, like name@example.com"),
            "max_length": _too_long(label, 254),
            "required": required_message,
        },
    )


def _choice(choices: list[tuple[str, Any]], required_message: StrOrPromise) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=choices, error_messages={"required": required_message, "invalid_choice": required_message}
    )


def _normalise_postcode(value: str) -> str:
    formatted = postcode_format(value)
    if formatted is None:
        raise ValidationError(gettext("Enter a full UK postcode, like AA3 1AB"))
    return formatted


def _phone(value: str) -> str:
    if value and not PHONE.match(value):
        raise ValidationError(
            gettext("Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192")
        )
    return value


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
                gettext("%(label)s must be the same as or before the date the request was received (%(day)s)")
                % {"label": self.fields["date"].label, "day": long_date(self.received_on)},
            )
        return self.cleaned_data


class StaffConductForm(AnswersForm):
    """Asked once the person has told us what happened: a complaint about how a member of staff
    behaved goes to that organisation's complaints procedure, and the request carries on either way."""

    staff_conduct = _choice(
        YES_NO, gettext_lazy("Select yes if your request is also about how a member of staff behaved")
    )


class RoleForm(AnswersForm):
    role = _choice(
        [
            ("victim", gettext_lazy("I am the victim of the anti-social behaviour")),
            ("representative", gettext_lazy("I am acting for the victim")),
            (
                "group_representative",
                gettext_lazy("I am acting for a group of residents or a community group"),
            ),
        ],
        gettext_lazy("Select who you are"),
    )


class _AddressForm(AnswersForm):
    name = _text(gettext_lazy("Enter your full name"), label=gettext_lazy("Your name"))
    address_line_1 = _text(
        gettext_lazy("Enter address line 1, typically the building and street"),
        label=gettext_lazy("Address line 1"),
    )
    address_line_2 = _text("", label=gettext_lazy("Address line 2"), required=False)
    town = _text(gettext_lazy("Enter town or city"), label=gettext_lazy("Town or city"), max_length=100)
    postcode = _text(gettext_lazy("Enter postcode"), label=gettext_lazy("Postcode"), max_length=10)

    def clean_postcode(self) -> str:
        return _normalise_postcode(self.cleaned_data["postcode"])


class YourDetailsForm(_AddressForm):
    """Name and address only: how to reach the person, and whether it is safe, is the next page's."""

    help_needed = _text(
        "", label=gettext_lazy("The help you need to take part"), required=False, max_length=2000
    )


class ContactForm(AnswersForm):
    """How and when it is safe to contact the applicant. Someone may be watched by the person harming
    them, or have neither email nor phone: post alone is enough."""

    channels = forms.MultipleChoiceField(
        choices=CONTACT_WAYS,
        error_messages={
            "required": gettext_lazy("Select at least one way it is safe to contact you"),
            "invalid_choice": gettext_lazy("Select at least one way it is safe to contact you"),
        },
    )
    email = _email(gettext_lazy("Your email address"))
    phone = _text("", label=gettext_lazy("Your phone number"), required=False, max_length=20)
    preferred = _choice(CONTACT_WAYS, gettext_lazy("Select the way you would most like us to contact you"))
    avoid_times = _text("", label=gettext_lazy("Times to avoid"), required=False, max_length=200)
    voicemail_safe = forms.ChoiceField(choices=YES_NO, required=False)
    letters_home_safe = forms.ChoiceField(choices=YES_NO, required=False)
    safe_alternative = _text(
        "", label=gettext_lazy("A safe other address or contact"), required=False, max_length=1000
    )

    def clean_phone(self) -> str:
        return _phone(self.cleaned_data.get("phone", ""))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        channels = data.get("channels") or []
        preferred = data.get("preferred")
        if preferred and "channels" not in self.errors and preferred not in channels:
            self.add_error(
                "preferred",
                gettext(
                    "The way you would most like us to contact you must be one of the safe ways you chose"
                ),
            )
        if ContactPreference.EMAIL in channels and not data.get("email") and "email" not in self.errors:
            self.add_error("email", gettext("Enter your email address, or untick email"))
        phone = data.get("phone", "")
        if "phone" not in self.errors:
            if ContactPreference.TEXT in channels and not MOBILE.match(phone):
                self.add_error(
                    "phone",
                    gettext("Enter a mobile phone number, like 07700 900 982, or untick text message"),
                )
            elif ContactPreference.PHONE in channels and not phone:
                self.add_error("phone", gettext("Enter your phone number, or untick phone call"))
        if (
            ContactPreference.POST in channels
            and data.get("letters_home_safe") == "no"
            and not data.get("safe_alternative")
        ):
            self.add_error(
                "safe_alternative",
                gettext("Enter a safe other address for letters, or untick post"),
            )
        return data


class LetterFormatForm(AnswersForm):
    """The format the applicant needs our letters in, asked once; with "another language", which."""

    need = _choice(LETTER_FORMATS, gettext_lazy("Select the format you need our letters in"))
    language = _text("", label=gettext_lazy("Language"), required=False, max_length=100)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("need") != LetterFormat.OTHER_LANGUAGE:
            # A language typed and then another choice made is not kept: it would mean nothing.
            data["language"] = ""
        elif not data.get("language", "").strip() and "language" not in self.errors:
            self.add_error("language", gettext("Enter the language you need our letters in"))
        return data


class VictimForm(_AddressForm):
    email = _email(gettext_lazy("The victim's email address"))
    phone = _text("", label=gettext_lazy("The victim's phone number"), required=False, max_length=20)
    relationship = _text(
        gettext_lazy("Enter your relationship to the victim"),
        label=gettext_lazy("Your relationship to the victim"),
        max_length=100,
    )
    consent_method = _choice(
        AGREED_BY, gettext_lazy("Select how the victim agreed to you asking for a review for them")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name = self.fields["name"]
        name.error_messages["required"] = gettext("Enter the victim's full name")
        name.error_messages["max_length"] = _too_long(gettext_lazy("The victim's name"), 200)

    def clean_phone(self) -> str:
        return _phone(self.cleaned_data.get("phone", ""))


class MemberForm(AnswersForm):
    name = _text(gettext_lazy("Enter the person's full name"), label=gettext_lazy("Their name"))
    email = _email(gettext_lazy("Their email address"))
    phone = _text("", label=gettext_lazy("Their phone number"), required=False, max_length=20)
    consent = forms.BooleanField(
        error_messages={
            "required": gettext_lazy(
                "Confirm the person agrees to their information being shared. If they do not agree, "
                "do not add them"
            )
        }
    )
    satisfied = _choice(YES_NO, gettext_lazy("Select yes if the person is satisfied with the action taken"))

    def clean_phone(self) -> str:
        return _phone(self.cleaned_data.get("phone", ""))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("email") and not data.get("phone") and not {"email", "phone"} & set(self.errors):
            self.add_error("email", gettext("Enter an email address or a phone number for the person"))
        return data


class AddAnotherForm(AnswersForm):
    """A yes or no question: add another, or (with its own message) remove this one."""

    add_another = _choice(YES_NO, gettext_lazy("Select yes if you need to add another"))

    def __init__(self, *args: Any, required_message: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if required_message:
            self.fields["add_another"].error_messages["required"] = required_message


class IncidentForm(_ToldOfForm):
    date = GovukDateField(label=gettext_lazy("Date of the incident"), past_or_today=True)
    description = _text(
        gettext_lazy("Enter what happened"), label=gettext_lazy("What happened"), max_length=5000
    )
    location = _text(
        gettext_lazy("Enter where it happened"), label=gettext_lazy("Where it happened"), max_length=300
    )
    harassment_alarm_distress = _choice(
        YES_NO, gettext_lazy("Select yes if it caused harassment, alarm or distress")
    )
    hate = _choice(YES_NO, gettext_lazy("Select yes if you think it was motivated by hate"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        day = self.cleaned_data.get("date")
        # Online only: staff entering a request received long ago are bound by the day it came.
        earliest = timezone.localdate() - INCIDENTS_GO_BACK
        if day and self.received_on is None and day < earliest:
            self.add_error(
                "date",
                gettext("Date of the incident must be on or after %(earliest)s")
                % {"earliest": long_date(earliest)},
            )
        return self.cleaned_data


def _reported_by(value: str, name: str) -> str:
    """A choice of who made a report, as a whole phrase: "Reported by you", "Reported by Sam Jones"."""
    if value == "you":
        return gettext("Reported by you, on their behalf") if "," in name else gettext("Reported by you")
    return gettext("Reported by %(name)s") % {"name": name}


class ReportForm(_ToldOfForm):
    by = _choice([], gettext_lazy("Select who made the report"))
    agency = _choice([], gettext_lazy("Select who the report was made to"))
    other_organisation = _text("", label=gettext_lazy("The other organisation"), required=False)
    date = GovukDateField(label=gettext_lazy("Date of the report"), past_or_today=True)
    reference = _text("", label=gettext_lazy("Reference number"), required=False, max_length=100)

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
        by.choices = [(value, _reported_by(value, name)) for value, name in reporters]
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ChoiceField)
        agency.choices = [(str(item.pk), item.name) for item in agencies] + [
            ("other", gettext("Another organisation"))
        ]
        self.incident_date = incident_date

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("agency") == "other" and not data.get("other_organisation"):
            self.add_error("other_organisation", gettext("Enter the name of the other organisation"))
        reported = data.get("date")
        if reported and reported < self.incident_date:
            self.add_error(
                "date",
                gettext("Date of the report must be the same as or after the date of the incident (%(day)s)")
                % {"day": long_date(self.incident_date)},
            )
        return data

    def answers(self) -> dict[str, Any]:
        kept = super().answers()
        if kept["agency"] != "other":
            kept["other_organisation"] = ""
        return kept


class SatisfactionForm(AnswersForm):
    satisfaction = _choice(FEELINGS, gettext_lazy("Select how you feel about the action taken"))


class ImpactForm(AnswersForm):
    impact = _text("", label=gettext_lazy("How it affects you"), required=False, max_length=5000)
    vulnerability = _text(
        "", label=gettext_lazy("Anything that makes you more vulnerable"), required=False, max_length=5000
    )
    support = _text("", label=gettext_lazy("The support you would like"), required=False, max_length=5000)


class ConsentForm(AnswersForm):
    consent = _choice(YES_NO, gettext_lazy("Select yes if you agree to your information being shared"))


class NoConsentForm(AnswersForm):
    """After "no" to sharing: delete the answers now, or keep them for a while in case the person
    changes their mind. Nothing goes without this answer."""

    choice = _choice(
        [
            ("delete", gettext_lazy("Delete my answers now")),
            ("keep", gettext_lazy("Keep my answers in case I change my mind")),
        ],
        gettext_lazy("Select whether to delete your answers now or keep them"),
    )


class ReceivedForm(_DatedAnswersForm):
    """Staff entry's first page: how a request that did not come online came in, and the day it was
    received, which is the application's date. It cannot come before anything the request tells of."""

    channel = _choice(
        [(channel.value, channel.label) for channel in Channel if channel != Channel.ONLINE],
        gettext_lazy("Select how the request came in"),
    )
    date = GovukDateField(label=gettext_lazy("Date received"), past_or_today=True)
    # Asked only where the partnership offers more than one language: every later letter and message
    # to the applicant is written in the language of their request.
    language = _choice(LANGUAGE_CHOICES, gettext_lazy("Select the language the request was made in"))

    def __init__(
        self,
        *args: Any,
        latest_entered: datetime.date | None = None,
        languages: Sequence[str] = ("en",),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.latest_entered = latest_entered
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [(code, name) for code, name in LANGUAGE_CHOICES if code in languages]
        if len(language.choices) < 2:
            del self.fields["language"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        received = self.cleaned_data.get("date")
        if received and received < COMMUNITY_TRIGGER_BEGAN:
            self.add_error(
                "date",
                gettext("Date received must be on or after %(day)s, when the Community Trigger began")
                % {"day": long_date(COMMUNITY_TRIGGER_BEGAN)},
            )
        elif received and self.latest_entered and received < self.latest_entered:
            self.add_error(
                "date",
                gettext(
                    "Date received must be the same as or after the latest incident or report entered "
                    "(%(day)s)"
                )
                % {"day": long_date(self.latest_entered)},
            )
        return self.cleaned_data


class StaffConsentForm(AnswersForm):
    """Staff entry's consent page: how the applicant agreed to their information being shared, as the
    member of staff records it; or that they have not agreed, which ends the request."""

    consent_method = _choice(
        [*AGREED_BY, (NOT_AGREED, gettext_lazy("They have not agreed"))],
        gettext_lazy("Select how the applicant agreed to their information being shared"),
    )

    def answers(self) -> dict[str, Any]:
        method = self.cleaned_data["consent_method"]
        if method == NOT_AGREED:
            return {"consent": "no", "consent_method": None}
        return {"consent": "yes", "consent_method": method}


class SendForm(GovukForm):
    """Check answers' button: nothing to fill in, but a problem sending is shown as the form's."""


class SaveForm(AnswersForm):
    """Ways back to saved answers besides the code on screen, both optional: a link by email, and the
    code by text message."""

    email = _email(gettext_lazy("Email address"))
    mobile = _text("", label=gettext_lazy("Mobile phone number"), required=False, max_length=20)

    def clean_mobile(self) -> str:
        mobile = self.cleaned_data.get("mobile", "")
        if mobile and not MOBILE.match(mobile):
            raise ValidationError(gettext("Enter a mobile phone number, like 07700 900 982"))
        return str(mobile)


class ReturnForm(AnswersForm):
    """The code that reopens saved answers, as shown on screen or sent by text: XXXX-XXXX."""

    code = _text(gettext_lazy("Enter your code"), label=gettext_lazy("Your code"), max_length=20)


class WithdrawForm(AnswersForm):
    confirm = _choice(YES_NO, gettext_lazy("Select yes if you want to withdraw your request"))
    reason = _text("", label=gettext_lazy("Your reason"), required=False, max_length=2000)
