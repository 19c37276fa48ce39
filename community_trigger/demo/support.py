"""Demo support services, so the demo's public pages show the partnership's own help beside the national
numbers. The services are invented, with phone numbers from Ofcom's drama range."""

from __future__ import annotations

from community_trigger.agencies.models import Partnership, SupportService
from community_trigger.agencies.public_pages import public_pages_changed

DEMO_SUPPORT_SERVICES = [
    (
        "Test Valley Victim and Witness Hub",
        "Someone to talk to, and help with safety at home, for anyone affected by crime or nuisance.",
        "01632 960 456",
        "https://victim-hub.example/",
    ),
    (
        "Andover Neighbourhood Mediation",
        "Free, independent mediation between neighbours.",
        "01632 960 789",
        "",
    ),
]


def demo_support_services_load(*, partnership: Partnership) -> list[SupportService]:
    """Create or refresh the demo support services of `partnership`; safe to run again."""
    public_pages_changed(partnership)
    return [
        SupportService.objects.update_or_create(
            partnership=partnership,
            name=name,
            defaults={"description": description, "phone": phone, "url": url, "position": position},
        )[0]
        for position, (name, description, phone, url) in enumerate(DEMO_SUPPORT_SERVICES)
    ]
