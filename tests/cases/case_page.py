"""Reading the case page in tests: one section of it, or every section its viewer has (the page was
one scroll; now each part is its own page under the case, reached by the sub navigation)."""

from __future__ import annotations

import re

from django.test import Client

from community_trigger.cases.sections import Section, case_section_url

_SUB_NAVIGATION_LINK = re.compile(r'class="moj-sub-navigation__link" href="([^"]+)"')


def section_page(client: Client, reference: str, section: Section = Section.SUMMARY) -> str:
    """The HTML of one section of the case page, which must open (200)."""
    response = client.get(case_section_url(reference, section))
    assert response.status_code == 200, (section, response.status_code)
    return response.content.decode()


def whole_case(client: Client, reference: str) -> str:
    """Every section of the case page its viewer's sub navigation offers, one after the other: what
    the one page used to show, for tests about what a viewer may or may not see anywhere on it.
    Nothing for a case the viewer may not open at all (404)."""
    response = client.get(case_section_url(reference))
    if response.status_code == 404:
        return ""
    summary = section_page(client, reference)
    links = _SUB_NAVIGATION_LINK.findall(summary)
    assert links, "the case page has no sub navigation"
    pages = [summary] + [
        client.get(link).content.decode() for link in links if link != case_section_url(reference)
    ]
    return "\n".join(pages)
