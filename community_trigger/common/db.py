"""The database's own guard on history and audit tables (triggers that refuse to change or delete a row,
made by a migration operation, on SQLite and PostgreSQL alike), and the operations only PostgreSQL runs
(the pg_trgm extension and the search's trigram indexes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ProjectState

# While this table holds a row, rows may be deleted (never changed). Nothing in the application
# writes it: only the flush that empties the test database between tests, inside the flush's own
# transaction, so no other connection ever sees the row. Updates are refused even then.
MAINTENANCE = "append_only_maintenance"

# SQLite's trigger condition: the one clause that lets the flush through.
_UNLESS_MAINTENANCE = "WHEN NOT EXISTS (SELECT 1 FROM append_only_maintenance)"

_POSTGRESQL_FUNCTION = """
CREATE OR REPLACE FUNCTION append_only_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' AND EXISTS (SELECT 1 FROM append_only_maintenance) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only: % is refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END
$$
"""


def _postgresql(table: str, quote: Callable[[str], str]) -> tuple[list[str], list[str]]:
    rows, truncate = quote(f"{table}_append_only"), quote(f"{table}_append_only_truncate")
    drop = [
        f"DROP TRIGGER IF EXISTS {rows} ON {quote(table)}",
        f"DROP TRIGGER IF EXISTS {truncate} ON {quote(table)}",
    ]
    create = [
        f"CREATE TABLE IF NOT EXISTS {MAINTENANCE} (reason text NOT NULL)",
        _POSTGRESQL_FUNCTION,
        *drop,
        f"CREATE TRIGGER {rows} BEFORE UPDATE OR DELETE ON {quote(table)} "
        "FOR EACH ROW EXECUTE FUNCTION append_only_refuse()",
        # TRUNCATE fires no row triggers: it has a statement trigger of its own.
        f"CREATE TRIGGER {truncate} BEFORE TRUNCATE ON {quote(table)} "
        "FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse()",
    ]
    return create, drop


def _sqlite(table: str, quote: Callable[[str], str]) -> tuple[list[str], list[str]]:
    update, delete = quote(f"{table}_refuse_update"), quote(f"{table}_refuse_delete")
    drop = [f"DROP TRIGGER IF EXISTS {update}", f"DROP TRIGGER IF EXISTS {delete}"]
    create = [
        f"CREATE TABLE IF NOT EXISTS {MAINTENANCE} (reason TEXT NOT NULL)",
        *drop,
        f"CREATE TRIGGER {update} BEFORE UPDATE ON {quote(table)} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE is refused'); END",
        " ".join(
            (
                f"CREATE TRIGGER {delete} BEFORE DELETE ON {quote(table)}",
                _UNLESS_MAINTENANCE,
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: DELETE is refused'); END",
            )
        ),
    ]
    return create, drop


_VENDORS = {"postgresql": _postgresql, "sqlite": _sqlite}


class AppendOnlyTriggers(Operation):
    """Make a model's table append-only in the database: UPDATE, DELETE (and on PostgreSQL TRUNCATE)
    are refused by triggers, whatever code or tool runs them. Safe to run again: a migration that
    remakes the table on SQLite (which drops its triggers) ends with this operation once more."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, model_name: str) -> None:
        self.model_name = model_name

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return self.__class__.__name__, [self.model_name], {}

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        pass  # Triggers are no part of Django's model state.

    def _statements(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, state: ProjectState
    ) -> tuple[list[str], list[str]]:
        vendor = schema_editor.connection.vendor
        if vendor not in _VENDORS:
            raise NotImplementedError(f"No append-only triggers for {vendor} databases")
        table = state.apps.get_model(app_label, self.model_name)._meta.db_table
        return _VENDORS[vendor](table, schema_editor.quote_name)

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        create, _ = self._statements(app_label, schema_editor, to_state)
        for sql in create:
            schema_editor.execute(sql, params=None)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        _, drop = self._statements(app_label, schema_editor, from_state)
        for sql in drop:
            schema_editor.execute(sql, params=None)

    def describe(self) -> str:
        return f"Refuse UPDATE and DELETE on {self.model_name} in the database"

    @property
    def migration_name_fragment(self) -> str:
        return f"{self.model_name.lower()}_append_only"


def words_moved_beside(app_label: str, moves: list[tuple[str, str, str, str]]) -> Any:
    """A migration's RunPython function that copies the words in a history table's column into the
    rows beside it (common.models.WrittenWords): `moves` lists (history model, words model, the words'
    one-to-one field to the history row, the column). It only reads the history and inserts beside
    it, which the append-only triggers allow; a later migration drops the column."""

    def move(apps: Any, schema_editor: Any) -> None:
        for history, words, relation, column in moves:
            rows = (
                apps.get_model(app_label, history).objects.exclude(**{column: ""}).values_list("pk", column)
            )
            model = apps.get_model(app_label, words)
            model.objects.bulk_create(
                model(**{f"{relation}_id": pk, "text": text}) for pk, text in rows.iterator()
            )

    return move


class OnPostgreSQL(Operation):
    """A migration operation (an index, an extension) that only PostgreSQL has: it runs there and does
    nothing on SQLite, where the development database stays plain. It is no part of Django's model
    state, so the models describe what every database has and `makemigrations` never adds or removes
    it; the index's name is the one a later migration would drop it by."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, operation: Operation) -> None:
        self.operation = operation

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return self.__class__.__name__, [self.operation], {}

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        pass  # What only one database has is no part of the models.

    def _on(self, schema_editor: BaseDatabaseSchemaEditor) -> bool:
        return schema_editor.connection.vendor == "postgresql"

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        if self._on(schema_editor):
            self.operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        if self._on(schema_editor):
            self.operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self) -> str:
        return f"On PostgreSQL only: {self.operation.describe()}"

    @property
    def migration_name_fragment(self) -> str:
        return f"postgresql_{self.operation.migration_name_fragment}"
