"""Writing incident records: turning intake on and off (only with the information sharing agreement
named), saving an agency's column mapping, taking in a file or the API's records (all of them or
none), grouping each agency's record of one incident, the agencies' API tokens, and deleting records
past their retention.

One incident reported to two agencies is one incident. Two records of different agencies of a
partnership are the same incident (they share `IncidentRecord.incident`) when they happened within
SAME_INCIDENT_WITHIN of each other (on the same day, when either gave the day only) and either
- the reporter is the same: the same phone, or the same email, or the same name at the same postcode
  (compared as keys, common.search_keys); or
- the place and the kind are the same: the same category, at the same location postcode and address,
  or at the same coordinates to four decimal places (about 10 metres).
The rule is transitive (a police record and a council record of one incident, and the council record
and a landlord's of it, make one incident of three) and deterministic: the same records always give
the same groups, and a record already grouped keeps its incident unless a new record joins it to
another, when the two take the older one's. Two records of the same agency are never grouped by this
rule: an agency recording one report twice is its own business, and two calls are two reports.
"""

from __future__ import annotations

import calendar
import secrets
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from community_trigger.agencies.models import Agency, Partnership
from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record
from community_trigger.common.keyed import keyed_hash
from community_trigger.imports.sheets import Opener, Problem, Unreadable, rows_of
from community_trigger.incidents.checks import FIELDS, Candidate, mapping_check, record_check
from community_trigger.incidents.models import (
    DEFAULT_RETENTION_MONTHS,
    ApiToken,
    ColumnMapping,
    EarlyWarningSettings,
    ImportBatch,
    IncidentRecord,
    Via,
)

SAME_INCIDENT_WITHIN = timedelta(hours=2)
# Records written, and references looked up, this many at a time.
BATCH = 1000
# The most records one API call may send: a day's records of a large agency fit in a few calls.
API_MAX_RECORDS = 5000
TOKEN_PURPOSE = "incidents.api_token"  # noqa: S105  # names the hash, is no secret
TOKEN_START = "ctinc_"  # noqa: S105  # the start every token shares, so a leaked one is recognisable


class IntakeOff(Exception):
    """The partnership has not turned intake on (with its information sharing agreement)."""

    def __init__(self, partnership: Partnership) -> None:
        super().__init__(
            gettext(
                "%(partnership)s does not take in incident records: a coordinator must first turn intake "
                "on with the information sharing agreement's reference"
            )
            % {"partnership": partnership.name}
        )


@dataclass
class Report:
    """What a file or an API call gave: every problem by row (record) and column (field), or, when
    there were none, how many records were added and how many were held already."""

    name: str
    problems: list[Problem] = field(default_factory=list)
    added: int = 0
    already_held: int = 0


