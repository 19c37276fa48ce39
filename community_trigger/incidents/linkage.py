"""Who is who, and where: the record linkage of a partnership's incident records.

People: Splink's probabilistic (Fellegi-Sunter) model, run here on DuckDB. The records are read from
the Django database (SQLite or PostgreSQL alike) in chunks through the ORM into a pyarrow table that
DuckDB scans in place. Candidate pairs come from the blocking rules (the same phone, the same email,
the same name, the same postcode and initial); each pair is compared on its name (Jaro-Winkler),
phone and email (exact, on their keys) and home (address and postcode together: the same, the same
postcode with the address within three edits (Levenshtein), the same postcode, the same district). The u
probabilities are estimated by random sampling and the m probabilities by expectation maximisation on
blocked pairs, once a partnership has TRAIN_FROM records; until then the prior in `reporter_settings`
(what a careful person would guess) is used. The trained model is kept (LinkageModel) and reused by
the daily run, which links only the new records against those held (predict_between) and among
themselves (predict_within). Pairs at or above MATCH_PROBABILITY are clustered into Reporter rows,
respecting the coordinators' decisions (LinkDecision): a confirmed pair is always one person, and no
cluster ever holds both records of a split pair. Each record keeps its best pair as LinkEvidence.

`reporter_settings` alone describes the model and is independent of DuckDB: a national deployment
passes the same settings (and the saved parameters) to Splink's SparkAPI instead (README).

Places are clustered deterministically, not probabilistically: two records are one place when their
normalised location address and postcode are the same, or their coordinates are the same to four
decimal places (about 10 metres). A place is an address or a point, whose keys (common.search_keys)
already absorb the typing differences; a fuzzy match would merge neighbouring houses (1 and 11 Test
Street differ by one letter), which is what early warning must count apart."""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from django.db import transaction
from django.utils import timezone
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from community_trigger.agencies.models import Partnership
from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record
from community_trigger.incidents.models import (
    IncidentPlace,
    IncidentRecord,
    LinkageModel,
    LinkDecision,
    Linked,
    LinkEvidence,
    Reporter,
)

# A pair at or above this probability is the same person.
MATCH_PROBABILITY = 0.9
# Fewer records than this and the model is not trained (EM needs enough blocked pairs): the prior is used.
TRAIN_FROM = 2000
# Records read from the database at a time.
CHUNK = 20_000
# The pairs u is estimated on (random sampling).
U_PAIRS = 2_000_000
# One person reports about this many times a year: the prior probability two records match.
_PER_PERSON = 3


def _district(key: str) -> str | None:
    """A postcode key's district, its outward code ("SP103AJ": "SP10")."""
    return key[:-3] if len(key) >= 5 else None


def _level(condition: str, label: str, m: float, u: float) -> Any:
    return cll.CustomLevel(condition, label_for_charts=label, base_dialect_str="duckdb").configure(
        m_probability=m, u_probability=u
    )


