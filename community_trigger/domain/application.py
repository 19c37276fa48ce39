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
) -> dict[str, object]:
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
    raise _not_boolean(value, path)


def _not_boolean(value: object, path: str) -> InvalidInput:
    return InvalidInput(path, f"must be true or false, not {describe_value(value)}")


def _identifier(value: object, path: str) -> str:
    if type(value) is str and value.strip():
        return value
    raise InvalidInput(path, f"must be a non-empty string, not {describe_value(value)}")


def _to_date(value: object) -> date | None:
    """A strict YYYY-MM-DD date, or None (fromisoformat alone also takes week dates and 20240301)."""
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _not_date(value: object, path: str) -> InvalidInput:
    return InvalidInput(path, f"must be a calendar date written YYYY-MM-DD, not {describe_value(value)}")


def _date(value: object, path: str) -> date:
    parsed = _to_date(value)
    if parsed is None:
        raise _not_date(value, path)
    return parsed


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
    except msgspec.ValidationError:
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
        if type(raw) is not dict or raw.keys() != _PERSON:
            _check_object(raw, f"people[{position}]", _PERSON, _PERSON)
        person_id = raw["id"]  # type: ignore[index]
        dissatisfied = raw["dissatisfied"]  # type: ignore[index]
        consent = raw["consent"]  # type: ignore[index]
        if type(person_id) is not str or not person_id.strip() or person_id in known:
            path = f"people[{position}].id"
            _identifier(person_id, path)
            raise InvalidInput(path, f"duplicate person id {person_id!r}")
        if dissatisfied is not True and dissatisfied is not False:
            raise _not_boolean(dissatisfied, f"people[{position}].dissatisfied")
        if consent is not True and consent is not False:
            raise _not_boolean(consent, f"people[{position}].consent")
        known.add(person_id)
        people.append(Person(person_id, dissatisfied, consent))

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
    if type(raw) is not dict or not _INCIDENT_REQUIRED <= raw.keys() <= _INCIDENT:
        _check_object(raw, f"incidents[{position}]", _INCIDENT, _INCIDENT_REQUIRED)
    item: dict[str, Any] = raw  # type: ignore[assignment]
    incident_id = item["id"]
    if type(incident_id) is not str or not incident_id.strip():
        _identifier(incident_id, f"incidents[{position}].id")
    incident_date = _to_date(item["date"])
    if incident_date is None:
        raise _not_date(item["date"], f"incidents[{position}].date")
    if incident_date > application_date:
        raise InvalidInput(
            f"incidents[{position}].date",
            f"the incident ({incident_date.isoformat()}) is dated after the application date "
            f"({application_date.isoformat()})",
        )
    asb = item["asb"]
    if asb is not True and asb is not False:
        raise _not_boolean(asb, f"incidents[{position}].asb")
    hate = item.get("hate", False)
    if hate is not True and hate is not False:
        raise _not_boolean(hate, f"incidents[{position}].hate")
    raw_reports = item["reports"]
    if type(raw_reports) is not list:
        _list(raw_reports, f"incidents[{position}].reports")
    reports: list[Report] = []
    dates = {item["date"]: incident_date}  # a report is often dated the day of its incident
    for index, raw_report in enumerate(raw_reports):
        if type(raw_report) is not dict or not _REPORT_REQUIRED <= raw_report.keys() <= _REPORT:
            _check_object(raw_report, f"incidents[{position}].reports[{index}]", _REPORT, _REPORT_REQUIRED)
        by = raw_report["by"]
        agency_value = raw_report["agency"]
        agency = _AGENCIES.get(agency_value) if type(agency_value) is str else None
        date_value = raw_report["date"]
        report_date = dates.get(date_value) if type(date_value) is str else None
        if report_date is None:
            report_date = _to_date(date_value)
        reference = raw_report.get("reference")
        if (
            type(by) is not str
            or by not in known
            or agency is None
            or report_date is None
            or report_date < incident_date
            or report_date > application_date
            or (reference is not None and type(reference) is not str)
        ):
            raise _bad_report(
                raw_report,
                f"incidents[{position}].reports[{index}]",
                known,
                incident_date,
                application_date,
            )
        reports.append(Report(by, agency, report_date, reference))
    return Incident(incident_id, incident_date, asb, tuple(reports), hate)


def _bad_report(
    report: dict[str, object],
    path: str,
    known: set[str],
    incident_date: date,
    application_date: date,
) -> InvalidInput:
    """The error for the first thing wrong with a report that failed the fast checks."""
    by = _identifier(report["by"], f"{path}.by")
    if by not in known:
        return InvalidInput(f"{path}.by", f"unknown person {by!r}; {_known(known)}")
    agency_value = report["agency"]
    if type(agency_value) is not str or agency_value not in _AGENCIES:
        return InvalidInput(
            f"{path}.agency",
            f"unknown agency {describe_value(agency_value)}; use one of {', '.join(_AGENCIES)}",
        )
    report_date = _date(report["date"], f"{path}.date")
    if report_date < incident_date:
        return InvalidInput(
            f"{path}.date",
            f"the report ({report_date.isoformat()}) is dated before its incident "
            f"({incident_date.isoformat()})",
        )
    if report_date > application_date:
        return InvalidInput(
            f"{path}.date",
            f"the report ({report_date.isoformat()}) is dated after the application date "
            f"({application_date.isoformat()})",
        )
    return InvalidInput(f"{path}.reference", f"must be text, not {describe_value(report.get('reference'))}")


def _known(known: set[str]) -> str:
    if not known:
        return "people is empty"
    return f"people are {', '.join(sorted(known))}"
