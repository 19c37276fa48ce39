"""The published figures in words, in the language being spoken: the year's sentence ("2 community
trigger requests were received in 2023/24. Of these one met the criteria and is pending review, and the
other did not meet the criteria."), the standings and the figures' names.

Each sentence is whole in the catalogue, with its count through ngettext, so that a translator can word
it (Welsh has six plural forms and mutates after numbers); only the list of a mixed year is joined
here, with words the catalogue gives too.
"""

from __future__ import annotations

from django.utils.translation import gettext, ngettext, pgettext

from community_trigger.domain.figures import Cohort, Standing


def number_in_words(number: int) -> str:
    """ "one" to "ten" in words, larger numbers in digits (the house style of GOV.UK and the seed)."""
    words = [
        pgettext("number in the figures sentence", "no"),
        pgettext("number in the figures sentence", "one"),
        pgettext("number in the figures sentence", "two"),
        pgettext("number in the figures sentence", "three"),
        pgettext("number in the figures sentence", "four"),
        pgettext("number in the figures sentence", "five"),
        pgettext("number in the figures sentence", "six"),
        pgettext("number in the figures sentence", "seven"),
        pgettext("number in the figures sentence", "eight"),
        pgettext("number in the figures sentence", "nine"),
        pgettext("number in the figures sentence", "ten"),
    ]
    return words[number] if 0 <= number < len(words) else str(number)


def _only_one(of: Standing) -> str:
    """The year's one request, as a whole sentence."""
    return {
        Standing.MET_REVIEWED: gettext("It met the criteria and was reviewed."),
        Standing.MET_PENDING_REVIEW: gettext("It met the criteria and is pending review."),
        Standing.DISCRETIONARY_REVIEWED: gettext(
            "It did not meet the criteria but was reviewed at the partnership's discretion."
        ),
        Standing.DISCRETIONARY_PENDING_REVIEW: gettext(
            "It did not meet the criteria but will be reviewed at the partnership's discretion."
        ),
        Standing.NOT_MET: gettext("It did not meet the criteria."),
        Standing.PENDING_DECISION: gettext("It is awaiting a decision."),
        Standing.WITHDRAWN: gettext("It was withdrawn."),
    }[of]


def _both(of: Standing) -> str:
    """Two requests that stand alike. When neither met the criteria, "Both did not meet" would read as
    "not both", so these say it plainly."""
    return {
        Standing.MET_REVIEWED: gettext("Both met the criteria and were reviewed."),
        Standing.MET_PENDING_REVIEW: gettext("Both met the criteria and are pending review."),
        Standing.DISCRETIONARY_REVIEWED: gettext(
            "Neither met the criteria, but both were reviewed at the partnership's discretion."
        ),
        Standing.DISCRETIONARY_PENDING_REVIEW: gettext(
            "Neither met the criteria, but both will be reviewed at the partnership's discretion."
        ),
        Standing.NOT_MET: gettext("Neither met the criteria."),
        Standing.PENDING_DECISION: gettext("Both are awaiting a decision."),
        Standing.WITHDRAWN: gettext("Both were withdrawn."),
    }[of]


def _all(of: Standing, number: str) -> str:
    """Three or more requests that stand alike; `number` is how many, in words up to ten."""
    return {
        Standing.MET_REVIEWED: gettext("All %(number)s met the criteria and were reviewed."),
        Standing.MET_PENDING_REVIEW: gettext("All %(number)s met the criteria and are pending review."),
        Standing.DISCRETIONARY_REVIEWED: gettext(
            "None of them met the criteria, but all %(number)s were reviewed at the partnership's discretion."
        ),
        Standing.DISCRETIONARY_PENDING_REVIEW: gettext(
            "None of them met the criteria, but all %(number)s will be reviewed at the partnership's "
            "discretion."
        ),
        Standing.NOT_MET: gettext("None of them met the criteria."),
        Standing.PENDING_DECISION: gettext("All %(number)s are awaiting a decision."),
        Standing.WITHDRAWN: gettext("All %(number)s were withdrawn."),
    }[of] % {"number": number}


