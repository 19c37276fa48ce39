"""The application document the threshold engine reads, and its validation (spec section 5)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

import msgspec

from community_trigger.domain.errors import InvalidInput, describe_value
from community_trigger.domain.policy import AgencyKind


class Role(StrEnum):
    """Who is asking for the review (s104(1): a victim, or someone on their behalf, or a group)."""

    VICTIM = "victim"
    REPRESENTATIVE = "representative"
    GROUP_REPRESENTATIVE = "group_representative"


class Applicant(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Who asks: the victim, someone acting for the victim (`person` names the victim in `people`),
    or someone acting for a group (no `person`)."""

    role: Role
    consent: bool
    person: str | None = None


class Person(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Someone whose complaints the application relies on: the victim or a member of the group."""

    id: str
    dissatisfied: bool
    consent: bool


class Report(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One person telling one agency about one incident, on one date (a complaint)."""

    by: str
    agency: AgencyKind
    date: date
    reference: str | None = None


class Incident(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One occurrence of the behaviour, on one date, with the reports made about it."""

    id: str
    date: date
    asb: bool
    reports: tuple[Report, ...]
    hate: bool = False


class Application(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One request for a case review, as the engine sees it."""

    application_date: date
    applicant: Applicant
    people: tuple[Person, ...]
    incidents: tuple[Incident, ...]
    about_single_organisation: bool = False
    policy: str | None = None


_TOP = frozenset(
    {"policy", "application_date", "applicant", "about_single_organisation", "people", "incidents"}
)
_TOP_REQUIRED = frozenset({"application_date", "applicant", "people", "incidents"})
_APPLICANT = frozenset({"role", "person", "consent"})
_APPLICANT_REQUIRED = frozenset({"role", "consent"})
_PERSON = frozenset({"id", "dissatisfied", "consent"})
_INCIDENT = frozenset({"id", "date", "asb", "hate", "reports"})
_INCIDENT_REQUIRED = frozenset({"id", "date", "asb", "reports"})
_REPORT = frozenset({"by", "agency", "date", "reference"})
_REPORT_REQUIRED = frozenset({"by", "agency", "date"})
_AGENCIES = {kind.value: kind for kind in AgencyKind}
_ROLES = {role.value: role for role in Role}


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _check_object(
    value: object, path: str, allowed: frozenset[str], required: frozenset[str]
) -> dict[str, Any]:
    if type(value) is not dict:
        raise InvalidInput(path, f"must be an object, not {describe_value(value)}")
    keys = value.keys()
    if required <= keys <= allowed:
        return value
    if not keys <= allowed:
        unknown = sorted(str(key) for key in keys - allowed)[0]
        raise InvalidInput(
            _join(path, unknown), f"unknown field; expected one of {', '.join(sorted(allowed))}"
        )
    missing = sorted(required - keys)[0]
    raise InvalidInput(_join(path, missing), "is required")


def _boolean(value: object, path: str) -> bool:
    if value is True or value is False:
        return value
    raise InvalidInput(path, f"must be true or false, not {describe_value(value)}")


def _identifier(value: object, path: str) -> str:
    if type(value) is str and value.strip():
        return value
    raise InvalidInput(path, f"must be a non-empty string, not {describe_value(value)}")


def _date(value: object, path: str) -> date:
    """A strict YYYY-MM-DD date (fromisoformat alone also takes week dates such as 2024-W01-1)."""
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidInput(path, f"must be a calendar date written YYYY-MM-DD, not {describe_value(value)}")


def _list(value: object, path: str) -> list[object]:
    if type(value) is not list:
        raise InvalidInput(path, f"must be a list, not {describe_value(value)}")
    return value


def parse_application(document: object) -> Application:
    """Validate an input document (spec section 5) and build the `Application`.

    Raises `InvalidInput` naming the first offending field: a missing or malformed field, an unknown
    field, person or agency, a duplicate id, a report dated before its incident, or a report or
    incident dated after the application date. Nothing is guessed.

    Two validators share the work. msgspec checks the shape of a good document in compiled code, and
    a short scan checks what refers to what; that is the path almost every document takes. When
    either finds a fault, the step-by-step validator below walks the document again to name the
    field and say what is wrong in plain words. Tests hold the two to the same verdict.
    """
    try:
        application = msgspec.convert(document, Application)
    except (msgspec.ValidationError, UnicodeEncodeError):
        # msgspec cannot word its error when the faulty value holds a lone surrogate ("\ud800");
        # the step-by-step validator can.
        return _parse_explained(document)
    if _references_hold(application):
        return application
    return _parse_explained(document)


def _references_hold(application: Application) -> bool:
    """The checks msgspec cannot make: ids, who reported, and the order of dates."""
    if application.policy is not None and not application.policy.strip():
        return False
    known = {person.id for person in application.people}
    if len(known) != len(application.people) or not all(name.strip() for name in known):
        return False
    applicant = application.applicant
    if (applicant.role is Role.GROUP_REPRESENTATIVE) != (applicant.person is None):
        return False
    if applicant.person is not None and applicant.person not in known:
        return False
    applied = application.application_date
    incident_ids: set[str] = set()
    for incident in application.incidents:
        happened = incident.date
        if happened > applied or incident.id in incident_ids or not incident.id.strip():
            return False
        incident_ids.add(incident.id)
        for report in incident.reports:
            if report.by not in known or not happened <= report.date <= applied:
                return False
    return True


def _parse_explained(document: object) -> Application:
    """The step-by-step validator: slower, and says exactly which field is wrong and why."""
    top = _check_object(document, "", _TOP, _TOP_REQUIRED)
    policy_id: str | None = None
    if "policy" in top and top["policy"] is not None:
        policy_id = _identifier(top["policy"], "policy")
    application_date = _date(top["application_date"], "application_date")
    about_single_organisation = False
    if "about_single_organisation" in top:
        about_single_organisation = _boolean(top["about_single_organisation"], "about_single_organisation")

    people: list[Person] = []
    known: set[str] = set()
    for position, raw in enumerate(_list(top["people"], "people")):
        path = f"people[{position}]"
        item = _check_object(raw, path, _PERSON, _PERSON)
        person_id = _identifier(item["id"], f"{path}.id")
        if person_id in known:
            raise InvalidInput(f"{path}.id", f"duplicate person id {person_id!r}")
        known.add(person_id)
        dissatisfied = _boolean(item["dissatisfied"], f"{path}.dissatisfied")
        people.append(Person(person_id, dissatisfied, _boolean(item["consent"], f"{path}.consent")))

    applicant = _parse_applicant(top["applicant"], known)

    incidents: list[Incident] = []
    incident_ids: set[str] = set()
    for position, raw in enumerate(_list(top["incidents"], "incidents")):
        incident = _parse_incident(raw, position, known, application_date)
        if incident.id in incident_ids:
            raise InvalidInput(f"incidents[{position}].id", f"duplicate incident id {incident.id!r}")
        incident_ids.add(incident.id)
        incidents.append(incident)

    return Application(
        application_date=application_date,
        applicant=applicant,
        people=tuple(people),
        incidents=tuple(incidents),
        about_single_organisation=about_single_organisation,
        policy=policy_id,
    )


def _parse_applicant(raw: object, known: set[str]) -> Applicant:
    item = _check_object(raw, "applicant", _APPLICANT, _APPLICANT_REQUIRED)
    role_value = item["role"]
    role = _ROLES.get(role_value) if type(role_value) is str else None
    if role is None:
        raise InvalidInput(
            "applicant.role",
            f"must be one of {', '.join(_ROLES)}, not {describe_value(role_value)}",
        )
    consent = _boolean(item["consent"], "applicant.consent")
    person: str | None = None
    if role is Role.GROUP_REPRESENTATIVE:
        if item.get("person") is not None:
            raise InvalidInput(
                "applicant.person",
                "must be left out when acting for a group (name the members in people)",
            )
    else:
        if item.get("person") is None:
            raise InvalidInput("applicant.person", "is required: name the victim from people")
        person = _identifier(item["person"], "applicant.person")
        if person not in known:
            raise InvalidInput("applicant.person", f"unknown person {person!r}; {_known(known)}")
    return Applicant(role=role, consent=consent, person=person)


def _parse_incident(raw: object, position: int, known: set[str], application_date: date) -> Incident:
    path = f"incidents[{position}]"
    item = _check_object(raw, path, _INCIDENT, _INCIDENT_REQUIRED)
    incident_id = _identifier(item["id"], f"{path}.id")
    incident_date = _date(item["date"], f"{path}.date")
    if incident_date > application_date:
        raise InvalidInput(
            f"{path}.date",
            f"the incident ({incident_date.isoformat()}) is dated after the application date "
            f"({application_date.isoformat()})",
        )
    asb = _boolean(item["asb"], f"{path}.asb")
    hate = _boolean(item["hate"], f"{path}.hate") if "hate" in item else False
    reports = tuple(
        _parse_report(raw_report, f"{path}.reports[{index}]", known, incident_date, application_date)
        for index, raw_report in enumerate(_list(item["reports"], f"{path}.reports"))
    )
    return Incident(incident_id, incident_date, asb, reports, hate)


def _parse_report(
    raw: object, path: str, known: set[str], incident_date: date, application_date: date
) -> Report:
    item = _check_object(raw, path, _REPORT, _REPORT_REQUIRED)
    by = _identifier(item["by"], f"{path}.by")
    if by not in known:
        raise InvalidInput(f"{path}.by", f"unknown person {by!r}; {_known(known)}")
    agency_value = item["agency"]
    agency = _AGENCIES.get(agency_value) if type(agency_value) is str else None
    if agency is None:
        raise InvalidInput(
            f"{path}.agency",
            f"unknown agency {describe_value(agency_value)}; use one of {', '.join(_AGENCIES)}",
        )
    report_date = _date(item["date"], f"{path}.date")
    if report_date < incident_date:
        raise InvalidInput(
            f"{path}.date",
            f"the report ({report_date.isoformat()}) is dated before its incident "
            f"({incident_date.isoformat()})",
        )
    if report_date > application_date:
        raise InvalidInput(
            f"{path}.date",
            f"the report ({report_date.isoformat()}) is dated after the application date "
            f"({application_date.isoformat()})",
        )
    reference = item.get("reference")
    if reference is not None and type(reference) is not str:
        raise InvalidInput(f"{path}.reference", f"must be text, not {describe_value(reference)}")
    return Report(by, agency, report_date, reference)


def _known(known: set[str]) -> str:
    if not known:
        return "people is empty"
    return f"people are {', '.join(sorted(known))}"
