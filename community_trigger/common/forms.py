"""Form pieces for GOV.UK Design System pages: a base form that takes invisible characters out of what
is typed, a date field, and what templates read."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.http import QueryDict
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_PARTS = ("day", "month", "year")
# Each box's label, in the language being spoken.
_DATE_PART_LABELS = {"day": gettext_lazy("Day"), "month": gettext_lazy("Month"), "year": gettext_lazy("Year")}

_DIGITS = re.compile(r"[0-9]+")

# GOV.UK asks services to accept unambiguous input, and people do type months as words.
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

# Words a label may start with that already make "Enter ..." read well without adding "the".
_DETERMINERS = ("the ", "your ", "their ", "a ", "an ")


@dataclass(frozen=True)
class GovukOption:
    """One radio or checkbox as the component templates draw it."""

    id: str
    value: str
    label: str
    checked: bool


@dataclass(frozen=True)
class DatePart:
    """One of the three boxes of a date input, holding exactly what the person typed."""

    name: str
    label: str
    id: str
    html_name: str
    value: str
    error: bool
    width_class: str


class GovukBoundField(BoundField):
    """A bound field that also tells the component templates the GOV.UK details they need."""

    @property
    def first_input_id(self) -> str:
        """The id the error summary links to: the field itself, or the first radio or checkbox."""
        return self.auto_id

    @property
    def is_single_checkbox(self) -> bool:
        return isinstance(self.field, forms.BooleanField)

    @property
    def govuk_options(self) -> list[GovukOption]:
        """The radios or checkboxes, numbered the GOV.UK way: <id>, <id>-2, <id>-3 ..."""
        if self.is_single_checkbox:
            return [
                GovukOption(id=self.auto_id, value="true", label=str(self.label), checked=bool(self.value()))
            ]
        chosen = {str(value) for value in _as_list(self.value()) if value is not None and value != ""}
        options: list[GovukOption] = []
        for value, label in _flat_choices(getattr(self.field, "choices", ())):
            # A blank "---------" choice has no place among radios or checkboxes.
            if str(value) == "":
                continue
            number = len(options) + 1
            option_id = self.auto_id if number == 1 else f"{self.auto_id}-{number}"
            options.append(
                GovukOption(id=option_id, value=str(value), label=str(label), checked=str(value) in chosen)
            )
        return options


class GovukDateBoundField(GovukBoundField):
    """A GovukDateField on a form: its three parts, and which of them the error is about."""

    @property
    def error_parts(self) -> frozenset[str]:
        errors = self.form.errors.get(self.name)
        if not errors:
            return frozenset()
        params = getattr(errors.as_data()[0], "params", None) or {}
        # An error from the form's own clean() says nothing about parts: the whole date is wrong.
        return frozenset(params.get("parts") or DATE_PARTS)

    @property
    def date_parts(self) -> list[DatePart]:
        wrong = self.error_parts
        return [
            DatePart(
                name=name,
                label=str(_DATE_PART_LABELS[name]),
                id=f"{self.auto_id}-{name}",
                html_name=f"{self.html_name}-{name}",
                value=typed,
                error=name in wrong,
                width_class="govuk-input--width-4" if name == "year" else "govuk-input--width-2",
            )
            for name, typed in zip(DATE_PARTS, self._typed(), strict=True)
        ]

    @property
    def first_input_id(self) -> str:
        wrong = self.error_parts
        first = next((name for name in DATE_PARTS if name in wrong), DATE_PARTS[0])
        return f"{self.auto_id}-{first}"

    def _typed(self) -> list[str]:
        value = self.value()
        if isinstance(value, datetime.date):
            return _date_to_parts(value)
        if isinstance(value, list | tuple) and len(value) == len(DATE_PARTS):
            return ["" if part is None else str(part) for part in value]
        return ["", "", ""]


class GovukDateWidget(forms.MultiWidget):
    """Day, month and year boxes; posted as <name>-day, <name>-month and <name>-year."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            widgets={name: forms.TextInput(attrs={"inputmode": "numeric"}) for name in DATE_PARTS},
            attrs=attrs,
        )
        self.widgets_names = [f"-{name}" for name in DATE_PARTS]

    def decompress(self, value: Any) -> list[str | None]:
        if isinstance(value, datetime.date):
            return list(_date_to_parts(value))
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date typed into three boxes, checked with the GOV.UK date input error messages.

    The label is the noun the messages use: label "Date of the incident" gives "Enter the date of the
    incident", "Date of the incident must include a month", "Date of the incident must be a real date".
    Every message can be replaced through error_messages (keys as in default_error_messages), with
    {label}, {noun} (the label in lower case), {the_noun} ("the date of the incident") and {missing}
    ("day and year") filled in. Templates show one message a field, the first, as the summary does.
    """

    widget = GovukDateWidget
    bound_field_class = GovukDateBoundField
    default_error_messages = {
        "required": gettext_lazy("Enter {the_noun}"),
        "incomplete": gettext_lazy("{label} must include a {missing}"),
        "invalid": gettext_lazy("{label} must be a real date"),
        "year_length": gettext_lazy("Year must include 4 numbers"),
        "past_or_today": gettext_lazy("{label} must be today or in the past"),
    }

    def __init__(self, *, label: StrOrPromise, past_or_today: bool = False, **kwargs: Any) -> None:
        self.past_or_today = past_or_today
        kwargs.setdefault("require_all_fields", False)
        part_fields = tuple(forms.CharField(required=False) for _ in DATE_PARTS)
        super().__init__(fields=part_fields, label=label, **kwargs)

    def clean(self, value: Any) -> datetime.date | None:
        # MultiValueField would clean each part on its own and then compress; the GOV.UK messages
        # depend on all three parts together, so the whole check happens here instead.
        if isinstance(value, datetime.date):
            return value
        parts = [*value, "", "", ""][:3] if isinstance(value, list | tuple) else ["", "", ""]
        day, month, year = (_squash(part) for part in parts)
        result = _read_date(day, month, year)
        if result is None:
            if self.required:
                raise self._error("required", DATE_PARTS)
            return None
        if isinstance(result, _Problem):
            raise self._error(result.code, result.parts, missing=result.missing)
        if self.past_or_today and result > timezone.localdate():
            raise self._error("past_or_today", DATE_PARTS)
        self.run_validators(result)
        return result

    def _error(self, code: str, parts: tuple[str, ...], missing: str = "") -> ValidationError:
        label = str(self.label or "Date")
        noun = _lower_first(label)
        the_noun = noun if noun.startswith(_DETERMINERS) else f"the {noun}"
        message = str(self.error_messages[code]).format(
            label=label, noun=noun, the_noun=the_noun, missing=missing
        )
        # The parts ride along as params, so the bound field can highlight only those boxes. Django
        # applies params with %-formatting, hence the doubled percent signs.
        return ValidationError(message.replace("%", "%%"), code=code, params={"parts": parts})


# Format characters (Unicode category Cf: bidirectional embeddings, overrides and isolates, zero-width
# spaces and joiners, marks, the byte order mark, soft hyphens) and control characters (Cc) change how
# text reads without being seen: a right-to-left override makes "Mallory\u202egnp.exe" print as
# "Malloryexe.png" on a letter or a meeting pack. Lone surrogates (Cs) cannot even be stored. Line breaks
# and tabs are kept: the forms do not know which fields the pages draw as textareas.
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Cs"})
_KEPT_CONTROLS = frozenset("\n\r\t")
_LINE_SEPARATORS = frozenset("\u2028\u2029")


def plain_text(typed: str) -> str:
    """`typed` without the characters that change how text reads without being seen."""
    if typed.isascii() and typed.isprintable():
        return typed  # the usual case, quickly
    kept: list[str] = []
    for character in typed:
        if character in _LINE_SEPARATORS:
            kept.append("\n")
        elif character in _KEPT_CONTROLS or unicodedata.category(character) not in _INVISIBLE_CATEGORIES:
            kept.append(character)
    return "".join(kept)


class PlainTextFormMixin(forms.BaseForm):
    """Takes invisible characters out of everything posted to the form (plain_text), before any field
    or clean method sees it, so that every form, public or staff, stores text that reads as it looks.
    Stripping rather than refusing: nobody types these on purpose, and a distressed person should not
    be told off for what their phone pasted. Passwords are left exactly as typed.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = self._plain_data(self.data)

    def _plain_data(self, data: Any) -> Any:
        secret = {
            self.add_prefix(name)
            for name, field in self.fields.items()
            if isinstance(field.widget, forms.PasswordInput)
        }

        def clean(key: str, value: Any) -> Any:
            if key in secret:
                return value
            if isinstance(value, str):
                return plain_text(value)
            if isinstance(value, list | tuple):
                return [plain_text(item) if isinstance(item, str) else item for item in value]
            return value

        if isinstance(data, QueryDict | MultiValueDict):
            # A copy: the request's own POST stays as it came.
            copied = data.copy()
            for key in list(copied.keys()):
                copied.setlist(key, clean(key, copied.getlist(key)))
            return copied
        return {key: clean(key, value) for key, value in data.items()}


