"""The one place that decides how a message may reach an applicant, from the safe-contact answers they
gave: which channel and address, or none (then it is held for staff, who find another safe way).

A message goes only by a way the person said is safe: email only if email is, a text only if texts are,
a letter to their home only if letters there are safe (else to the safe other address they gave). Their
preferred way is tried first. For a person never asked (an older request, or one entered by staff
without the question), the addresses they gave are the ways they chose: email and post, never a text
to a number that may be a landline or a shared phone.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from community_trigger.cases.models import ContactPreference, Person

EMAIL = str(ContactPreference.EMAIL)
TEXT = "text"
POST = str(ContactPreference.POST)
# The order the ways are tried in after the preferred one: the quietest first.
_ORDER = (EMAIL, TEXT, POST)
_NEVER_ASKED = frozenset({EMAIL, POST})


class Purpose(enum.Enum):
    """What is being sent decides which ways can carry it."""

    NOTICE = "notice"  # a short message (confirmation, saved link or code): email or text
    LETTER = "letter"  # a letter with its PDF: email, or post


@dataclass(frozen=True, slots=True)
class SafeContact:
    """A person's addresses and what they said is safe, however they were asked."""

    channels: frozenset[str]
    preferred: str = ""
    email: str = ""
    phone: str = ""
    home_address: str = ""
    letters_home_safe: bool | None = None
    safe_alternative: str = ""

    @classmethod
    def of_person(cls, person: Person) -> SafeContact:
        return cls(
            channels=frozenset(person.safe_channels or ()),
            preferred=person.contact_preference,
            email=person.email,
            phone=person.phone,
            home_address="\n".join(line for line in [person.address, person.postcode] if line),
            letters_home_safe=person.letters_home_safe,
            safe_alternative=person.safe_alternative,
        )

    @classmethod
    def of_answers(cls, answers: Mapping[str, Any], *, email: str = "") -> SafeContact:
        """From a draft's answers: the "Contacting you safely" page keeps the addresses and the preferred
        way with the safe ways; a draft from before that page kept them with the name ("you"). `email`
        is an address typed just now, on the page that asks where to send a saved link."""
        you = answers.get("you") or {}
        contact = answers.get("contact") or {}
        safe_home = {"yes": True, "no": False}.get(str(contact.get("letters_home_safe", "")))
        return cls(
            channels=frozenset(contact.get("channels") or ()),
            preferred=str(contact.get("preferred") or you.get("contact_preference") or ""),
            email=email or str(contact.get("email") or you.get("email") or ""),
            phone=str(contact.get("phone") or you.get("phone") or ""),
            safe_alternative=str(contact.get("safe_alternative", "")),
            letters_home_safe=safe_home,
        )

    @property
    def safe_email(self) -> str:
        """Their email address if email is a way they said is safe (or they were never asked); none
        otherwise."""
        return self.email if EMAIL in (self.channels or _NEVER_ASKED) else ""


@dataclass(frozen=True, slots=True)
class Route:
    """How one message goes: its channel (email, text, post) and the address on that channel."""

    channel: str
    to: str


def route_for(contact: SafeContact, purpose: Purpose) -> Route | None:
    """The way to send a message for `purpose` to `contact`, or None when no way is safe."""
    allowed = contact.channels or _NEVER_ASKED
    for channel in sorted(_ORDER, key=lambda way: (way != contact.preferred, _ORDER.index(way))):
        if channel not in allowed:
            continue
        if channel == EMAIL and contact.email:
            return Route(EMAIL, contact.email)
        if channel == TEXT and purpose is Purpose.NOTICE and contact.phone:
            return Route(TEXT, contact.phone)
        if channel == POST and purpose is Purpose.LETTER:
            if contact.letters_home_safe is not False and contact.home_address:
                return Route(POST, contact.home_address)
            if contact.safe_alternative:
                return Route(POST, contact.safe_alternative)
    return None
