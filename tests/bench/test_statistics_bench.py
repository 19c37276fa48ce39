"""The statistics benchmark's data set still fits the tables it fills, so `make bench` can build it."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from bench import statistics as bench
from community_trigger.agencies.models import Partnership


def _model(table: str) -> type[models.Model]:
    return next(model for model in apps.get_models() if model._meta.db_table == table)


def test_the_bench_writes_every_column_the_database_requires() -> None:
    # COPY names its columns; one the schema gained since, without a database default, stops the build.
    for table, columns in bench.COLUMNS.values():
        written = {column.strip() for column in columns.split(",")}
        required = {field.column for field in _model(table)._meta.concrete_fields if not field.null}
        assert required <= written, f"{table} is missing {sorted(required - written)}"


def test_the_bench_writes_only_columns_the_tables_have() -> None:
    for table, columns in bench.COLUMNS.values():
        written = {column.strip() for column in columns.split(",")}
        known = {field.column for field in _model(table)._meta.concrete_fields}
        assert written <= known, f"{table} has no {sorted(written - known)}"


def test_each_generated_row_has_a_value_for_each_column() -> None:
    partnership = Partnership(pk=1, slug="bench", reference_prefix="BEN")
    ids = bench.Ids(application=1, event=1, decision=1, meeting=1, recommendation=1, escalation=1)
    rows = next(bench.chunks(partnership, ids, years=2, per_year=200, user=1, agency=1, seed=1))
    for name, (table, columns) in bench.COLUMNS.items():
        generated = getattr(rows, name)
        assert generated, f"no rows for {table}"
        assert {len(row) for row in generated} == {len(columns.split(","))}, table