class GovukFormMixin(PlainTextFormMixin, forms.BaseForm):
    """What every GOV.UK form here shares: no label colons, no browser validation, stripped text
    without invisible characters, the bound fields the component templates read, and the error
    summary's links.

    Mix it into a ModelForm as `class ThingForm(GovukFormMixin, forms.ModelForm)`; GovukForm is the
    plain form with it.
    """

    bound_field_class = GovukBoundField
    error_css_class = ""
    required_css_class = ""
    # GOV.UK validates on the server only; a browser's own bubbles are not accessible.
    use_required_attribute = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput):
                field.strip = True

    def error_summary_items(self) -> list[tuple[str, str]]:
        """(href, message) pairs for the error summary, in the order the fields are on the page."""
        fields = list(self)
        visible = [field for field in fields if not field.is_hidden]
        page_top = f"#{_first_input_id(visible[0])}" if visible else "#"
        items = [(page_top, str(message)) for message in self.non_field_errors()]
        for field in fields:
            if field.errors:
                href = page_top if field.is_hidden else f"#{_first_input_id(field)}"
                items.append((href, str(field.errors[0])))
        return items


class GovukForm(GovukFormMixin, forms.Form):
    """The base for a question page's form."""


@dataclass(frozen=True)
class _Problem:
    code: str
    parts: tuple[str, ...]
    missing: str = ""


