"""Related and linked cases in a real browser: the coordinator records where a new request's incidents
happen and who is said to be responsible, sees the earlier case about the same street with why it
matched, links the two, finds one by a misspelt name in the case list, and both cases show the link.
Every page, and every error state, scanned with axe."""

from __future__ import annotations

import pytest
from accounts.people import staff
from applications.builders import submitted
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Partnership
from community_trigger.cases.models import Person
from community_trigger.related.services import perpetrator_add, place_add

from .accessibility import Audit
from .conftest import OpenTab
from .journey import Pointer
from .staff import open_section, sign_in_with_an_authenticator_app

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_finds_and_links_a_case_about_the_same_street(
    live_server: LiveServer, partnership: Partnership, open_tab: OpenTab, audit: Audit
) -> None:
    coordinator = staff("cara")
    earlier, new = submitted(partnership), submitted(partnership)
    Person.objects.filter(application=earlier).update(name="Sam Earlier", email="sam@example.com", phone="")
    place_add(application=earlier, actor=coordinator, address="16 Hill Road", postcode="SO51 8AB")
    perpetrator_add(application=earlier, actor=coordinator, names="John Smith")
    tab = open_tab()
    page = tab.page
    hands = Pointer(page, arrived=audit.check)

    sign_in_with_an_authenticator_app(hands, f"{live_server.url}/staff/cases/{new.reference}/", "cara")
    expect(page.get_by_role("heading", level=1)).to_have_text(new.reference)
    open_section(hands, "Incidents")

    hands.activate(page.get_by_role("link", name="Add a place"))
    hands.type_into(page.get_by_label("Address or name of the place"), "14 Hill Road")
    hands.type_into(page.get_by_label("Postcode (optional)"), "SO51")
    hands.activate(page.get_by_role("button", name="Add the place"))  # not a full postcode: the error state
    expect(page.get_by_role("link", name="Enter a full UK postcode, like SO51 8AB")).to_be_visible()
    expect(page.get_by_label("Address or name of the place")).to_have_value("14 Hill Road")
    page.get_by_label("Postcode (optional)").fill("")
    hands.type_into(page.get_by_label("Postcode (optional)"), "so51 8ab")
    hands.activate(page.get_by_role("button", name="Add the place"))
    expect(page.get_by_text("SO51 8AB", exact=True)).to_be_visible()

    hands.activate(page.get_by_role("link", name="Add someone said to be responsible"))
    hands.activate(page.get_by_role("button", name="Add them"))  # nothing given: the error state
    hands.type_into(page.get_by_label("Name or names"), "Jon Smyth")
    hands.activate(page.get_by_role("button", name="Add them"))

    related = page.locator("table", has_text="Why it may be related")
    expect(related.get_by_role("link", name=earlier.reference, exact=True)).to_be_visible()
    expect(related.get_by_text("Same postcode SO51 8AB")).to_be_visible()
    expect(related.get_by_text("Alleged perpetrator name close to ‘John Smith’")).to_be_visible()
    hands.activate(related.get_by_role("link", name=f"Link to {earlier.reference}"))
    expect(page.get_by_label("Reference of the other case")).to_have_value(earlier.reference)
    hands.activate(page.get_by_role("button", name="Link the cases"))  # no reason: the error state
    hands.type_into(page.get_by_label("Why are the cases linked?"), "The same neighbour, two doors along.")
    hands.activate(page.get_by_role("button", name="Link the cases"))

    linked = page.locator("h2#linked-cases + ul")
    expect(linked.get_by_role("link", name=earlier.reference)).to_be_visible()
    hands.activate(linked.get_by_role("link", name=earlier.reference))
    expect(page.get_by_role("heading", level=1)).to_have_text(earlier.reference)
    open_section(hands, "Incidents")
    expect(page.locator("h2#linked-cases + ul").get_by_role("link", name=new.reference)).to_be_visible()

    hands.open(f"{live_server.url}/staff/cases/")
    hands.type_into(
        page.get_by_label("Search by reference, name, address, postcode or agency reference"), "Jon Smith"
    )
    hands.activate(page.get_by_role("button", name="Apply filters"))
    expect(page.get_by_role("link", name=earlier.reference)).to_be_visible()
    expect(page.get_by_role("link", name=new.reference)).to_be_visible()
    tab.assert_nothing_went_wrong()
    audit.assert_accessible()