class IncidentsRefused(Exception):
    """The records have problems: nothing was saved."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"{len(report.problems)} problem(s) in {report.name}")
        self.report = report


# Intake: on only with the agreement named.


@transaction.atomic
def intake_turn_on(
    *,
    partnership: Partnership,
    agreement_reference: str,
    agreement_review_date: date,
    retention_months: int = DEFAULT_RETENTION_MONTHS,
    actor: Any,
) -> EarlyWarningSettings:
    """Take in the partnership's agencies' incident records from now on, under the information
    sharing agreement `agreement_reference` (required: it is the lawful basis for holding them)."""
    if not agreement_reference.strip():
        raise ValueError("Intake needs the information sharing agreement's reference")
    settings, _ = EarlyWarningSettings.objects.select_for_update().get_or_create(partnership=partnership)
    settings.intake_enabled = True
    settings.agreement_reference = agreement_reference.strip()
    settings.agreement_review_date = agreement_review_date
    settings.retention_months = retention_months
    settings.changed_by, settings.changed_at = actor, timezone.now()
    settings.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CHANGE,
        subject=settings,
        detail=f"incident intake turned on; records kept {retention_months} months",
    )
    return settings


@transaction.atomic
def intake_turn_off(*, partnership: Partnership, actor: Any) -> EarlyWarningSettings:
    """Take in no more records (those held stay, until their retention ends)."""
    settings, _ = EarlyWarningSettings.objects.select_for_update().get_or_create(partnership=partnership)
    settings.intake_enabled = False
    settings.changed_by, settings.changed_at = actor, timezone.now()
    settings.save()
    audit_record(
        actor=actor, action=AuditEntry.Action.CHANGE, subject=settings, detail="incident intake turned off"
    )
    return settings


def _intake_check(partnership: Partnership) -> None:
    if not EarlyWarningSettings.objects.filter(partnership=partnership, intake_enabled=True).exists():
        raise IntakeOff(partnership)


# The column mapping.


@transaction.atomic
def mapping_save(*, agency: Agency, columns: Mapping[str, str], actor: Any) -> ColumnMapping:
    """Keep the agency's mapping (our field: the file's header), proposed at its next upload."""
    mapping, _ = ColumnMapping.objects.update_or_create(
        agency=agency,
        defaults={
            "columns": {name: header for name, header in columns.items() if header},
            "saved_by": actor,
            "saved_at": timezone.now(),
        },
    )
    return mapping


# Taking records in.


def file_headers(opener: Opener, name: str) -> list[Any]:
    """The file's header row (its first row that is not blank); Unreadable when there is none."""
    first = next(rows_of(opener, name), None)
    if first is None:
        raise Unreadable(gettext("The file is empty"))
    return list(first[1])


def _file_candidates(
    opener: Opener, name: str, mapping: Mapping[str, str], report: Report, today: date
) -> list[Candidate]:
    candidates: list[Candidate] = []
    try:
        rows = rows_of(opener, name)
        first = next(rows, None)
        if first is None:
            report.problems.append(Problem(0, "", gettext("The file is empty")))
            return []
        positions, headers, problems = mapping_check(list(first[1]), mapping)
        report.problems += problems
        if problems:
            return []
        for number, cells in rows:
            values = {key: cells[at] if at < len(cells) else None for key, at in positions.items()}
            candidate, problems = record_check(number, values, headers, today)
            report.problems += problems
            if candidate is not None:
                candidates.append(candidate)
        _twice_check(candidates, headers.get("reference", "reference"), report)
    except Unreadable as error:
        report.problems.append(Problem(0, "", str(error)))
    if not report.problems and not candidates:
        report.problems.append(Problem(0, "", gettext("The file has no incident records in it")))
    return candidates


def _twice_check(candidates: Sequence[Candidate], column: str, report: Report) -> None:
    seen: dict[str, int] = {}
    for candidate in candidates:
        key = candidate.reference.upper()
        if key in seen:
            report.problems.append(
                Problem(
                    candidate.row,
                    column,
                    gettext("%(reference)s is given twice (first at %(first)s)")
                    % {"reference": candidate.reference, "first": seen[key]},
                )
            )
        else:
            seen[key] = candidate.row


@transaction.atomic
def records_import(
    *,
    agency: Agency,
    opener: Opener,
    name: str,
    mapping: Mapping[str, str],
    actor: Any,
    today: date | None = None,
) -> Report:
    """Check every row of the file and, only if all are right, keep its records; raise
    IncidentsRefused with the report by row and column (saving nothing) if any is wrong. A record
    whose agency reference is held already is left as it is and counted as held (a file sent twice
    adds nothing)."""
    _intake_check(agency.partnership)
    report = Report(name=name)
    candidates = _file_candidates(opener, name, mapping, report, today or timezone.localdate())
    if report.problems:
        raise IncidentsRefused(report)
    batch = ImportBatch.objects.create(
        partnership=agency.partnership, agency=agency, via=Via.UPLOAD, file_name=name[:200], created_by=actor
    )
    _keep(batch, candidates, report)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        subject=batch,
        detail=f"uploaded {report.added} incident record(s) ({report.already_held} held already)",
    )
    return report