def reporter_settings(*, records: int) -> SettingsCreator:
    """The people model: comparisons, blocking rules and the prior, for any Splink backend (DuckDB
    here, Spark nationally: its SQL is translated from DuckDB's by sqlglot). `records` sets the prior
    probability that two records match. The m and u given here are the prior, used until the
    partnership has enough records to train on.

    Home address and postcode are one comparison, not two: they agree together (one home), and two
    comparisons would count that agreement twice, so that two people of one family, at one address
    with different phones, would look like one person."""

    def exact(column: str, m: float, u: float) -> Any:
        return cl.CustomComparison(
            output_column_name=column,
            comparison_levels=[
                cll.NullLevel(column),
                cll.ExactMatchLevel(column).configure(m_probability=m, u_probability=u),
                cll.ElseLevel().configure(m_probability=1 - m, u_probability=1 - u),
            ],
        )

    name = cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.NullLevel("name"),
            cll.ExactMatchLevel("name").configure(m_probability=0.7, u_probability=0.0005),
            cll.JaroWinklerLevel("name", 0.92).configure(m_probability=0.2, u_probability=0.002),
            cll.JaroWinklerLevel("name", 0.8).configure(m_probability=0.04, u_probability=0.02),
            cll.ElseLevel().configure(m_probability=0.06, u_probability=0.9775),
        ],
    )
    home = cl.CustomComparison(
        output_column_name="home",
        comparison_levels=[
            cll.NullLevel("postcode"),
            _level(
                "address_l = address_r AND postcode_l = postcode_r", "same address and postcode", 0.65, 0.0003
            ),
            _level(
                "postcode_l = postcode_r AND levenshtein(address_l, address_r) <= 3",
                "same postcode, address within 3 edits",
                0.1,
                0.0005,
            ),
            _level("postcode_l = postcode_r", "same postcode", 0.05, 0.002),
            _level("district_l = district_r", "same postcode district", 0.05, 0.03),
            cll.ElseLevel().configure(m_probability=0.15, u_probability=0.9642),
        ],
    )
    pairs_per_person = _PER_PERSON * (_PER_PERSON - 1) / 2
    pairs = max(records * (records - 1) / 2, 1)
    people = max(records / _PER_PERSON, 1)
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=min(max(people * pairs_per_person / pairs, 1e-9), 0.5),
        comparisons=[name, exact("phone", 0.85, 0.0001), exact("email", 0.85, 0.0001), home],
        blocking_rules_to_generate_predictions=[
            block_on("phone"),
            block_on("email"),
            block_on("name"),
            block_on("postcode", "initial"),
        ],
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=False,
    )


# Reading the records.


def _rows(partnership_id: int) -> Iterator[dict[str, list[Any]]]:
    """The partnership's records as columns, CHUNK at a time, in primary-key order."""
    fields = (
        "pk",
        "reporter_name_key",
        "reporter_phone_key",
        "reporter_email_key",
        "reporter_address_key",
        "reporter_postcode_key",
        "reporter_id",
    )
    last = 0
    while True:
        chunk = list(
            IncidentRecord.objects.filter(partnership_id=partnership_id, pk__gt=last)
            .order_by("pk")
            .values_list(*fields)[:CHUNK]
        )
        if not chunk:
            return
        last = chunk[-1][0]
        yield {
            "unique_id": [row[0] for row in chunk],
            "name": [row[1] or None for row in chunk],
            "phone": [row[2] or None for row in chunk],
            "email": [row[3] or None for row in chunk],
            "address": [row[4] or None for row in chunk],
            "postcode": [row[5] or None for row in chunk],
            "district": [_district(row[5]) for row in chunk],
            "initial": [row[1][:1] or None for row in chunk],
            "reporter_id": [row[6] for row in chunk],
        }


_SCHEMA = pa.schema(
    [
        ("unique_id", pa.int64()),
        ("name", pa.string()),
        ("phone", pa.string()),
        ("email", pa.string()),
        ("address", pa.string()),
        ("postcode", pa.string()),
        ("district", pa.string()),
        ("initial", pa.string()),
        ("reporter_id", pa.int64()),
    ]
)


def records_table(partnership_id: int) -> pa.Table:
    """The partnership's records, as the linkage compares them, in one arrow table."""
    return table_of(_rows(partnership_id))


def table_of(chunks: Iterable[dict[str, list[Any]]]) -> pa.Table:
    """Chunks of columns (unique_id, name, phone, email, address, postcode, district, initial,
    reporter_id: the keys of common.search_keys, None where not given) as one arrow table."""
    batches = [pa.RecordBatch.from_pydict(columns, schema=_SCHEMA) for columns in chunks]
    return pa.Table.from_batches(batches, schema=_SCHEMA)


# Linking people.


@dataclass(frozen=True)
class Pair:
    """Two records the model scored at or above the threshold, and why (each comparison's level and
    match weight)."""

    left: int
    right: int
    match_weight: float
    match_probability: float
    levels: tuple[tuple[str, str, float], ...]


def _levels(model: dict[str, Any]) -> dict[str, list[tuple[float, str]]]:
    """Each comparison's levels: (match weight, label), for naming the level a pair's weight is of
    (Splink 5 hands back each comparison's weight, mw_<name>, not its level)."""
    found: dict[str, list[tuple[float, str]]] = {}
    for comparison in model["comparisons"]:
        levels: list[tuple[float, str]] = []
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                levels.append((0.0, "missing"))
            elif level.get("m_probability") and level.get("u_probability"):
                weight = math.log2(level["m_probability"] / level["u_probability"])
                levels.append((weight, level.get("label_for_charts") or level["sql_condition"]))
        found[comparison["output_column_name"]] = levels
    return found


