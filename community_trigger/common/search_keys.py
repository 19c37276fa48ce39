"""Keys that make things typed in different ways compare equal: postcodes, names and addresses, UPRNs.

The search and the related cases compare these keys, stored beside what was typed and indexed, so the
database narrows a search before anything is compared in Python."""

from __future__ import annotations

import re

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

# The shape of a UK postcode (the Royal Mail's format), once spaces are taken out and it is uppercased.
POSTCODE = re.compile(r"^(GIR0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-Z]?[0-9][ABD-HJLNP-UW-Z]{2})$")
# The outward half alone (SO51), which a search may give for a whole area.
OUTWARD = re.compile(r"^[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-Z]?$")
# A Unique Property Reference Number: up to twelve digits (OS AddressBase).
UPRN = re.compile(r"^[0-9]{1,12}$")


def postcode_key(value: str) -> str:
    """`value` without spaces, uppercased: "so51 8ab" and "SO518AB" both give "SO518AB"."""
    return re.sub(r"\s+", "", value).upper()


def postcode_format(value: str) -> str | None:
    """`value` as a UK postcode is written ("SO51 8AB"), or None when it is not one."""
    compact = postcode_key(value)
    if not POSTCODE.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


def is_outward_code(value: str) -> bool:
    """Whether `value` is the first half of a postcode only ("SO51")."""
    return bool(OUTWARD.match(postcode_key(value)))


def text_key(value: str) -> str:
    """`value` in lowercase letters and digits only: what is left when spaces, punctuation and case,
    the usual differences between two people typing the same name or street, are taken out."""
    return "".join(character for character in value.lower() if character.isalnum())


def words_of(value: str) -> list[str]:
    """The words of `value`, each as its `text_key`, leaving out what is only punctuation."""
    return [key for key in (text_key(word) for word in value.split()) if key]


def uprn_clean(value: str) -> str | None:
    """`value` as a UPRN (digits, spaces removed), or None when it is not one."""
    compact = re.sub(r"\s+", "", value)
    return compact if UPRN.match(compact) else None


def phone_key(value: str) -> str:
    """A phone number's digits, with +44 written as the leading 0 of a UK number."""
    digits = re.sub(r"\D", "", value)
    if value.strip().startswith("+44") and digits.startswith("44"):
        digits = "0" + digits[2:]
    return digits


# How close two names or addresses must be to count as the same typed differently, on rapidfuzz's 0-100
# scale. 80, not higher: "Jon Smyth" and "John Smith" score 84, and a coordinator would want them put
# side by side; "Jon Smyth" and "Jonathan Green" score 60.
CLOSE_ENOUGH = 80.0


def closeness(term: str, text: str) -> float:
    """How close `text` is to `term`, 0 to 100: the better of the whole (rapidfuzz's WRatio, which
    forgives word order and a missing word) and the average of each word of `term` against the
    closest word of `text` (so one misspelt surname finds the full name that holds it)."""
    whole = fuzz.WRatio(term, text, processor=default_process)
    wanted, offered = words_of(term), words_of(text)
    if not wanted or not offered:
        return float(whole)
    by_word = sum(max(fuzz.ratio(word, other) for other in offered) for word in wanted) / len(wanted)
    return float(max(whole, by_word))
