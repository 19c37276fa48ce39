"""Finding people and places in the incident records, and recording what staff did about them.

`findings_detect` is set-based: the database finds the candidates (GROUP BY reporter, or place and
category, HAVING enough separate incidents or people within the policy's period), and only the
candidates' records are read. A person is put to the same threshold engine, under the same policy, as
an application would be (`hypothetical_document`), so early warning never has a second threshold rule.
Findings are keyed on what they are about: detecting again adds new incidents to a finding, never a
second one."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from community_trigger.agencies.models import Partnership
from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record
from community_trigger.domain.periods import Period, period_end
from community_trigger.domain.policy import Policy, builtin_policies
from community_trigger.domain.threshold import assess_document, long_date
from community_trigger.earlywarning.models import OUTCOMES, Finding, FindingStep, Kind, State, Step
from community_trigger.incidents.models import Category, IncidentRecord

# The guidance's prompt: a person's second report within six months, whatever the local policy.
SECOND_REPORT_WITHIN = Period(months=6)
# A place is worth a look when this many different people reported there, if the policy has no
# five-people route of its own.
PLACE_PEOPLE = 5
# The national categories counted as behaviour causing harassment, alarm or distress (rule 1) in a
# hypothetical application. Environmental ASB (fly-tipping, graffiti) is about a place, not a person,
# and is left out; a real application asks the person, and the engine decides then.
DISTRESSING = (Category.PERSONAL, Category.NUISANCE)


def period_start(today: date, period: Period) -> date:
    """The first day D such that the period of `period` beginning with D still includes `today`."""
    day = today - timedelta(days=period.days or 31 * period.months + 1)
    while period_end(day, period) < today:
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class Row:
    """What detection reads of one record."""

    pk: int
    incident: str
    day: date
    agency_id: int
    agency_kind: str
    category: str
    reporter_id: int | None
    place_id: int | None


def _rows(records: QuerySet[IncidentRecord]) -> list[Row]:
    zone = timezone.get_current_timezone()
    return [
        Row(pk, str(incident), timezone.localtime(at, zone).date(), agency, kind, category, reporter, place)
        for pk, incident, at, agency, kind, category, reporter, place in records.order_by(
            "occurred_at", "pk"
        ).values_list(
            "pk",
            "incident",
            "occurred_at",
            "agency_id",
            "agency__kind",
            "category",
            "reporter_id",
            "place_id",
        )
    ]


def _incidents(rows: Iterable[Row]) -> dict[str, list[Row]]:
    """Records grouped by incident (one incident told to two agencies is one), in date order."""
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row.incident].append(row)
    return dict(sorted(grouped.items(), key=lambda item: (item[1][0].day, item[1][0].pk)))


def hypothetical_document(policy: Policy, incidents: dict[str, list[Row]], today: date) -> dict[str, Any]:
    """The threshold engine's input (spec section 5) for an application the person could make today:
    each incident with its reports to the agencies (an agency's kind, as a real application's report
    names it), the person taken as dissatisfied and consenting (the question is whether telling them
    is worth it; the real application asks them both)."""
    return {
        "policy": policy.id,
        "application_date": today.isoformat(),
        "applicant": {"role": "victim", "person": "P1", "consent": True},
        "about_single_organisation": False,
        "people": [{"id": "P1", "dissatisfied": True, "consent": True}],
        "incidents": [
            {
                "id": f"I{index}",
                "date": rows[0].day.isoformat(),
                "asb": rows[0].category in DISTRESSING,
                "hate": False,
                "reports": [
                    {"by": "P1", "agency": row.agency_kind, "date": row.day.isoformat()} for row in rows
                ],
            }
            for index, rows in enumerate(incidents.values(), start=1)
        ],
    }


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class Found:
    kind: str
    key: str
    why: str
    records: list[int]
    reporter_id: int | None = None
    place_id: int | None = None
    category: str = ""
    agency_id: int | None = None


def _people(partnership: Partnership, policy: Policy, today: date, until: datetime) -> list[Found]:
    """People with `min_complaints` separate incidents in the policy's period whom the engine finds
    meet the threshold, and people with a second report within six months."""
    since = min(period_start(today, policy.application_within), period_start(today, SECOND_REPORT_WITHIN))
    in_time = IncidentRecord.objects.filter(
        partnership=partnership,
        reporter__isnull=False,
        occurred_at__gte=_day_start(since),
        occurred_at__lt=until,
    )
    candidates = (
        in_time.values("reporter_id")
        .annotate(incidents=Count("incident", distinct=True))
        .filter(incidents__gte=2)
    )
    by_reporter: dict[int, list[Row]] = defaultdict(list)
    for row in _rows(in_time.filter(reporter_id__in=candidates.values("reporter_id")).select_related(None)):
        assert row.reporter_id is not None
        by_reporter[row.reporter_id].append(row)
    threshold_from = period_start(today, policy.application_within)
    second_from = period_start(today, SECOND_REPORT_WITHIN)
    policies = {policy.id: policy}
    found: list[Found] = []
    for reporter_id, rows in by_reporter.items():
        recent = _incidents(row for row in rows if row.day >= second_from)
        if len(recent) >= 2:
            second = list(recent.values())[1]
            found.append(
                Found(
                    Kind.SECOND_REPORT,
                    f"second:{reporter_id}:{second[0].incident}",
                    f"Reported again on {long_date(second[0].day)}, within six months of a report on "
                    f"{long_date(next(iter(recent.values()))[0].day)}: tell them about the ASB Case Review.",
                    [row.pk for group in list(recent.values())[:2] for row in group],
                    reporter_id=reporter_id,
                    agency_id=second[0].agency_id,
                )
            )
        incidents = _incidents(row for row in rows if row.day >= threshold_from)
        if len(incidents) < policy.min_complaints:
            continue
        output = assess_document(
            hypothetical_document(policy, incidents, today), policies=policies, default_policy=policy.id
        )
        if not output["threshold_met"]:
            continue
        met = next(item for item in output["criteria"] if item["id"] == output["route"])
        found.append(
            Found(
                Kind.PERSON,
                f"person:{reporter_id}",
                f"{met['detail']}. (A hypothetical application made today, under the "
                f"{policy.name or policy.id} policy: the person has not applied.)",
                [row.pk for group in incidents.values() for row in group],
                reporter_id=reporter_id,
            )
        )
    return found


def _places(partnership: Partnership, policy: Policy, today: date, until: datetime) -> list[Found]:
    """Places where enough different people reported incidents of one national category in the
    policy's period."""
    needed = policy.min_individuals or PLACE_PEOPLE
    since = period_start(today, policy.application_within)
    in_time = IncidentRecord.objects.filter(
        partnership=partnership,
        place__isnull=False,
        reporter__isnull=False,
        occurred_at__gte=_day_start(since),
        occurred_at__lt=until,
    )
    candidates = list(
        in_time.values("place_id", "category")
        .annotate(people=Count("reporter", distinct=True))
        .filter(people__gte=needed)
        .values_list("place_id", "category", "people")
    )
    # The candidates' records in one query, sorted to their place and category in Python.
    wanted = {(place_id, category) for place_id, category, _ in candidates}
    behind: dict[tuple[int, str], list[int]] = defaultdict(list)
    for pk, place_id, category in in_time.filter(place_id__in={place for place, _ in wanted}).values_list(
        "pk", "place_id", "category"
    ):
        if (place_id, category) in wanted:
            behind[place_id, category].append(pk)
    found: list[Found] = []
    for place_id, category, people in candidates:
        records = behind[place_id, category]
        found.append(
            Found(
                Kind.PLACE,
                f"place:{place_id}:{category}",
                f"{people} different people reported {Category(category).label.lower()} incidents at this "
                f"place between {long_date(since)} and {long_date(today)}; the policy looks at {needed} or "
                "more people.",
                records,
                place_id=place_id,
                category=category,
            )
        )
    return found


