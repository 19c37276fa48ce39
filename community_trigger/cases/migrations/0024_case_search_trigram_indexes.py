"""The case list's search on PostgreSQL: pg_trgm, and trigram indexes that find a part of a reference,
a name, an address or a location without reading every row; exact lookups get plain indexes. Nothing
on SQLite, whose development databases are small."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models
from django.db.models.functions import Upper

from community_trigger.common.db import OnPostgreSQL


def _trigrams(table: str, column: str, name: str) -> OnPostgreSQL:
    """A trigram index on the column uppercased, as Django's `icontains` compares it. Written out:
    Django's `OpClass` around a function puts it in parentheses PostgreSQL refuses."""
    return OnPostgreSQL(
        migrations.RunSQL(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin (UPPER("{column}") gin_trgm_ops)',
            f'DROP INDEX IF EXISTS "{name}"',
        )
    )


def _upper(model_name: str, column: str, name: str) -> OnPostgreSQL:
    """A plain index on the column uppercased, as Django's `iexact` compares it."""
    return OnPostgreSQL(
        migrations.AddIndex(model_name=model_name, index=models.Index(Upper(column), name=name))
    )


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0023_case_list_sort_indexes_by_partnership'),
    ]

    operations = [
        # A trusted extension: the database's owner may create it without being a superuser.
        TrigramExtension(),
        _trigrams('cases_application', 'reference', 'case_reference_trgm'),
        _trigrams('cases_person', 'name', 'case_person_name_trgm'),
        _trigrams('cases_person', 'address', 'case_person_address_trgm'),
        _trigrams('cases_person', 'postcode', 'case_person_postcode_trgm'),
        _upper('person', 'email', 'case_person_email_upper'),
        _trigrams('cases_incident', 'location', 'case_incident_location_trgm'),
        _upper('report', 'reference', 'case_report_reference_upper'),
    ]
