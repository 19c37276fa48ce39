"""Letters and reminders emailed before the outbox existed get their message rows: those sent as sent,
so nothing goes twice; a letter whose email had not gone shows as not sent, for the coordinator to send
again if it is still wanted (it may be months old)."""

from django.db import migrations
from django.db.migrations.state import StateApps
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Letter = apps.get_model("letters", "Letter")
    Reminder = apps.get_model("deadlines", "Reminder")
    Message = apps.get_model("notifications", "Message")
    rows = [
        Message(
            key=f"letter:{letter.pk}",
            kind="letter",
            to=letter.recipient_email,
            values={"kind": "letter"},
            case_id=letter.application_id,
            letter_id=letter.pk,
            status="sent" if letter.sent_at else "failed",
            last_error="" if letter.sent_at else "Not sent before the outbox was introduced",
            sent_at=letter.sent_at,
            created_at=letter.created_at,
        )
        for letter in Letter.objects.filter(delivery="email").exclude(recipient_email="")
    ]
    rows += [
        Message(
            key=f"reminder:{reminder.pk}",
            kind="deadline_today" if reminder.moment == "on_the_day" else "deadline_approaching",
            to=reminder.recipient.email,
            values={"kind": "deadline_today" if reminder.moment == "on_the_day" else "deadline_approaching"},
            status="sent",
            sent_at=reminder.sent_at,
            created_at=reminder.created_at,
        )
        # Those not sent yet are queued again by the next daily run while they are still timely.
        for reminder in Reminder.objects.filter(sent_at__isnull=False).select_related("recipient")
    ]
    Message.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_outbox"),
        ("deadlines", "0001_initial"),
        ("letters", "0002_review_letters_and_their_times"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
