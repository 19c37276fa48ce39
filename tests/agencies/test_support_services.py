"""A partnership's own support services: listed on its public pages in order, loaded in the demo, and
kept by administrators beside the partnership."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import Client

from community_trigger.agencies.models import Partnership, SupportService

pytestmark = pytest.mark.django_db


def test_the_demo_loads_its_support_services_once_however_often_it_is_loaded() -> None:
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())

    names = list(SupportService.objects.values_list("name", flat=True))
    assert names == ["Test Valley Victim and Witness Hub", "Andover Neighbourhood Mediation"]


def test_the_start_page_lists_the_services_in_their_order_with_tap_to_call_numbers(client: Client) -> None:
    call_command("load_demo", stdout=StringIO())

    html = client.get("/test-valley/").content.decode()

    hub, mediation = html.index("Test Valley Victim and Witness Hub"), html.index("Andover Neighbourhood")
    assert hub < mediation
    assert 'href="tel:01632960456"' in html
    assert 'href="https://victim-hub.example/"' in html


def test_administrators_keep_support_services_on_the_partnership() -> None:
    inlines = admin.site._registry[Partnership].inlines

    assert any(inline.model is SupportService for inline in inlines)
