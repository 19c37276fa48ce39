"""Finding a person across every case of a partnership, for a data request: in every role, among
alleged perpetrators, places, diary entries, documents, letters, messages, agencies' answers, meetings
and incidents, by name, email, phone, address, postcode and date of birth, typing differences allowed.

As the case list's search does (cases/selectors.py), the database narrows first on what it can look
up (an email or postcode as typed, a phone's last digits, the first letters of each word of a name or
an address, a date of birth as people write one), each source bounded to its newest
FUZZY_CANDIDATES rows of the partnership's cases; only those candidates are scored in Python with
rapidfuzz (common.search_keys). Nothing reads a whole partnership's rows into memory."""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import reduce
from typing import Any

from django.db.models import F, Model, Q, Value
from django.db.models.functions import Replace
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from community_trigger.cases.models import Application, Incident, Person
from community_trigger.common.search_keys import (
    CLOSE_ENOUGH,
    closeness,
    phone_key,
    postcode_format,
    postcode_key,
    words_of,
)
from community_trigger.datarequests.wording import SOURCE_WORDS
from community_trigger.diary.models import Entry
from community_trigger.documents.models import Document
from community_trigger.letters.models import Letter
from community_trigger.notifications.models import Message
from community_trigger.related.models import AllegedPerpetrator, Place
from community_trigger.reviews.models import Meeting
from community_trigger.sharing.models import InformationResponse

FUZZY_CANDIDATES = 1000
# How much of a longer text a name must match, typed differently, to be found in it (rapidfuzz's
# partial_ratio, 0-100): "Jane Smyth" in "Spoke to Jane Smith about the noise" scores 90.
CLOSE_IN_TEXT = 88.0
# The digits of a phone number the database narrows on: enough to be nearly unique, few enough to be
# found however the number was spaced ("07700 900 982" and "07700900982" share "900982" once spaces go).
PHONE_TAIL = 6


@dataclass(frozen=True)
class Looking:
    """What the person gave to find them by; any may be empty."""

    name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    postcode: str = ""
    date_of_birth: date | None = None

    @property
    def email_key(self) -> str:
        return self.email.strip().lower()

    @property
    def phone_digits(self) -> str:
        return phone_key(self.phone)

    @property
    def postcode_compact(self) -> str:
        return postcode_key(self.postcode)

    def birth_dates_written(self) -> list[str]:
        """The date of birth as people write it: 12/03/1980, 12/3/1980, 12.03.1980, 1980-03-12, 12 March
        1980, 12 Mar 1980."""
        born = self.date_of_birth
        if born is None:
            return []
        month = born.strftime("%B")
        return [
            f"{born.day:02d}/{born.month:02d}/{born.year}",
            f"{born.day}/{born.month}/{born.year}",
            f"{born.day:02d}.{born.month:02d}.{born.year}",
            born.isoformat(),
            f"{born.day} {month} {born.year}",
            f"{born.day} {month[:3]} {born.year}",
        ]


@dataclass(frozen=True)
class Where:
    """One kind of record, and which of its fields hold what: `case` is the path to its case's id."""

    source: str
    model: type[Model]
    case: str
    names: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    postcodes: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()

    @property
    def fields(self) -> list[str]:
        every = (self.names, self.emails, self.phones, self.addresses, self.postcodes, self.texts)
        return list(dict.fromkeys(name for group in every for name in group))


WHERE: tuple[Where, ...] = (
    Where(
        "person",
        Person,
        "application_id",
        names=("name",),
        emails=("email",),
        phones=("phone",),
        addresses=("address",),
        postcodes=("postcode",),
    ),
    Where(
        "perpetrator",
        AllegedPerpetrator,
        "application_id",
        names=("names",),
        addresses=("address",),
        postcodes=("postcode",),
        texts=("description",),
    ),
    Where("place", Place, "application_id", addresses=("address",), postcodes=("postcode",)),
    Where("incident", Incident, "application_id", texts=("description", "location")),
    Where("diary", Entry, "application_id", texts=("with_whom", "summary")),
    Where("document", Document, "application_id", texts=("name", "description")),
    Where(
        "letter",
        Letter,
        "application_id",
        names=("recipient_name",),
        emails=("recipient_email",),
        addresses=("recipient_address",),
        texts=("body_text",),
    ),
    Where("message", Message, "case_id", emails=("to",), phones=("to",)),
    Where(
        "answer",
        InformationResponse,
        "request__application_id",
        texts=("action_taken", "outcome", "other_history", "risk"),
    ),
    Where(
        "meeting",
        Meeting,
        "application_id",
        texts=("attendees", "findings", "applicant_comments", "summary_for_applicant"),
    ),
)
WHERE_BY_SOURCE = {where.source: where for where in WHERE}


