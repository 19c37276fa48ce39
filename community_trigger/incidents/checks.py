"""What each incident record an agency sends says, checked: every field read and every problem named
by row (or record) and column (or field). The same checks serve a spreadsheet's rows and the API's
JSON records. Nothing here writes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from community_trigger.common.search_keys import phone_key, postcode_format, postcode_key, text_key
from community_trigger.imports.sheets import Problem, Uncalculated, header_key
from community_trigger.incidents.models import Category

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Field:
    name: str
    label: StrOrPromise
    required: bool = False
    limit: int = 0


# Our fields, in the order the upload's column mapping asks for them. The API's records use the names.
FIELDS = {
    field.name: field
    for field in (
        Field("reference", gettext_lazy("Agency reference"), required=True, limit=100),
        Field("occurred_at", gettext_lazy("Date (and time) of the incident"), required=True),
        Field("occurred_time", gettext_lazy("Time of the incident")),
        Field("category", gettext_lazy("ASB category"), required=True),
        Field("description", gettext_lazy("Description"), required=True, limit=1000),
        Field("reporter_name", gettext_lazy("Reporter's name"), limit=200),
        Field("reporter_phone", gettext_lazy("Reporter's phone"), limit=40),
        Field("reporter_email", gettext_lazy("Reporter's email"), limit=254),
        Field("reporter_address", gettext_lazy("Reporter's address"), limit=300),
        Field("reporter_postcode", gettext_lazy("Reporter's postcode")),
        Field("location_address", gettext_lazy("Location address"), limit=300),
        Field("location_postcode", gettext_lazy("Location postcode")),
        Field("latitude", gettext_lazy("Latitude")),
        Field("longitude", gettext_lazy("Longitude")),
    )
}
REQUIRED = tuple(name for name, field in FIELDS.items() if field.required)

# The words agencies' systems use for the three national categories.
CATEGORIES = {
    header_key(said): category
    for category, saids in (
        (Category.PERSONAL, ("personal", "asb personal", "personal asb", "asb-personal")),
        (Category.NUISANCE, ("nuisance", "asb nuisance", "nuisance asb", "asb-nuisance")),
        (
            Category.ENVIRONMENTAL,
            ("environmental", "environment", "asb environmental", "environmental asb", "asb-environmental"),
        ),
    )
    for said in saids
}
# Coordinates must fall in the United Kingdom (with its waters): a swapped pair, or a point of
# another map, is caught here rather than placed in the sea.
LATITUDES = (Decimal("49.5"), Decimal("61.0"))
LONGITUDES = (Decimal("-8.7"), Decimal("2.0"))

_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$|^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


@dataclass(frozen=True)
class Candidate:
    """A record that passed every check, with its keys: what will be kept."""

    row: int
    reference: str
    occurred_at: datetime
    time_known: bool
    category: str
    description: str
    reporter_name: str
    reporter_phone: str
    reporter_email: str
    reporter_address: str
    reporter_postcode: str
    location_address: str
    location_postcode: str
    latitude: Decimal | None
    longitude: Decimal | None

    def keys(self) -> dict[str, str]:
        """The keys kept beside what was sent, by the model's field names."""
        return {
            "reporter_name_key": text_key(self.reporter_name),
            "reporter_phone_key": phone_key(self.reporter_phone),
            "reporter_email_key": self.reporter_email.strip().lower(),
            "reporter_address_key": text_key(self.reporter_address),
            "reporter_postcode_key": postcode_key(self.reporter_postcode),
            "location_address_key": text_key(self.location_address),
            "location_postcode_key": postcode_key(self.location_postcode),
            "location_point_key": point_key(self.latitude, self.longitude),
        }