def _level_of(levels: list[tuple[float, str]], weight: float) -> str:
    return min(levels, key=lambda level: abs(level[0] - weight))[1] if levels else ""


def predict_pairs(
    table: pa.Table, *, model: dict[str, Any] | None, train: bool
) -> tuple[list[Pair], dict[str, Any]]:
    """The pairs of `table`'s records at or above MATCH_PROBABILITY, and the model that scored them
    (trained on `table` when `train`, else `model`, else the prior). With records already linked
    (a reporter_id), only pairs with at least one new record are scored: the incremental run."""

    logging.getLogger("splink").setLevel(logging.WARNING)
    db_api = DuckDBAPI()
    settings: Any = model if (model and not train) else reporter_settings(records=table.num_rows)
    held = pc.is_valid(table["reporter_id"])
    new = table.filter(pc.invert(held))
    old = table.filter(held)
    everything = db_api.register(table, table_name="records_all")
    linker = Linker(everything, settings, log_level=logging.WARNING)
    if train:
        linker.training.estimate_u_using_random_sampling(max_pairs=U_PAIRS, seed=1)
        for rule in (block_on("phone"), block_on("postcode")):
            linker.training.estimate_parameters_using_expectation_maximisation(rule)
    if old.num_rows and new.num_rows:
        left = db_api.register(old, table_name="records_held")
        right = db_api.register(new, table_name="records_new")
        frames = [
            linker.inference.predict_between(left, right, threshold_match_probability=MATCH_PROBABILITY),
            linker.inference.predict_within(right, threshold_match_probability=MATCH_PROBABILITY),
        ]
    elif new.num_rows:
        frames = [linker.inference.predict(threshold_match_probability=MATCH_PROBABILITY)]
    else:
        frames = []
    saved = linker.misc.save_model_to_json()
    levels_of = _levels(saved)
    names = [comparison["output_column_name"] for comparison in saved["comparisons"]]
    pairs: list[Pair] = []
    for frame in frames:
        for row in frame.as_duckdbpyrelation().to_arrow_table().to_pylist():
            levels = tuple(
                (
                    name,
                    _level_of(levels_of[name], float(row[f"mw_{name}"])),
                    round(float(row[f"mw_{name}"]), 2),
                )
                for name in names
            )
            pairs.append(
                Pair(
                    int(row["unique_id_l"]),
                    int(row["unique_id_r"]),
                    float(row["match_weight"]),
                    float(row["match_probability"]),
                    levels,
                )
            )
    return pairs, saved


class _Clusters:
    """Union-find over records that never joins two groups a split pair would span."""

    def __init__(self, splits: Sequence[tuple[int, int]]) -> None:
        self.parent: dict[int, int] = {}
        self.members: dict[int, set[int]] = defaultdict(set)
        self.apart: dict[int, set[int]] = defaultdict(set)
        for left, right in splits:
            self.apart[self.root(left)].add(right)
            self.apart[self.root(right)].add(left)

    def root(self, node: int) -> int:
        parent = self.parent.setdefault(node, node)
        if parent == node:
            self.members[node].add(node)
            return node
        found = self.root(parent)
        self.parent[node] = found
        return found

    def join(self, left: int, right: int) -> bool:
        a, b = self.root(left), self.root(right)
        if a == b:
            return True
        if self.apart[a] & self.members[b] or self.apart[b] & self.members[a]:
            return False
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.parent[b] = a
        self.members[a] |= self.members.pop(b)
        self.apart[a] |= self.apart.pop(b, set())
        return True


@dataclass
class Outcome:
    """What a run did."""

    records: int = 0
    new: int = 0
    pairs: int = 0
    reporters: int = 0
    places: int = 0
    trained: bool = False


