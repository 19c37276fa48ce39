"""Reading the JSON and TOML documents people send, refused in one line when they cannot be read.

The API and the command line read an application, and the command line a policy file, only through
here, so a document that cannot be read gets the same error everywhere: `DocumentTooLarge` for one
over the size limit, `InvalidInput` for anything else. What is refused here is what would otherwise
break the engine or the printing of its answer, whatever the fields mean:

- more than `MAX_DOCUMENT_BYTES`, or text that is not UTF-8;
- nesting deeper than `MAX_DEPTH` (a valid application is five levels deep; a policy, two);
- a whole number of more than `MAX_DIGITS` digits (Python refuses to turn very long ones into text,
  and no field takes more than a few digits);
- NaN and Infinity, which JSON does not have;
- a lone UTF-16 surrogate such as ``"\\ud800"``: JSON's escapes allow it, but it is not a character,
  and no text holding one can be written out again.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass

from community_trigger.domain.errors import DocumentTooLarge, InvalidInput

MAX_DOCUMENT_BYTES = 1_000_000
MAX_DEPTH = 64
MAX_DIGITS = 20

# A surrogate in the text itself, or a JSON escape that may make one (a pair makes a character).
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


@dataclass(frozen=True, slots=True)
class _LongNumber:
    """Stands in for a whole number too long to read, so the walk can name the field it sits in."""

    digits: int


def too_large(what: str = "input") -> DocumentTooLarge:
    """The one error for a document over the size limit (the API answers it with 413)."""
    return DocumentTooLarge("", f"the {what} is too large to read: the limit is {MAX_DOCUMENT_BYTES:,} bytes")


def read_json(data: str | bytes, *, what: str = "input") -> object:
    """Parse a JSON document (bytes must be UTF-8); raises `InvalidInput` when it cannot be read."""
    text = _text(data, what, "JSON")
    long_numbers = False

    def whole_number(digits: str) -> int | _LongNumber:
        nonlocal long_numbers
        length = len(digits.lstrip("-"))
        if length > MAX_DIGITS:
            long_numbers = True
            return _LongNumber(length)
        return int(digits)

    def not_a_number(name: str) -> object:
        raise InvalidInput("", f"the {what} is not valid JSON: {name} is not a JSON value")

    try:
        document = json.loads(text, parse_int=whole_number, parse_constant=not_a_number)
    except json.JSONDecodeError as error:
        raise InvalidInput("", f"the {what} is not valid JSON: {error}") from None
    except RecursionError:
        raise _too_deep(what) from None
    # The walks cost about as much as the parse, so each runs only when a cheap sign says it may find
    # something: a long number, an escape that may be a lone surrogate, enough brackets to nest deep.
    if long_numbers or _SURROGATE_ESCAPE.search(text):
        check_tree(document, what=what)
    elif text.count("[") + text.count("{") > MAX_DEPTH and _deeper_than_allowed(document):
        raise _too_deep(what)
    return document


def read_toml(data: str | bytes, *, what: str = "policy") -> object:
    """Parse a TOML document; raises `InvalidInput` when it cannot be read."""
    text = _text(data, what, "TOML")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput("", f"the {what} is not valid TOML: {error}") from None
    except RecursionError:
        raise _too_deep(what) from None
    except ValueError:
        # tomllib reads every whole number; only one longer than Python turns into text fails so.
        raise InvalidInput(
            "", f"the {what} has a whole number too long to read (at most {MAX_DIGITS} digits)"
        ) from None
    check_tree(document, what=what)
    return document


def check_tree(document: object, *, what: str = "input") -> None:
    """Walk a parsed document (without recursion: it may be deep) for what `read_json` refuses."""
    _check_leaf(document, (), what)
    stack: list[tuple[object, tuple[str | int, ...]]] = [(document, ())]
    while stack:
        value, path = stack.pop()
        if len(path) >= MAX_DEPTH:
            raise _too_deep(what)
        items: Iterable[tuple[str | int, object]]
        if type(value) is dict:
            items = value.items()
        elif type(value) is list:
            items = enumerate(value)
        else:
            continue
        for key, child in items:
            place = (*path, key)
            if type(key) is str and (found := _SURROGATE.search(key)):
                raise _surrogate(place, found.group(), what, "this field name holds")
            if type(child) is dict or type(child) is list:
                stack.append((child, place))
            else:
                _check_leaf(child, place, what)


def _deeper_than_allowed(document: object) -> bool:
    """`check_tree`'s depth check alone, without the paths: as quick as a walk in Python can be."""
    if type(document) is not dict and type(document) is not list:
        return False
    stack: list[tuple[dict[object, object] | list[object], int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if type(value) is dict else value
        for child in children:
            if type(child) is dict or type(child) is list:
                if depth >= MAX_DEPTH:
                    return True
                stack.append((child, depth + 1))
    return False


def _text(data: str | bytes, what: str, fmt: str) -> str:
    if len(data) > MAX_DOCUMENT_BYTES:
        raise too_large(what)
    if isinstance(data, bytes):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InvalidInput(
                "",
                f"the {what} is not valid {fmt}: it is not UTF-8 text "
                f"(byte {data[error.start]:#04x} at position {error.start})",
            ) from None
    if len(data.encode("utf-8", "surrogatepass")) > MAX_DOCUMENT_BYTES:
        raise too_large(what)
    found = _SURROGATE.search(data)
    if found:
        raise InvalidInput(
            "",
            f"the {what} is not valid Unicode text: it holds {found.group()} at position {found.start()}",
        )
    return data


def _check_leaf(value: object, path: tuple[str | int, ...], what: str) -> None:
    if type(value) is str:
        if not value.isascii() and (found := _SURROGATE.search(value)):
            raise _surrogate(path, found.group(), what, "holds")
    elif type(value) is _LongNumber:
        raise _long_number(path, value.digits, what)
    elif type(value) is int and abs(value) >= 10**MAX_DIGITS:
        # TOML's whole numbers reach here, never longer than Python can turn into text.
        raise _long_number(path, len(str(abs(value))), what)


def _field(path: tuple[str | int, ...]) -> str:
    field = ""
    for step in path:
        field += f"[{step}]" if type(step) is int else (f".{step}" if field else str(step))
    return field


def _subject(path: tuple[str | int, ...], what: str) -> str:
    return "" if path else f"the {what} "


def _surrogate(path: tuple[str | int, ...], surrogate: str, what: str, verb: str) -> InvalidInput:
    return InvalidInput(
        _field(path),
        f"{_subject(path, what)}{verb} {surrogate}, which is not a character "
        "(half of a UTF-16 surrogate pair without its other half)",
    )


def _long_number(path: tuple[str | int, ...], digits: int, what: str) -> InvalidInput:
    return InvalidInput(
        _field(path),
        f"{_subject(path, what)}is a whole number of {digits:,} digits, "
        f"too long to read (at most {MAX_DIGITS} digits)",
    )


def _too_deep(what: str) -> InvalidInput:
    return InvalidInput("", f"the {what} is nested too deeply to read (more than {MAX_DEPTH} levels)")