class _Record:
    """One record's values by field name, gathering its problems as they are read."""

    def __init__(self, row: int, values: Mapping[str, Any], columns: Mapping[str, str]) -> None:
        self.row, self.values, self.columns = row, values, columns
        self.problems: list[Problem] = []

    def problem(self, name: str, message: str) -> None:
        self.problems.append(Problem(self.row, self.columns.get(name, name), message))

    def text(self, name: str) -> str:
        value = self.values.get(name)
        if isinstance(value, Uncalculated):
            self.problem(
                name,
                gettext(
                    "holds a formula with no saved value: open and save the file in a spreadsheet program"
                ),
            )
            return ""
        if value is None or isinstance(value, (dict, list)):
            if value is not None:
                self.problem(name, gettext("must be text, not a list or an object"))
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        said = str(value).strip()
        field = FIELDS[name]
        if not said and field.required:
            self.problem(name, gettext("is empty: enter the %(what)s") % {"what": str(field.label).lower()})
        if field.limit and len(said) > field.limit:
            self.problem(name, gettext("is longer than %(limit)s characters") % {"limit": field.limit})
            return ""
        return said

    def moment(self, today: date) -> tuple[datetime | None, bool]:
        """The incident's date and time, and whether the time was given (a day alone starts at 00:00)."""
        value = self.values.get("occurred_at")
        day: date | None = None
        at: time | None = None
        if isinstance(value, datetime):
            day, at = value.date(), (value.time() if value.time() != time.min else None)
        elif isinstance(value, date):
            day = value
        else:
            said = self.text("occurred_at")
            if not said:
                return None, False
            day, at = _parse_moment(said)
            if day is None and (aware := _parse_aware(said)) is not None:
                # A system's timestamp with its offset ("2024-03-31T20:30:00Z"): the time here.
                day, at = aware.date(), aware.time()
            if day is None:
                self.problem(
                    "occurred_at",
                    gettext("“%(said)s” is not a date (write 2024-03-31, 31/03/2024 or 2024-03-31 14:30)")
                    % {"said": said},
                )
                return None, False
        time_from = "occurred_at"
        given_time = self.values.get("occurred_time")
        if _given(given_time):
            time_from = "occurred_time"
        if isinstance(given_time, time):
            at = given_time
        elif isinstance(given_time, datetime):
            at = given_time.time()
        else:
            said_time = self.text("occurred_time")
            if said_time:
                at = _parse_time(said_time)
                if at is None:
                    self.problem(
                        "occurred_time",
                        gettext("“%(said)s” is not a time (write 14:30)") % {"said": said_time},
                    )
                    return None, False
        if day > today:
            self.problem("occurred_at", gettext("%(day)s is in the future") % {"day": day.isoformat()})
            return None, False
        moment = timezone.make_aware(datetime.combine(day, at or time.min))
        if moment > timezone.now():
            self.problem(time_from, gettext("%(time)s today is still to come") % {"time": f"{at:%H:%M}"})
            return None, False
        return moment, at is not None

    def category(self) -> str:
        said = self.text("category")
        if not said:
            return ""
        found = CATEGORIES.get(header_key(said))
        if found is None:
            self.problem(
                "category",
                gettext("“%(said)s” is not an ASB category (use personal, nuisance or environmental)")
                % {"said": said},
            )
            return ""
        return str(found)

    def postcode(self, name: str) -> str:
        said = self.text(name)
        if not said:
            return ""
        written = postcode_format(said)
        if written is None:
            self.problem(
                name, gettext("“%(said)s” is not a UK postcode (write it as SO51 8AB)") % {"said": said}
            )
            return ""
        return written

    def email(self) -> str:
        said = self.text("reporter_email")
        if said:
            try:
                validate_email(said)
            except ValidationError:
                self.problem("reporter_email", gettext("“%(said)s” is not an email address") % {"said": said})
                return ""
        return said

    def phone(self) -> str:
        said = self.text("reporter_phone")
        if said and not 6 <= len(phone_key(said)) <= 15:
            self.problem("reporter_phone", gettext("“%(said)s” is not a phone number") % {"said": said})
            return ""
        return said

    def coordinate(self, name: str, bounds: tuple[Decimal, Decimal]) -> Decimal | None:
        said = self.text(name)
        if not said:
            return None
        try:
            value = Decimal(said)
        except InvalidOperation:
            self.problem(name, gettext("“%(said)s” is not a number") % {"said": said})
            return None
        if not value.is_finite() or not bounds[0] <= value <= bounds[1]:
            self.problem(
                name,
                gettext("%(said)s is outside the United Kingdom (%(low)s to %(high)s)")
                % {"said": said, "low": bounds[0], "high": bounds[1]},
            )
            return None
        return value.quantize(Decimal("0.000001"))


def point_key(latitude: Decimal | None, longitude: Decimal | None) -> str:
    """Coordinates to four decimal places (about 10 metres), as one key; empty without them."""
    if latitude is None or longitude is None:
        return ""
    place = Decimal("0.0001")
    return f"{latitude.quantize(place)},{longitude.quantize(place)}"


def _given(value: Any) -> bool:
    """The cell or field holds something (a problem with it is reported where it is read)."""
    return value is not None and str(value).strip() != ""