@dataclass
class Match:
    """A record that may be the person's, and why: the words name the detail that matched, never the
    data itself."""

    source: str
    row_id: int
    case_id: int
    reference: str = ""
    why: list[str] = field(default_factory=list)
    # A little of what the record says, for the coordinator to tell whether it is the person's.
    preview: str = ""

    @property
    def key(self) -> str:
        return f"{self.source}:{self.row_id}"

    @property
    def kind_words(self) -> str:
        return str(SOURCE_WORDS[self.source])


def _starts(text: str, *, length: int) -> list[str]:
    """The first `length` letters of each word of `text` that is long enough to be worth it."""
    return list(dict.fromkeys(word[:length] for word in words_of(text) if len(word) >= 3 and word.isalpha()))


def _any(lookups: Iterable[tuple[str, str]]) -> Q:
    return reduce(operator.or_, (Q(**{lookup: value}) for lookup, value in lookups), Q(pk__in=[]))


def _narrowing(where: Where, looking: Looking) -> tuple[Q, Q]:
    """What the database narrows `where`'s rows on, before anything is scored: what finds the person
    as they were written (an email, a postcode, a date of birth, their whole name or surname), and
    what finds them typed differently (the first letters of each word of a name or an address). The
    two are read apart, so that the many rows sharing a name's first letters never crowd out the few
    that hold the person's email."""
    precise: list[tuple[str, str]] = []
    close: list[tuple[str, str]] = []
    name = " ".join(looking.name.split())
    # The longest word of a name is the likeliest to be a surname, and the least common.
    longest = max((word for word in name.split() if len(word) >= 4), key=len, default="")
    name_starts = _starts(name, length=3)
    for field_name in where.names:
        if name:
            precise.append((f"{field_name}__icontains", name))
        if longest:
            precise.append((f"{field_name}__icontains", longest))
        close += [(f"{field_name}__icontains", start) for start in name_starts]
    written = postcode_format(looking.postcode) or looking.postcode.strip()
    for text in where.texts:
        if longest:
            precise.append((f"{text}__icontains", longest))
        if looking.email_key:
            precise.append((f"{text}__icontains", looking.email_key))
        if looking.postcode_compact:
            precise.append((f"{text}__icontains", written))
        precise += [(f"{text}__icontains", day) for day in looking.birth_dates_written()]
        close += [(f"{text}__icontains", start) for start in name_starts]
        if len(looking.phone_digits) >= PHONE_TAIL:
            close.append((f"{text}__icontains", looking.phone_digits[-3:]))
    if looking.email_key:
        precise += [(f"{email}__iexact", looking.email_key) for email in where.emails]
    if looking.postcode_compact:
        precise += [(f"{postcode}__iexact", written) for postcode in where.postcodes]
    if len(looking.phone_digits) >= PHONE_TAIL:
        close += [(f"{phone}__contains", looking.phone_digits[-3:]) for phone in where.phones]
    for address in where.addresses:
        close += [(f"{address}__icontains", start) for start in _starts(looking.address, length=4)[:3]]
    return _any(precise), _any(close)


def _phone_digits(field_name: str) -> Any:
    """`field_name` with the spaces, dashes, dots and brackets people write in a phone number taken out."""
    stripped: Any = F(field_name)
    for character in " -().":
        stripped = Replace(stripped, Value(character), Value(""))
    return stripped


def _text_has_name(name: str, text: str) -> bool:
    if len(name.strip()) < 4:
        return False
    return fuzz.partial_ratio(name, text, processor=default_process) >= CLOSE_IN_TEXT


def _digits(text: str) -> str:
    return re.sub(r"[\s\-().]", "", text)


