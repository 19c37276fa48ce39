"""The information requests, answers and due date changes the cases app made, taken up as they are.

State only: the tables exist (cases_informationrequest, ...), made by the cases app's migrations, with
their rows, constraints and the due date changes' append-only triggers. The finding's constraint keeps
the name it has in the database here; the next migration names it for this app.
"""

import django.db.models.deletion
import django.db.models.functions.comparison
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('agencies', '0008_plan_comments_timescale'),
        ('cases', '0015_information_sharing_moves_out'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='DueDateChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('changed_at', models.DateTimeField()),
                        ('was_due_by', models.DateField()),
                        ('due_by', models.DateField()),
                        ('changed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'cases_duedatechange',
                        'ordering': ['request', 'changed_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='DueDateChangeWords',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField()),
                        ('change', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='words', to='sharing.duedatechange')),
                    ],
                    options={
                        'db_table': 'cases_duedatechangewords',
                    },
                ),
                migrations.CreateModel(
                    name='InformationRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('requested_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('due_by', models.DateField()),
                        ('answered_at', models.DateTimeField(blank=True, null=True)),
                        ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='information_requests', to='agencies.agency')),
                        ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='information_requests', to='cases.application')),
                        ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'cases_informationrequest',
                        'ordering': ['application', 'agency'],
                    },
                ),
                migrations.AddField(
                    model_name='duedatechange',
                    name='request',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='due_date_changes', to='sharing.informationrequest'),
                ),
                migrations.CreateModel(
                    name='InformationResponse',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('action_taken', models.TextField()),
                        ('outcome', models.TextField()),
                        ('other_history', models.TextField(blank=True)),
                        ('risk', models.TextField(blank=True, help_text='Risk or vulnerability information.')),
                        ('risk_sensitive', models.BooleanField(default=False, help_text='Sensitive risk information is seen only by the coordinator, the panel chair and the officers of the agency that gave it.')),
                        ('answered_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('answered_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to=settings.AUTH_USER_MODEL)),
                        ('request', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='response', to='sharing.informationrequest')),
                    ],
                    options={
                        'db_table': 'cases_informationresponse',
                    },
                ),
                migrations.CreateModel(
                    name='ReportCheck',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('finding', models.CharField(choices=[('found', 'Found in our records'), ('not_found', 'Not found'), ('different', 'Found, with different details')], max_length=20)),
                        ('their_reference', models.CharField(blank=True, max_length=100)),
                        ('note', models.TextField(blank=True)),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='checks', to='cases.report')),
                        ('response', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='checks', to='sharing.informationresponse')),
                    ],
                    options={
                        'db_table': 'cases_reportcheck',
                    },
                ),
                migrations.AddConstraint(
                    model_name='informationrequest',
                    constraint=models.UniqueConstraint(fields=('application', 'agency'), name='one_request_per_agency_per_case'),
                ),
                migrations.AddConstraint(
                    model_name='informationrequest',
                    constraint=models.CheckConstraint(condition=models.Q(('due_by__gte', django.db.models.functions.comparison.Cast('requested_at', models.DateField()))), name='information_due_not_before_requested'),
                ),
                migrations.AddConstraint(
                    model_name='informationrequest',
                    constraint=models.CheckConstraint(condition=models.Q(('answered_at__isnull', True), ('answered_at__gte', models.F('requested_at')), _connector='OR'), name='information_answered_not_before_requested'),
                ),
                migrations.AddConstraint(
                    model_name='reportcheck',
                    constraint=models.UniqueConstraint(fields=('response', 'report'), name='one_check_per_report'),
                ),
                migrations.AddConstraint(
                    model_name='reportcheck',
                    constraint=models.CheckConstraint(condition=models.Q(('finding__in', ['found', 'not_found', 'different'])), name='cases_reportcheck_finding_known'),
                ),
            ],
        ),
    ]