@transaction.atomic
def findings_detect(*, partnership: Partnership, today: date) -> int:
    """Find what the partnership's incident records up to `today` show, keep each finding up to date
    (new incidents added to it, never a second finding), and answer how many were new or grew."""
    policy = builtin_policies()[partnership.policy]
    until = _day_start(today + timedelta(days=1))
    found = _people(partnership, policy, today, until) + _places(partnership, policy, today, until)
    if not found:
        return 0
    now = timezone.now()
    held = {
        finding.key: finding
        for finding in Finding.objects.filter(partnership=partnership, key__in=[item.key for item in found])
    }
    Finding.objects.bulk_create(
        [
            Finding(
                partnership=partnership,
                kind=item.kind,
                key=item.key,
                why=item.why,
                reporter_id=item.reporter_id,
                place_id=item.place_id,
                category=item.category,
                agency_id=item.agency_id,
                found_at=now,
                updated_at=now,
            )
            for item in found
            if item.key not in held
        ]
    )
    findings = {
        finding.key: finding
        for finding in Finding.objects.filter(partnership=partnership, key__in=[item.key for item in found])
    }
    through = Finding.records.through
    had: dict[int, set[int]] = defaultdict(set)
    for finding_id, record_id in through.objects.filter(
        finding_id__in=[finding.pk for finding in held.values()]
    ).values_list("finding_id", "incidentrecord_id"):
        had[finding_id].add(record_id)
    rows: list[tuple[int, int]] = []
    grew: list[Finding] = []
    for item in found:
        finding = findings[item.key]
        new = [pk for pk in item.records if pk not in had[finding.pk]]
        rows += [(finding.pk, pk) for pk in new]
        if new and item.key in held:
            # New incidents bring it back to the top, and back to "new" if it had been closed.
            finding.why, finding.updated_at = item.why, now
            if finding.state == State.CLOSED and finding.kind != Kind.SECOND_REPORT:
                finding.state, finding.outcome = State.NEW, ""
            grew.append(finding)
    _records_link(rows)
    Finding.objects.bulk_update(grew, ["why", "updated_at", "state", "outcome"], batch_size=1000)
    return len(found) - len(held) + len(grew)


