"""The one error the domain raises for bad input: it names the field so the person can fix it."""

from __future__ import annotations

import math

_LONG_NUMBER = 10**30
_DIGITS_PER_BIT = math.log10(2)


class InvalidInput(ValueError):
    """An input document or policy that cannot be used, with the path of the offending field.

    `field` is a path such as ``incidents[0].reports[1].by``; `message` says what is wrong in plain
    words. ``str(error)`` gives both on one line, for the command line and for logs.
    """

    def __init__(self, field: str, message: str) -> None:
        # Field names and ids come from the input: escape line breaks and other control characters
        # so the error always stays on one line (the command line's promise).
        field, message = _one_line(field), _one_line(message)
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


def _one_line(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


class InvalidPolicy(InvalidInput):
    """A policy document that breaks the rules of spec section 4 (unknown field, wrong type, range)."""


class DocumentTooLarge(InvalidInput):
    """A document over the size limit: refused before it is read (the API answers 413, not 400)."""


def describe_value(value: object) -> str:
    """How a wrong value is named in an error message: "the text 'yes'", "null", "a list"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, int) and abs(value) >= _LONG_NUMBER:
        # Python refuses to write out a very long number; the person needs only its size.
        return f"a number of about {int(value.bit_length() * _DIGITS_PER_BIT) + 1:,} digits"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