@transaction.atomic
def records_add(*, token: ApiToken, records: Any, today: date | None = None) -> Report:
    """The API's records, as `records_import` takes a file's: all of them or none. Each problem names
    its record (counted from 1) and its field."""
    agency = token.agency
    _intake_check(agency.partnership)
    report = Report(name="API")
    if not isinstance(records, list) or not records:
        report.problems.append(Problem(0, "", gettext("Send a JSON list of one or more incident records")))
        raise IncidentsRefused(report)
    if len(records) > API_MAX_RECORDS:
        report.problems.append(
            Problem(0, "", gettext("Send at most %(most)s records at a time") % {"most": API_MAX_RECORDS})
        )
        raise IncidentsRefused(report)
    candidates: list[Candidate] = []
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            report.problems.append(Problem(number, "", gettext("must be a JSON object")))
            continue
        unknown = sorted(set(record) - set(FIELDS))
        for name in unknown:
            report.problems.append(
                Problem(number, str(name), gettext("is not a field of an incident record"))
            )
        candidate, problems = record_check(number, record, {}, today or timezone.localdate())
        report.problems += problems
        if candidate is not None and not unknown:
            candidates.append(candidate)
    _twice_check(candidates, "reference", report)
    if report.problems:
        raise IncidentsRefused(report)
    batch = ImportBatch.objects.create(
        partnership=agency.partnership, agency=agency, via=Via.API, token=token
    )
    _keep(batch, candidates, report)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    audit_record(
        actor_label=token.label,
        action=AuditEntry.Action.CREATE,
        subject=batch,
        detail=f"added {report.added} incident record(s) by API ({report.already_held} held already)",
    )
    return report


def _keep(batch: ImportBatch, candidates: Sequence[Candidate], report: Report) -> None:
    """Create the records not held already, grouped with the same incident's other records."""
    held: set[str] = set()
    for start in range(0, len(candidates), BATCH):
        chunk = [candidate.reference for candidate in candidates[start : start + BATCH]]
        held.update(
            reference.upper()
            for reference in IncidentRecord.objects.filter(
                agency=batch.agency, reference__in=chunk
            ).values_list("reference", flat=True)
        )
    records = [
        IncidentRecord(
            partnership_id=batch.partnership_id,
            agency_id=batch.agency_id,
            batch=batch,
            received_at=batch.created_at,
            via=batch.via,
            reference=candidate.reference,
            occurred_at=candidate.occurred_at,
            time_known=candidate.time_known,
            category=candidate.category,
            description=candidate.description,
            reporter_name=candidate.reporter_name,
            reporter_phone=candidate.reporter_phone,
            reporter_email=candidate.reporter_email,
            reporter_address=candidate.reporter_address,
            reporter_postcode=candidate.reporter_postcode,
            location_address=candidate.location_address,
            location_postcode=candidate.location_postcode,
            latitude=candidate.latitude,
            longitude=candidate.longitude,
            **candidate.keys(),
        )
        for candidate in candidates
        if candidate.reference.upper() not in held
    ]
    incidents_group(partnership_id=batch.partnership_id, new=records)
    IncidentRecord.objects.bulk_create(records, batch_size=BATCH)
    report.added, report.already_held = len(records), len(candidates) - len(records)
    ImportBatch.objects.filter(pk=batch.pk).update(added=report.added, already_held=report.already_held)


# One incident, several agencies' records of it.


@dataclass(frozen=True)
class _Seen:
    """What the grouping compares of a record (kept or about to be)."""

    node: int
    agency_id: int
    occurred_at: datetime
    time_known: bool
    keys: tuple[tuple[Any, ...], ...]


