"""The agencies' own references in their answers, looked up by the case list's search as typed in
any case (PostgreSQL only, like the search's other indexes)."""

from django.db import migrations, models
from django.db.models.functions import Upper

from community_trigger.common.db import OnPostgreSQL


class Migration(migrations.Migration):

    dependencies = [
        ('sharing', '0003_answers_from_agencies_without_accounts'),
    ]

    operations = [
        OnPostgreSQL(
            migrations.AddIndex(
                model_name='reportcheck',
                index=models.Index(Upper('their_reference'), name='sharing_check_reference_upper'),
            )
        ),
    ]