def _why(where: Where, row: dict[str, Any], looking: Looking) -> list[str]:
    """The details of `looking` that `row` matches, in words."""
    why: list[str] = []
    if looking.name:
        if any(closeness(looking.name, row[name] or "") >= CLOSE_ENOUGH for name in where.names if row[name]):
            why.append("name")
        elif any(_text_has_name(looking.name, row[text] or "") for text in where.texts if row[text]):
            why.append("name in text")
    if looking.email_key:
        if any((row[email] or "").strip().lower() == looking.email_key for email in where.emails):
            why.append("email")
        elif any(looking.email_key in (row[text] or "").lower() for text in where.texts):
            why.append("email in text")
    digits = looking.phone_digits
    if len(digits) >= PHONE_TAIL:
        if any(phone_key(row[phone] or "") == digits for phone in where.phones if row[phone]):
            why.append("phone")
        elif any(digits[1:] in _digits(row[text] or "") for text in where.texts if row[text]):
            why.append("phone in text")
    if looking.postcode_compact:
        if any(postcode_key(row[code] or "") == looking.postcode_compact for code in where.postcodes):
            why.append("postcode")
        elif any(looking.postcode_compact in postcode_key(row[text] or "") for text in where.texts):
            why.append("postcode in text")
    addresses = [row[address] for address in where.addresses if row[address]]
    if looking.address and any(closeness(looking.address, address) >= CLOSE_ENOUGH for address in addresses):
        why.append("address")
    written = [date.lower() for date in looking.birth_dates_written()]
    if written and any(any(w in (row[text] or "").lower() for w in written) for text in where.texts):
        why.append("date of birth in text")
    return why


# How much of a record the search results show.
PREVIEW_LENGTH = 120


def _preview(where: Where, row: dict[str, Any]) -> str:
    shown = [row[name] for name in where.fields if row[name]]
    text = " · ".join(" ".join(str(value).split()) for value in shown[:2])
    return text if len(text) <= PREVIEW_LENGTH else text[: PREVIEW_LENGTH - 1] + "…"


def _narrowed_reads(where: Where, looking: Looking) -> list[tuple[dict[str, Any], Q]]:
    """The reads of `where`'s rows, each bounded on its own: as written, typed differently, and (for
    the fields that hold a phone number) the number however it was spaced, which no index can find
    and so is read alone rather than slowing the others."""
    precise, close = _narrowing(where, looking)
    reads: list[tuple[dict[str, Any], Q]] = [({}, precise), ({}, close)]
    digits = looking.phone_digits
    if len(digits) >= PHONE_TAIL and where.phones:
        # "07700 900 982" and "+44 7700 900982" both end in the same nine digits.
        stripped = {f"{phone}_digits": _phone_digits(phone) for phone in where.phones}
        reads.append((stripped, _any((f"{name}__endswith", digits[-9:]) for name in stripped)))
    return reads


def person_search(*, partnership_id: int, looking: Looking) -> list[Match]:
    """Every record in `partnership_id`'s cases that may be the person's, grouped by case (newest
    first) then kind, each with why it matched. Bounded: each kind is read in two or three queries
    of at most FUZZY_CANDIDATES rows, newest first."""
    cases = Application.objects.filter(partnership_id=partnership_id).values("pk")
    found: list[Match] = []
    for where in WHERE:
        rows: dict[int, dict[str, Any]] = {}
        for extra, narrowed in _narrowed_reads(where, looking):
            read = (
                where.model._default_manager.filter(**{f"{where.case}__in": cases})
                .annotate(**extra)
                .filter(narrowed)
                .exclude(pk__in=list(rows))
                .order_by("-pk")
                .values("pk", where.case, *where.fields)[:FUZZY_CANDIDATES]
            )
            rows |= {row["pk"]: row for row in read}
        for row in rows.values():
            why = _why(where, row, looking)
            if why and row[where.case] is not None:
                found.append(
                    Match(
                        source=where.source,
                        row_id=row["pk"],
                        case_id=row[where.case],
                        why=why,
                        preview=_preview(where, row),
                    )
                )
    references = dict(
        Application.objects.filter(pk__in={match.case_id for match in found}).values_list("pk", "reference")
    )
    order = {where.source: position for position, where in enumerate(WHERE)}
    for match in found:
        match.reference = references[match.case_id]
    return sorted(found, key=lambda match: (-match.case_id, order[match.source], match.row_id))
