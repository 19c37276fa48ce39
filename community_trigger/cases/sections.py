"""The case page's sections (summary, people, incidents, …), which of them a viewer has, and the one
way every page and every step's redirect names a section's address."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from community_trigger.cases.models import Application
    from community_trigger.cases.selectors import Disclosure


class Section(StrEnum):
    """A part of the case page, by the slug of its address under the case (the summary has none)."""

    SUMMARY = "summary"
    PEOPLE = "people"
    INCIDENTS = "incidents"
    INFORMATION = "information"
    REVIEW = "review"
    LETTERS = "letters-and-messages"
    DOCUMENTS = "documents"
    HISTORY = "history"


SECTION_WORDS = {
    Section.SUMMARY: gettext_lazy("Summary"),
    Section.PEOPLE: gettext_lazy("People"),
    Section.INCIDENTS: gettext_lazy("Incidents"),
    Section.INFORMATION: gettext_lazy("Information"),
    Section.REVIEW: gettext_lazy("Review"),
    Section.LETTERS: gettext_lazy("Letters and messages"),
    Section.DOCUMENTS: gettext_lazy("Documents"),
    Section.HISTORY: gettext_lazy("History"),
}


def sections_for(shown: Disclosure) -> list[Section]:
    """The sections a viewer with `shown` has, in the sub navigation's order: the letters and messages
    only for those who may read the case's correspondence."""
    return [section for section in Section if section != Section.LETTERS or shown.correspondence]


def case_section_url(case: Application | str, section: Section = Section.SUMMARY) -> str:
    """The address of `section` of the case (or of the case with reference `case`): where a step
    taken on the case comes back to, and what the sub navigation links."""
    reference = case if isinstance(case, str) else case.reference
    if section == Section.SUMMARY:
        return reverse("cases:detail", args=[reference])
    return reverse("cases:section", args=[reference, section.value])