def reporters_link(*, partnership: Partnership, train: bool | None = None) -> Outcome:
    """Link the partnership's records not linked yet to a person (incrementally: against the records
    held, and among themselves), writing Reporter, IncidentRecord.reporter and LinkEvidence in bulk.
    `train`: estimate the model afresh (default: when none is kept and there are TRAIN_FROM records)."""
    table = records_table(partnership.pk)
    outcome = Outcome(records=table.num_rows)
    kept = LinkageModel.objects.filter(partnership=partnership, links=Linked.REPORTERS).first()
    if train is None:
        train = kept is None and table.num_rows >= TRAIN_FROM
    new_ids = [
        uid
        for uid, rid in zip(table["unique_id"].to_pylist(), table["reporter_id"].to_pylist(), strict=True)
        if rid is None
    ]
    outcome.new, outcome.trained = len(new_ids), train
    if not new_ids:
        return outcome
    pairs, model = predict_pairs(table, model=kept.parameters if kept else None, train=train)
    outcome.pairs = len(pairs)
    with transaction.atomic():
        if train:
            LinkageModel.objects.update_or_create(
                partnership=partnership,
                links=Linked.REPORTERS,
                defaults={"parameters": model, "trained_on": table.num_rows, "trained_at": timezone.now()},
            )
        outcome.reporters = _write_reporters(partnership, table, pairs)
    return outcome


def _decisions(partnership: Partnership) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    confirmed: list[tuple[int, int]] = []
    split: list[tuple[int, int]] = []
    for left, right, decision in LinkDecision.objects.filter(partnership=partnership).values_list(
        "record_id", "other_id", "decision"
    ):
        (confirmed if decision == LinkDecision.Decision.CONFIRMED else split).append((left, right))
    return confirmed, split


def clusters_of(
    table: pa.Table,
    pairs: Sequence[Pair],
    *,
    confirmed: Sequence[tuple[int, int]] = (),
    split: Sequence[tuple[int, int]] = (),
) -> tuple[dict[int, list[int]], dict[int, Pair]]:
    """The groups of `table`'s records (by a member), and each linked record's best pair. The records
    held stay with their person (one group each), confirmed pairs join first, then the model's pairs,
    strongest first, never across a split pair."""
    clusters = _Clusters(split)
    ids = table["unique_id"].to_pylist()
    first_of: dict[int, int] = {}
    for uid, rid in zip(ids, table["reporter_id"].to_pylist(), strict=True):
        clusters.root(uid)
        if rid is not None:
            if rid in first_of:
                clusters.join(first_of[rid], uid)
            else:
                first_of[rid] = uid
    for left, right in confirmed:
        clusters.join(left, right)
    best: dict[int, Pair] = {}
    for pair in sorted(pairs, key=lambda pair: -pair.match_weight):
        if clusters.join(pair.left, pair.right):
            for uid in (pair.left, pair.right):
                if uid not in best or best[uid].match_weight < pair.match_weight:
                    best[uid] = pair
    groups: dict[int, list[int]] = defaultdict(list)
    for uid in ids:
        groups[clusters.root(uid)].append(uid)
    return groups, best


def _write_reporters(partnership: Partnership, table: pa.Table, pairs: Sequence[Pair]) -> int:
    """Write the clusters back: a new record takes its group's earliest person, or a new one; a group
    holding two people (a new record bridging them) becomes the earliest of them. Answers how many
    people were made."""
    confirmed, split = _decisions(partnership)
    groups, best = clusters_of(table, pairs, confirmed=confirmed, split=split)
    reporter_of = dict(zip(table["unique_id"].to_pylist(), table["reporter_id"].to_pylist(), strict=True))
    changed: dict[int, list[int]] = defaultdict(list)
    fresh: list[list[int]] = []
    for members in groups.values():
        people = sorted({reporter_of[uid] for uid in members} - {None})
        if not people:
            fresh.append(members)
            continue
        for uid in members:
            if reporter_of[uid] != people[0]:
                changed[people[0]].append(uid)
    made_reporters = Reporter.objects.bulk_create([Reporter(partnership=partnership) for _ in fresh])
    for reporter, members in zip(made_reporters, fresh, strict=True):
        changed[reporter.pk] += members
    for reporter_id, members in changed.items():
        for start in range(0, len(members), 1000):
            IncidentRecord.objects.filter(pk__in=members[start : start + 1000]).update(
                reporter_id=reporter_id
            )
    evidence = [
        LinkEvidence(
            record_id=uid,
            other_id=pair.right if pair.left == uid else pair.left,
            match_weight=round(pair.match_weight, 2),
            match_probability=round(pair.match_probability, 4),
            levels=[list(level) for level in pair.levels],
        )
        for uid, pair in best.items()
    ]
    LinkEvidence.objects.filter(record_id__in=list(best)).delete()
    LinkEvidence.objects.bulk_create(evidence, batch_size=1000)
    return len(fresh)