def _parse_moment(said: str) -> tuple[date | None, time | None]:
    """A date, ISO (2024-03-31) or UK (31/03/2024), with or without a time after it (space or T)."""
    day_part, _, time_part = said.replace("T", " ", 1).partition(" ")
    found = _DATE.match(day_part.strip())
    if not found:
        return None, None
    parts = found.groups()
    year, month, day = (parts[0], parts[1], parts[2]) if parts[0] else (parts[5], parts[4], parts[3])
    try:
        parsed = date(int(year), int(month), int(day))
    except ValueError:
        return None, None
    if not time_part.strip():
        return parsed, None
    at = _parse_time(time_part.strip())
    return (parsed, at) if at is not None else (None, None)


def _parse_aware(said: str) -> datetime | None:
    """An ISO 8601 timestamp with a UTC offset or Z, as the service's local time; None otherwise."""
    try:
        parsed = datetime.fromisoformat(said)
    except ValueError:
        return None
    return timezone.localtime(parsed) if parsed.tzinfo is not None else None


def _parse_time(said: str) -> time | None:
    found = _TIME.match(said)
    if not found:
        return None
    try:
        return time(int(found.group(1)), int(found.group(2)), int(found.group(3) or 0))
    except ValueError:
        return None


def record_check(
    row: int, values: Mapping[str, Any], columns: Mapping[str, str], today: date
) -> tuple[Candidate | None, list[Problem]]:
    """Record `row`'s candidate, or None, with every problem it has (all of them, not the first).
    `columns` names each field as the sender knows it (the file's header); the field's name otherwise."""
    record = _Record(row, values, columns)
    reference = record.text("reference")
    occurred_at, time_known = record.moment(today)
    category = record.category()
    description = record.text("description")
    reporter_postcode = record.postcode("reporter_postcode")
    location_postcode = record.postcode("location_postcode")
    latitude = record.coordinate("latitude", LATITUDES)
    longitude = record.coordinate("longitude", LONGITUDES)
    said = {name: record.text(name) for name in ("reporter_name", "reporter_address", "location_address")}
    phone, email = record.phone(), record.email()
    if _given(values.get("latitude")) != _given(values.get("longitude")):
        missing = "latitude" if _given(values.get("longitude")) else "longitude"
        record.problem(missing, gettext("is empty: give both coordinates, or neither"))
    if not any(_given(values.get(name)) for name in ("location_address", "location_postcode", "latitude")):
        record.problem(
            "location_address", gettext("is empty: give the location's address, postcode or coordinates")
        )
    if record.problems or occurred_at is None:
        return None, record.problems
    return (
        Candidate(
            row=row,
            reference=reference,
            occurred_at=occurred_at,
            time_known=time_known,
            category=category,
            description=description,
            reporter_name=said["reporter_name"],
            reporter_phone=phone,
            reporter_email=email,
            reporter_address=said["reporter_address"],
            reporter_postcode=reporter_postcode,
            location_address=said["location_address"],
            location_postcode=location_postcode,
            latitude=latitude,
            longitude=longitude,
        ),
        [],
    )


def mapping_check(
    headers: list[Any], mapping: Mapping[str, str]
) -> tuple[dict[str, int], dict[str, str], list[Problem]]:
    """Where each mapped field is in the file (its column's position) and its header as written, with
    the problems of the mapping against the file's header row: a required field not mapped, a mapped
    header the file does not have, one header mapped to two fields."""
    by_key = {header_key(header): position for position, header in enumerate(headers) if header_key(header)}
    positions: dict[str, int] = {}
    written: dict[str, str] = {}
    problems: list[Problem] = []
    used: dict[int, str] = {}
    for name, header in mapping.items():
        if name not in FIELDS or not header:
            continue
        position = by_key.get(header_key(header))
        if position is None:
            problems.append(Problem(1, header, gettext("is not a column of this file")))
            continue
        if position in used:
            problems.append(
                Problem(1, header, gettext("is chosen for two fields: choose one column for each"))
            )
            continue
        used[position] = name
        positions[name], written[name] = position, str(headers[position]).strip()
    for name in REQUIRED:
        if name not in positions and not any(problem.column == mapping.get(name) for problem in problems):
            problems.append(
                Problem(1, str(FIELDS[name].label), gettext("has no column: choose the file's column for it"))
            )
    return positions, written, problems


def guess_mapping(headers: list[Any], saved: Mapping[str, str]) -> dict[str, str]:
    """The mapping to propose for a file: the agency's saved one where the file has that header, else
    a header that reads as the field's name or label ("Reporter postcode", "reporter_postcode")."""
    present = {header_key(header): str(header).strip() for header in headers if header_key(header)}
    proposed: dict[str, str] = {}
    for name, field in FIELDS.items():
        for said in (saved.get(name, ""), name, str(field.label)):
            found = present.get(header_key(said)) if said else None
            if found and found not in proposed.values():
                proposed[name] = found
                break
    return proposed