_GROUPING_FIELDS = (
    "pk",
    "agency_id",
    "occurred_at",
    "time_known",
    "incident",
    "category",
    "reporter_phone_key",
    "reporter_email_key",
    "reporter_name_key",
    "reporter_postcode_key",
    "location_postcode_key",
    "location_address_key",
    "location_point_key",
)
# The keys a kept record must share with a new one to be read at all (each indexed).
_NARROWING_KEYS = (
    "reporter_phone_key",
    "reporter_email_key",
    "reporter_name_key",
    "location_postcode_key",
    "location_point_key",
)
# New records whose kept neighbours one query reads.
_NEIGHBOURS_AT_ONCE = 500


def _keys_of(values: Mapping[str, Any]) -> tuple[tuple[Any, ...], ...]:
    """The keys on which two records of one incident agree (see the module's docstring)."""
    keys: list[tuple[Any, ...]] = []
    if values["reporter_phone_key"]:
        keys.append(("phone", values["reporter_phone_key"]))
    if values["reporter_email_key"]:
        keys.append(("email", values["reporter_email_key"]))
    if values["reporter_name_key"] and values["reporter_postcode_key"]:
        keys.append(("name", values["reporter_name_key"], values["reporter_postcode_key"]))
    if values["location_postcode_key"]:
        keys.append(
            ("place", values["category"], values["location_postcode_key"], values["location_address_key"])
        )
    if values["location_point_key"]:
        keys.append(("point", values["category"], values["location_point_key"]))
    return tuple(keys)


def _kept_neighbours(partnership_id: int, new: Sequence[IncidentRecord]) -> list[dict[str, Any]]:
    """The kept records that share a key with a new one and happened near it: a query for each
    _NEIGHBOURS_AT_ONCE new records (taken in time order, so each query's window is narrow), through
    the keys' indexes, never the whole partnership's records."""
    found: dict[int, dict[str, Any]] = {}
    ordered = sorted(new, key=lambda record: record.occurred_at)
    for start in range(0, len(ordered), _NEIGHBOURS_AT_ONCE):
        chunk = ordered[start : start + _NEIGHBOURS_AT_ONCE]
        shared = Q()
        for name in _NARROWING_KEYS:
            given = {getattr(record, name) for record in chunk} - {""}
            if given:
                shared |= Q(**{f"{name}__in": sorted(given)})
        if not shared:
            continue
        window = (chunk[0].occurred_at - timedelta(days=1), chunk[-1].occurred_at + timedelta(days=1))
        for values in IncidentRecord.objects.filter(
            shared, partnership_id=partnership_id, occurred_at__range=window
        ).values(*_GROUPING_FIELDS):
            found[values["pk"]] = values
    return list(found.values())


def _close(first: _Seen, second: _Seen) -> bool:
    if not (first.time_known and second.time_known):
        return timezone.localdate(first.occurred_at) == timezone.localdate(second.occurred_at)
    return abs(second.occurred_at - first.occurred_at) <= SAME_INCIDENT_WITHIN


