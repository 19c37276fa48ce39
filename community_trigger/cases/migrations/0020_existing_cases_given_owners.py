"""Cases received before cases had owners are given one: each partnership's default owner when its
rule names one who is still a coordinator, else its coordinators in turn, oldest case first. Each
gets an OWNER_CHANGED event in its history (by the service, rule "existing"); a partnership with no
coordinator leaves its cases without an owner, for a coordinator to take later."""

from typing import Any

from django.db import migrations
from django.utils import timezone

from community_trigger.domain.access import Capability, roles_with

BATCH = 2000


def _coordinators(apps: Any, partnership: Any) -> list[int]:
    Membership = apps.get_model("agencies", "Membership")
    roles = [str(role) for role in roles_with(Capability.MANAGE_CASES)]
    ids = (
        Membership.objects.filter(agency__partnership=partnership, role__in=roles, user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
    return sorted(set(ids))


def give_owners(apps: Any, schema_editor: Any) -> None:
    Partnership = apps.get_model("agencies", "Partnership")
    Application = apps.get_model("cases", "Application")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    now = timezone.now()
    for partnership in Partnership.objects.all():
        coordinators = _coordinators(apps, partnership)
        if not coordinators:
            continue
        if partnership.owner_rule == "default" and partnership.default_owner_id in coordinators:
            coordinators = [partnership.default_owner_id]
        ownerless = list(
            Application.objects.filter(partnership=partnership, owner__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for turn, owner in enumerate(coordinators):
            theirs = ownerless[turn :: len(coordinators)]
            for start in range(0, len(theirs), BATCH):
                batch = theirs[start : start + BATCH]
                Application.objects.filter(pk__in=batch).update(owner_id=owner)
                CaseEvent.objects.bulk_create(
                    CaseEvent(
                        application_id=pk,
                        kind="owner_changed",
                        at=now,
                        actor_label="the service",
                        facts={"owner": owner, "was": None, "rule": "existing"},
                    )
                    for pk in batch
                )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0019_case_owner_and_worklist_indexes"),
        ("agencies", "0010_agency_contacts_and_case_owners"),
    ]

    operations = [migrations.RunPython(give_owners, migrations.RunPython.noop)]
