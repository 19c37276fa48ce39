"""Each entry keeps who acted as they were then: username, name and roles. Older entries are given
the best that is known: the username they were written under (the label of a signed-in actor was
always their username), and the person's name and roles as they are now."""

from typing import Any

from django.db import migrations, models

PLATFORM_ADMINISTRATOR = "Platform administrator"


def _backfill(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        # The new index is built at the end of this migration's transaction; PostgreSQL refuses that
        # while the updates below still have deferred foreign-key checks pending, so check them now.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    Membership = apps.get_model("agencies", "Membership")
    User = AuditEntry._meta.get_field("actor").related_model
    # Historical models are plain: no append-only guard, and no get_full_name, hence the name by hand.
    for user in User.objects.filter(pk__in=AuditEntry.objects.values("actor_id")).iterator():
        roles = [PLATFORM_ADMINISTRATOR] if user.is_superuser else []
        roles += [
            f"{membership.get_role_display()} at {membership.agency.name}"
            for membership in Membership.objects.filter(user_id=user.pk)
            .select_related("agency")
            .order_by("pk")
        ]
        name = f"{user.first_name} {user.last_name}".strip()[:150]
        entries = AuditEntry.objects.filter(actor_id=user.pk)
        entries.filter(actor_label="").update(actor_username=user.username)
        entries.exclude(actor_label="").update(actor_username=models.F("actor_label"))
        entries.update(actor_name=name, actor_roles="; ".join(roles)[:300])


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0007_year_basis"),
        ("audit", "0003_export_action"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="actor_name",
            field=models.CharField(blank=True, max_length=150),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="actor_roles",
            field=models.CharField(blank=True, help_text="Their roles, and where, then.", max_length=300),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="actor_username",
            field=models.CharField(blank=True, db_index=True, max_length=150),
        ),
        migrations.RunPython(_backfill, migrations.RunPython.noop),
    ]