def _records_link(rows: list[tuple[int, int]]) -> None:
    """Add (finding, record) pairs to the findings' records, one held already left as it is. A first
    run adds hundreds of thousands: written by the driver's executemany, not as a model instance each."""
    through = Finding.records.through
    quote = connection.ops.quote_name
    fields = (through._meta.get_field(name) for name in ("finding", "incidentrecord"))
    columns = ", ".join(quote(field.column) for field in fields if isinstance(field, models.Field))
    insert = "INSERT OR IGNORE INTO" if connection.vendor == "sqlite" else "INSERT INTO"
    conflict = " ON CONFLICT DO NOTHING" if connection.vendor == "postgresql" else ""
    # Names from the model only; every value is a parameter.
    sql = f"{insert} {quote(through._meta.db_table)} ({columns}) VALUES (%s, %s){conflict}"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 10_000):
            cursor.executemany(sql, rows[start : start + 10_000])


class StepRefused(Exception):
    """The step cannot be taken on this finding now."""


@transaction.atomic
def finding_step(
    *, finding: Finding, step: str, actor: Any, with_whom: str = "", how: str = "", note: str = ""
) -> FindingStep:
    """Record a step on a finding and move its state: a contact started, its outcome (which closes
    it), a note, or a second report's task done or declined. Audited without the words typed. Never
    makes an application: "wants to apply" leads staff to enter one, with the person, themselves."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    task = finding.kind == Kind.SECOND_REPORT
    if finding.state == State.CLOSED:
        raise StepRefused("This finding is closed.")
    if task != (step in (Step.TASK_DONE, Step.TASK_DECLINED)):
        raise StepRefused("That step is not one for this finding.")
    if step in OUTCOMES and finding.state != State.CONTACT_STARTED:
        raise StepRefused("Record the contact before its outcome.")
    made = FindingStep.objects.create(
        finding=finding, step=step, with_whom=with_whom, how=how, note=note, by=actor, at=timezone.now()
    )
    if step == Step.CONTACT_STARTED:
        finding.state = State.CONTACT_STARTED
    elif step in OUTCOMES or task:
        finding.state, finding.outcome = State.CLOSED, step
    finding.save(update_fields=["state", "outcome"])
    audit_record(
        action=AuditEntry.Action.CHANGE, subject=finding, actor=actor, detail=f"Early-warning step: {step}"
    )
    return made


def detect_everywhere(*, today: date, slug: str = "") -> int:
    """`findings_detect` for each partnership taking in incident records (or only the one `slug`)."""
    partnerships = Partnership.objects.filter(early_warning_settings__intake_enabled=True)
    if slug:
        partnerships = partnerships.filter(slug=slug)
    return sum(findings_detect(partnership=partnership, today=today) for partnership in partnerships)
