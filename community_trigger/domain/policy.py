"""Threshold policies as data: what counts, how many, and within what time (spec section 4)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from community_trigger.domain.documents import MAX_DOCUMENT_BYTES, read_json, read_toml
from community_trigger.domain.errors import InvalidInput, InvalidPolicy, describe_value
from community_trigger.domain.periods import Period


class AgencyKind(StrEnum):
    """Kinds of body a report can be made to. The first four are the Act's relevant bodies (s105)."""

    COUNCIL = "council"
    POLICE = "police"
    HEALTH = "health"  # integrated care board (formerly clinical commissioning group)
    HOUSING = "housing"  # registered social landlord (private registered provider of social housing)
    OTHER = "other"


STATUTORY_PARTNERS: tuple[AgencyKind, ...] = (
    AgencyKind.COUNCIL,
    AgencyKind.POLICE,
    AgencyKind.HEALTH,
    AgencyKind.HOUSING,
)

MAX_MIN_COMPLAINTS = 3  # s104(11): a local threshold may not ask for more than three complaints


@dataclass(frozen=True, slots=True)
class Policy:
    """One partnership's threshold. Defaults are the `test-valley` values (spec section 4)."""

    id: str = "custom"
    name: str = ""
    min_complaints: int = 3
    min_individuals: int | None = 5
    report_within: Period = field(default_factory=lambda: Period(months=1))
    application_within: Period = field(default_factory=lambda: Period(months=6))
    require_dissatisfaction: bool = True
    hate_incident_route: bool = False
    latest_report_within: Period | None = None
    partner_agencies: tuple[AgencyKind, ...] = STATUTORY_PARTNERS

    @property
    def routes(self) -> tuple[str, ...]:
        """The routes this policy switches on, in the order the engine reports the first one met."""
        routes = ["three_complaints"]
        if self.min_individuals is not None:
            routes.append("five_individuals")
        if self.hate_incident_route:
            routes.append("hate_incident")
        return tuple(routes)

    def as_dict(self) -> dict[str, Any]:
        """The policy as the JSON document the command line and the API show."""
        return {
            "id": self.id,
            "name": self.name,
            "min_complaints": self.min_complaints,
            "min_individuals": self.min_individuals,
            "report_within": self.report_within.as_dict(),
            "application_within": self.application_within.as_dict(),
            "require_dissatisfaction": self.require_dissatisfaction,
            "hate_incident_route": self.hate_incident_route,
            "latest_report_within": (
                self.latest_report_within.as_dict() if self.latest_report_within else None
            ),
            "partner_agencies": [str(kind) for kind in self.partner_agencies],
        }


FIELD_NAMES = frozenset(f.name for f in fields(Policy))


def _positive_int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidPolicy(name, f"must be a whole number, not {describe_value(value)}")
    if value < 1:
        raise InvalidPolicy(name, f"must be 1 or more, not {value}")
    return value


