"""The workers' heartbeat table, and the table of the shared database cache (community_trigger/common/cache.py)."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations, models

# The name config/settings.py gives the database cache; fixed here as a migration's names are.
CACHE_TABLE = "community_trigger_cache"


def create_cache_table(apps, schema_editor):  # type: ignore[no-untyped-def]
    # Django's own createcachetable, so the table is exactly what its DatabaseCache expects, on SQLite
    # and PostgreSQL alike; created whatever CACHE_URL says, so switching to it later needs no step.
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, CACHE_TABLE, dry_run=False)


def drop_cache_table(apps, schema_editor):  # type: ignore[no-untyped-def]
    schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="WorkerHeartbeat",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("worker_id", models.CharField(max_length=64, unique=True)),
                ("host", models.CharField(max_length=255)),
                ("beat_at", models.DateTimeField(db_index=True)),
            ],
        ),
        migrations.RunPython(create_cache_table, drop_cache_table),
    ]