def incidents_group(*, partnership_id: int, new: Sequence[IncidentRecord]) -> None:
    """Give each of the `new` records (not yet saved) its incident: that of the records, kept or new,
    of other agencies it is the same incident as, else a new one. Records kept already whose incidents
    the new ones join together take the oldest of them. The kept records are read in a few queries
    (_kept_neighbours); a merge of kept incidents (rare) costs one update each."""
    if not new:
        return
    kept = _kept_neighbours(partnership_id, new)
    # Nodes: the kept records first, then the new ones.
    seen = [
        _Seen(node, values["agency_id"], values["occurred_at"], values["time_known"], _keys_of(values))
        for node, values in enumerate(kept)
    ]
    for offset, record in enumerate(new):
        values = {name: getattr(record, name) for name in _GROUPING_FIELDS if name != "pk"}
        seen.append(
            _Seen(
                len(kept) + offset, record.agency_id, record.occurred_at, record.time_known, _keys_of(values)
            )
        )
    parent = list(range(len(seen)))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for bucket in _buckets(seen):
        # Sweep in time order, comparing each record with the latest of every other agency so far.
        latest_of: dict[int, _Seen] = {}
        for one in sorted(bucket, key=lambda item: (item.occurred_at, item.node)):
            for agency_id, other in latest_of.items():
                if agency_id != one.agency_id and _close(other, one):
                    parent[root(one.node)] = root(other.node)
            latest_of[one.agency_id] = one
    components: dict[int, list[int]] = defaultdict(list)
    for node in range(len(seen)):
        components[root(node)].append(node)
    for nodes in components.values():
        olds = sorted(
            (kept[node]["occurred_at"], kept[node]["pk"], kept[node]["incident"])
            for node in nodes
            if node < len(kept)
        )
        incident = olds[0][2] if olds else uuid.uuid4()
        for node in nodes:
            if node >= len(kept):
                new[node - len(kept)].incident = incident
        others = {old[2] for old in olds} - {incident}
        if others:
            IncidentRecord.objects.filter(incident__in=others).update(incident=incident)


def _buckets(seen: Iterable[_Seen]) -> Iterator[list[_Seen]]:
    by_key: dict[tuple[Any, ...], list[_Seen]] = defaultdict(list)
    for one in seen:
        for key in one.keys:
            by_key[key].append(one)
    for bucket in by_key.values():
        if len({one.agency_id for one in bucket}) > 1:
            yield bucket


# The agencies' API tokens.


def token_hash(secret: str) -> str:
    return keyed_hash(secret, purpose=TOKEN_PURPOSE)


@transaction.atomic
def token_create(*, agency: Agency, name: str, actor: Any) -> tuple[ApiToken, str]:
    """A new token for `agency`, and the token itself: shown once, never kept (only its hash is)."""
    secret = TOKEN_START + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        agency=agency,
        name=name.strip()[:100],
        prefix=secret[: len(TOKEN_START) + 6],
        hashed=token_hash(secret),
        created_by=actor,
    )
    audit_record(
        actor=actor, action=AuditEntry.Action.CREATE, subject=token, detail=f"API token {token.prefix} made"
    )
    return token, secret


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: Any) -> None:
    """The token stops working at once; it is kept (revoked) so the log's mentions of it still read."""
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), actor
        token.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CHANGE,
            subject=token,
            detail=f"API token {token.prefix} revoked",
        )


# Retention.


def months_before(today: date, months: int) -> date:
    """The day `months` calendar months before `today` (the month's last day where it is shorter)."""
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))


@transaction.atomic
def incidents_delete_expired(*, today: date) -> int:
    """Delete every incident record not linked to a case that happened before its partnership's
    retention period (12 months unless its settings say otherwise) reaching back from `today`: UK GDPR
    Article 5(1)(e), kept no longer than needed. Answers how many were deleted; the audit log has one
    entry per partnership, with the count only."""
    months = dict(EarlyWarningSettings.objects.values_list("partnership_id", "retention_months"))
    partnerships = IncidentRecord.objects.values_list("partnership_id", flat=True).distinct()
    deleted = 0
    for partnership_id in sorted(set(partnerships)):
        keep = months.get(partnership_id, DEFAULT_RETENTION_MONTHS)
        before = timezone.make_aware(datetime.combine(months_before(today, keep), datetime.min.time()))
        count, _ = IncidentRecord.objects.filter(
            Q(partnership_id=partnership_id), Q(linked_case__isnull=True), Q(occurred_at__lt=before)
        ).delete()
        if count:
            deleted += count
            audit_record(
                actor_label="incident retention",
                action=AuditEntry.Action.DELETE,
                subject=Partnership.objects.get(pk=partnership_id),
                detail=f"deleted {count} incident record(s) past their {keep}-month retention",
            )
    return deleted