def _read_date(day: str, month: str, year: str) -> datetime.date | _Problem | None:
    """The date in three typed parts, or the first problem in GOV.UK's order: missing, then wrong."""
    typed = {"day": day, "month": month, "year": year}
    missing = [name for name in DATE_PARTS if not typed[name]]
    if len(missing) == len(DATE_PARTS):
        return None
    if missing:
        # One part missing: highlight it; more than one: GOV.UK highlights the whole date.
        parts = tuple(missing) if len(missing) == 1 else DATE_PARTS
        return _Problem("incomplete", parts, missing=" and ".join(missing))

    day_number = int(day) if _DIGITS.fullmatch(day) else None
    month_number = int(month) if _DIGITS.fullmatch(month) else _MONTHS.get(month.lower())
    year_number = int(year) if _DIGITS.fullmatch(year) else None
    wrong: list[tuple[str, str]] = []
    if day_number is None or not 1 <= day_number <= 31:
        wrong.append(("day", "invalid"))
    if month_number is None or not 1 <= month_number <= 12:
        wrong.append(("month", "invalid"))
    if year_number is None or year_number < 1:
        wrong.append(("year", "invalid"))
    elif len(year) != 4:
        wrong.append(("year", "year_length"))
    if len(wrong) == 1:
        name, code = wrong[0]
        return _Problem(code, (name,))
    if wrong or day_number is None or month_number is None or year_number is None:
        return _Problem("invalid", DATE_PARTS)
    try:
        return datetime.date(year_number, month_number, day_number)
    except ValueError:
        # 30 February: each part is fine alone, and it is not clear which one is wrong.
        return _Problem("invalid", DATE_PARTS)


def _squash(part: object) -> str:
    """What was typed, without any spaces (" 3 " and "2 024" are unambiguous)."""
    return "".join(str(part).split()) if part is not None else ""


def _date_to_parts(value: datetime.date) -> list[str]:
    return [str(value.day), str(value.month), str(value.year)]


def _lower_first(label: str) -> str:
    # Keep acronyms as they are: "MOT date" stays "MOT date", "Date of birth" becomes "date of birth".
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def _first_input_id(field: BoundField) -> str:
    return field.first_input_id if isinstance(field, GovukBoundField) else field.auto_id


def _as_list(value: object) -> list[object]:
    if isinstance(value, list | tuple | set | frozenset):
        return list(value)
    return [value]


def _flat_choices(choices: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
    for value, label in choices:
        if isinstance(label, list | tuple):
            yield from _flat_choices(label)
        else:
            yield value, label
