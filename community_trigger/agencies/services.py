"""Writes for partnerships and agencies."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from community_trigger.agencies.models import Agency, Partnership
from community_trigger.agencies.public_pages import public_pages_changed

DEMO_PARTNERSHIP = {
    "name": "Test Valley Partnership",
    "slug": "test-valley",
    "reference_prefix": "TVP",
    "policy": "test-valley",
    # 01632 960xxx is Ofcom's range for drama, and .example is reserved: nobody is called or mailed.
    "phone": "01632 960 123",
    "email": "community.trigger@testvalley.example",
    "postal_address": "Community Safety Team\nBeech Hurst\nWeyhill Road\nAndover\nSP10 3AJ",
    "acknowledge_within_days": 5,
    "decide_within_days": 10,
    "review_within_days": 20,
    # What its privacy notice and accessibility statement say: invented, like the contact details.
    "phone_hours": "Monday to Friday, 9am to 5pm (not bank holidays)",
    "data_controller": "Test Valley Borough Council",
    "dpo_contact": "Data Protection Officer\nTest Valley Borough Council\nBeech Hurst\nWeyhill Road\n"
    "Andover\nSP10 3AJ\ndata.protection@testvalley.example",
    "accessibility_checked_on": date(2026, 11, 2),
}

# The demo partnership's members, one of each kind the procedure names. The links are the
# organisations' own websites, where each publishes its complaints procedure.
DEMO_AGENCIES = [
    ("Test Valley Borough Council", Agency.Kind.COUNCIL, "https://www.testvalley.gov.uk/"),
    (
        "Hampshire and Isle of Wight Constabulary",
        Agency.Kind.POLICE,
        "https://www.hampshire.police.uk/",
    ),
    (
        "Hampshire and Isle of Wight Integrated Care Board",
        Agency.Kind.HEALTH,
        "https://www.hantsiowhealthandcare.org.uk/",
    ),
    ("Aster Group", Agency.Kind.HOUSING, "https://www.aster.co.uk/"),
]


@transaction.atomic
def demo_partnership_load() -> Partnership:
    """Create or refresh the demo partnership and its four agencies; safe to run again."""
    fields = dict(DEMO_PARTNERSHIP)
    partnership, _ = Partnership.objects.update_or_create(slug=fields.pop("slug"), defaults=fields)
    for name, kind, url in DEMO_AGENCIES:
        Agency.objects.update_or_create(
            partnership=partnership, name=name, defaults={"kind": kind, "complaints_url": url}
        )
    public_pages_changed(partnership)
    return partnership