# Places.


def places_link(*, partnership: Partnership) -> int:
    """Give each record not placed yet its place: that of a record at the same normalised address and
    postcode, or the same point (about 10 metres), else a new one. Answers how many places were made."""
    records = IncidentRecord.objects.filter(partnership=partnership)
    known: dict[tuple[str, ...], int] = {}
    for address, postcode, point, place_id in records.filter(place__isnull=False).values_list(
        "location_address_key", "location_postcode_key", "location_point_key", "place_id"
    ):
        if postcode:
            known.setdefault(("address", address, postcode), place_id)
        if point:
            known.setdefault(("point", point), place_id)
    waiting: dict[int, list[int]] = defaultdict(list)
    fresh: dict[tuple[str, ...], list[int]] = defaultdict(list)
    fresh_of: dict[tuple[str, ...], tuple[str, ...]] = {}
    for pk, address, postcode, point in records.filter(place__isnull=True).values_list(
        "pk", "location_address_key", "location_postcode_key", "location_point_key"
    ):
        keys: list[tuple[str, ...]] = [("address", address, postcode)] if postcode else []
        keys += [("point", point)] if point else []
        found = next((known[key] for key in keys if key in known), None)
        if found is not None:
            waiting[found].append(pk)
        elif keys:
            group = next((fresh_of[key] for key in keys if key in fresh_of), keys[0])
            fresh[group].append(pk)
            for key in keys:
                fresh_of.setdefault(key, group)
    made = IncidentPlace.objects.bulk_create([IncidentPlace(partnership=partnership) for _ in fresh])
    for place, members in zip(made, fresh.values(), strict=True):
        waiting[place.pk] += members
    for place_id, members in waiting.items():
        for start in range(0, len(members), 1000):
            IncidentRecord.objects.filter(pk__in=members[start : start + 1000]).update(place_id=place_id)
    return len(made)


def incidents_link(*, partnership: Partnership, train: bool | None = None) -> Outcome:
    """The daily run for one partnership: people, then places."""
    outcome = reporters_link(partnership=partnership, train=train)
    with transaction.atomic():
        outcome.places = places_link(partnership=partnership)
    return outcome


# A coordinator's word on a link.


class LinkRefused(Exception):
    """The records cannot be decided on (not linked to each other's person, or the same record)."""


@transaction.atomic
def link_decide(
    *, record: IncidentRecord, other: IncidentRecord, decision: str, reason: str, actor: Any
) -> LinkDecision:
    """Record a coordinator's decision that `record` and `other` are the same person (confirmed: they
    share a person from now on) or not (split: `record` leaves for a person of its own), remembered by
    every later run. The audit entry names the decision only, never who the records are of."""
    if record.pk == other.pk or record.partnership_id != other.partnership_id:
        raise LinkRefused
    if not reason.strip():
        raise ValueError("A link decision needs its reason")
    made = LinkDecision.objects.create(
        partnership_id=record.partnership_id,
        record=record,
        other=other,
        decision=decision,
        reason=reason.strip()[:500],
        decided_by=actor,
    )
    if decision == LinkDecision.Decision.CONFIRMED:
        if other.reporter_id is None:
            other.reporter = Reporter.objects.create(partnership_id=record.partnership_id)
            other.save(update_fields=["reporter"])
        record.reporter_id = other.reporter_id
    else:
        record.reporter = Reporter.objects.create(partnership_id=record.partnership_id)
        LinkEvidence.objects.filter(record=record).delete()
    record.save(update_fields=["reporter"])
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CHANGE,
        subject=record,
        detail=f"person link {decision} against incident record {other.pk}",
    )
    return made
