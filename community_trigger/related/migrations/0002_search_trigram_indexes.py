"""Trigram indexes on the places' and alleged perpetrators' keys, which the case list's search looks
for a part of (PostgreSQL only; pg_trgm comes with cases 0024)."""

from django.db import migrations

from community_trigger.common.db import OnPostgreSQL


def _trigrams(table: str, column: str, name: str) -> OnPostgreSQL:
    return OnPostgreSQL(
        migrations.RunSQL(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ("{column}" gin_trgm_ops)',
            f'DROP INDEX IF EXISTS "{name}"',
        )
    )


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0024_case_search_trigram_indexes'),
        ('related', '0001_places_perpetrators_and_links'),
    ]

    operations = [
        _trigrams('related_place', 'address_key', 'related_place_address_trgm'),
        _trigrams('related_allegedperpetrator', 'name_key', 'related_perp_name_trgm'),
        _trigrams('related_allegedperpetrator', 'address_key', 'related_perp_address_trgm'),
    ]