def _boolean(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidPolicy(name, f"must be true or false, not {describe_value(value)}")
    return value


def _text(value: object, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidPolicy(name, f"must be a non-empty string, not {describe_value(value)}")
    return value


def _period(value: object, name: str) -> Period:
    if not isinstance(value, Mapping):
        raise InvalidPolicy(name, 'must be a table such as {"months": 1} or {"days": 30}')
    unknown = set(value) - {"months", "days"}
    if unknown:
        raise InvalidPolicy(f"{name}.{sorted(unknown)[0]}", "unknown unit; use months or days")
    if len(value) != 1:
        raise InvalidPolicy(name, 'must give exactly one of "months" or "days"')
    unit, length = next(iter(value.items()))
    number = _positive_int(length, f"{name}.{unit}")
    return Period(months=number) if unit == "months" else Period(days=number)


def _optional(value: object) -> bool:
    """JSON turns a setting off with null; TOML has no null, so false does the same there."""
    return value is None or value is False


def _agencies(value: object, name: str) -> tuple[AgencyKind, ...]:
    if not isinstance(value, list) or not value:
        raise InvalidPolicy(name, "must be a non-empty list of agency kinds")
    kinds: list[AgencyKind] = []
    for position, item in enumerate(value):
        try:
            kind = AgencyKind(item)
        except ValueError:
            allowed = ", ".join(AgencyKind)
            raise InvalidPolicy(
                f"{name}[{position}]", f"unknown agency kind {item!r}; use one of {allowed}"
            ) from None
        if kind in kinds:
            raise InvalidPolicy(f"{name}[{position}]", f"{item!r} is listed twice")
        kinds.append(kind)
    return tuple(kinds)


def policy_from_mapping(data: object, *, default_id: str = "custom") -> Policy:
    """Validate a policy document and build the `Policy`; raises `InvalidPolicy` naming the field."""
    if not isinstance(data, Mapping):
        raise InvalidPolicy("", "a policy must be a table (TOML) or an object (JSON)")
    for name in data:
        if name not in FIELD_NAMES:
            raise InvalidPolicy(str(name), "unknown field; see `community-trigger policies`")
    values: dict[str, Any] = {"id": default_id}
    if "id" in data:
        values["id"] = _text(data["id"], "id")
    if "name" in data:
        values["name"] = _text(data["name"], "name")
    if "min_complaints" in data:
        number = _positive_int(data["min_complaints"], "min_complaints")
        if number > MAX_MIN_COMPLAINTS:
            raise InvalidPolicy(
                "min_complaints",
                f"must be between 1 and {MAX_MIN_COMPLAINTS} (the Act allows no more than three), "
                f"not {number}",
            )
        values["min_complaints"] = number
    if "min_individuals" in data:
        raw = data["min_individuals"]
        values["min_individuals"] = None if _optional(raw) else _positive_int(raw, "min_individuals")
    for name in ("report_within", "application_within"):
        if name in data:
            values[name] = _period(data[name], name)
    if "latest_report_within" in data:
        raw = data["latest_report_within"]
        values["latest_report_within"] = None if _optional(raw) else _period(raw, "latest_report_within")
    for name in ("require_dissatisfaction", "hate_incident_route"):
        if name in data:
            values[name] = _boolean(data[name], name)
    if "partner_agencies" in data:
        values["partner_agencies"] = _agencies(data["partner_agencies"], "partner_agencies")
    return Policy(**values)


def parse_policy_text(text: str | bytes, *, fmt: str, default_id: str = "custom") -> Policy:
    """Parse a policy written as TOML (`fmt="toml"`) or JSON (`fmt="json"`)."""
    if fmt not in ("toml", "json"):
        raise InvalidPolicy("", f"a policy is written in TOML or JSON, not {fmt!r}")
    try:
        data = read_toml(text, what="policy") if fmt == "toml" else read_json(text, what="policy")
    except InvalidInput as error:
        # Reported as a policy error, so the command names the policy file as the culprit.
        raise InvalidPolicy(error.field, error.message) from None
    return policy_from_mapping(data, default_id=default_id)


def load_policy_file(path: Path) -> Policy:
    """Read a policy file; its format follows the extension (.toml or .json)."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("toml", "json"):
        raise InvalidPolicy("", f"{path.name}: a policy file must end in .toml or .json")
    try:
        with path.open("rb") as file:
            # One byte more than the limit is enough to know the file is over it.
            data = file.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as error:
        raise InvalidPolicy("", f"cannot read the policy file {path}: {error}") from None
    return parse_policy_text(data, fmt=fmt, default_id=path.stem)


@cache
def builtin_policies() -> dict[str, Policy]:
    """The policies shipped with the product, by id (the TOML files in `domain/policies/`)."""
    folder = resources.files("community_trigger.domain") / "policies"
    found: dict[str, Policy] = {}
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".toml"):
            stem = entry.name.removesuffix(".toml")
            policy = parse_policy_text(entry.read_text(encoding="utf-8"), fmt="toml", default_id=stem)
            found[policy.id] = policy
    return found


def policy_version(policy: Policy) -> str:
    """A short fingerprint of every field, stored with each assessment so a later change to a
    partnership's policy never blurs which rules an application was assessed under."""
    canonical = json.dumps(policy.as_dict(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]
