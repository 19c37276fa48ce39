"""The database cache every process shares by default, with a counter that counts right across processes.

Django's DatabaseCache adds one to a counter by reading it and writing it back, so two web processes
counting the same client at once both write the same number and one attempt goes uncounted: a rate
limit of 10 an hour lets through more than 10. Here the read holds the row (SELECT ... FOR UPDATE on
PostgreSQL; SQLite's IMMEDIATE transactions hold the whole database) until the new count is written.
"""

from __future__ import annotations

import base64
import pickle
from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils import timezone


class SharedDatabaseCache(DatabaseCache):
    """Django's DatabaseCache with `incr` and `decr` done inside one locked transaction."""

    def __init__(self, table: str, params: dict[str, Any]) -> None:
        super().__init__(table, params)
        self.table = table

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        table, cache_key, value, expires = (
            quote_name(name) for name in (self.table, "cache_key", "value", "expires")
        )
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        # Only quoted names are written into the SQL (the table's name comes from settings); the key
        # and the values are parameters. The pickled value is one this cache wrote, as in Django's.
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {value} FROM {table} WHERE {cache_key} = %s AND {expires} > %s{lock}",  # noqa: S608  # nosec B608
                [key, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            row = cursor.fetchone()
            if row is None:
                # As every Django cache does for a key it does not hold.
                raise ValueError(f"Key '{key}' not found")
            count = pickle.loads(base64.b64decode(row[0].encode())) + delta  # noqa: S301  # nosec B301
            encoded = base64.b64encode(pickle.dumps(count, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET {value} = %s WHERE {cache_key} = %s", [encoded, key])  # noqa: S608  # nosec B608
        return int(count)

    def decr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return self.incr(key, -delta, version)