def _clause(of: Standing, count: int) -> str:
    """One standing of a mixed year: "two met the criteria and were reviewed"."""
    words = {
        Standing.MET_REVIEWED: ngettext(
            "%(number)s met the criteria and was reviewed",
            "%(number)s met the criteria and were reviewed",
            count,
        ),
        Standing.MET_PENDING_REVIEW: ngettext(
            "%(number)s met the criteria and is pending review",
            "%(number)s met the criteria and are pending review",
            count,
        ),
        Standing.DISCRETIONARY_REVIEWED: ngettext(
            "%(number)s did not meet the criteria but was reviewed at the partnership's discretion",
            "%(number)s did not meet the criteria but were reviewed at the partnership's discretion",
            count,
        ),
        Standing.DISCRETIONARY_PENDING_REVIEW: ngettext(
            "%(number)s did not meet the criteria but will be reviewed at the partnership's discretion",
            "%(number)s did not meet the criteria but will be reviewed at the partnership's discretion",
            count,
        ),
        Standing.NOT_MET: ngettext(
            "%(number)s did not meet the criteria", "%(number)s did not meet the criteria", count
        ),
        Standing.PENDING_DECISION: ngettext(
            "%(number)s is awaiting a decision",
            "%(number)s are awaiting a decision",
            count,
        ),
        Standing.WITHDRAWN: ngettext("%(number)s was withdrawn", "%(number)s were withdrawn", count),
    }
    return words[of] % {"number": number_in_words(count)}


def _the_rest(of: Standing, count: int) -> str:
    """The second of two standings, named as the rest: "the other did not", "the other four did not"."""
    words = {
        Standing.MET_REVIEWED: ngettext(
            "the other met the criteria and was reviewed",
            "the other %(number)s met the criteria and were reviewed",
            count,
        ),
        Standing.MET_PENDING_REVIEW: ngettext(
            "the other met the criteria and is pending review",
            "the other %(number)s met the criteria and are pending review",
            count,
        ),
        Standing.DISCRETIONARY_REVIEWED: ngettext(
            "the other did not meet the criteria but was reviewed at the partnership's discretion",
            "the other %(number)s did not meet the criteria but were reviewed at the partnership's "
            "discretion",
            count,
        ),
        Standing.DISCRETIONARY_PENDING_REVIEW: ngettext(
            "the other did not meet the criteria but will be reviewed at the partnership's discretion",
            "the other %(number)s did not meet the criteria but will be reviewed at the partnership's "
            "discretion",
            count,
        ),
        Standing.NOT_MET: ngettext(
            "the other did not meet the criteria",
            "the other %(number)s did not meet the criteria",
            count,
        ),
        Standing.PENDING_DECISION: ngettext(
            "the other is awaiting a decision",
            "the other %(number)s are awaiting a decision",
            count,
        ),
        Standing.WITHDRAWN: ngettext("the other was withdrawn", "the other %(number)s were withdrawn", count),
    }
    return words[of] % {"number": number_in_words(count)}


def sentence(year_label: str, cohort: Cohort) -> str:
    """The year in one plain statement, as Test Valley publishes it.

    The number received is in digits, as the seed writes it; the numbers after "Of these" are in words
    up to ten. One request is "It ...", two alike are "Both ..." (or "Neither met ..."), more alike
    are "All five ..." (or "None of them met ...").
    """
    total = cohort.received
    if total == 0:
        return gettext("No community trigger requests were received in %(year)s.") % {"year": year_label}
    opening = ngettext(
        "%(count)d community trigger request was received in %(year)s.",
        "%(count)d community trigger requests were received in %(year)s.",
        total,
    ) % {"count": total, "year": year_label}
    parts = [(of, cohort.count(of)) for of in Standing if cohort.count(of)]
    if len(parts) == 1:
        alike = parts[0][0]
        if total == 1:
            after = _only_one(alike)
        elif total == 2:
            after = _both(alike)
        else:
            after = _all(alike, number_in_words(total))
        return gettext("%(opening)s %(after)s") % {"opening": opening, "after": after}
    clauses = [_clause(of, count) for of, count in parts]
    if len(parts) == 2:
        clauses[1] = _the_rest(*parts[1])
    separator = pgettext("between the parts of the figures sentence", ", ")
    return gettext("%(opening)s Of these %(parts)s, and %(last)s.") % {
        "opening": opening,
        "parts": separator.join(clauses[:-1]),
        "last": clauses[-1],
    }
