"""A partnership's threshold as its public pages say it, in the visitor's language: made from the
policy's values here, in the presentation layer, because the domain hands over rules, not sentences.
People "report" anti-social behaviour; the public pages never say they "complained"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext, gettext_lazy, ngettext

from community_trigger.domain.periods import Period
from community_trigger.domain.policy import AgencyKind, Policy

# Each kind of partner, when the partnership has not named its own; "integrated care board" is
# explained, not assumed (issue 13 point 10).
AGENCY_WORDS = {
    AgencyKind.COUNCIL: gettext_lazy("the council"),
    AgencyKind.POLICE: gettext_lazy("the police"),
    AgencyKind.HEALTH: gettext_lazy("the NHS body that plans health services in your area"),
    AgencyKind.HOUSING: gettext_lazy("a social housing provider"),
    AgencyKind.OTHER: gettext_lazy("another organisation"),
}


@dataclass(frozen=True, slots=True)
class PublicThreshold:
    """Any one of `routes`, as long as all `conditions` hold; `group_size` is how many people can ask
    together about similar incidents (None: the policy has no group route)."""

    routes: tuple[str, ...]
    conditions: tuple[str, ...]
    group_size: int | None


def period_words(period: Period) -> str:
    """ "one month", "6 months", "30 days"."""
    if period.months:
        return ngettext("one month", "%(n)d months", period.months) % {"n": period.months}
    return ngettext("one day", "%(n)d days", period.days) % {"n": period.days}


def either_of(names: Sequence[str]) -> str:
    """ "A, B or C", with the "or" in the visitor's language."""
    if len(names) == 1:
        return names[0]
    return gettext("%(names)s or %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


def partners_in_words(policy: Policy, partner_names: Sequence[str]) -> str:
    """Who reports must be made to: the partnership's own partner agencies by name, else their kinds."""
    named = list(partner_names) or [str(AGENCY_WORDS[kind]) for kind in policy.partner_agencies]
    return either_of(named)


def public_threshold(policy: Policy, partner_names: Sequence[str] = ()) -> PublicThreshold:
    """The threshold for the start page, the procedure and the checker, from the policy's values."""
    routes = [
        ngettext(
            "you have reported one incident of anti-social behaviour",
            "you have reported %(n)d separate incidents of anti-social behaviour",
            policy.min_complaints,
        )
        % {"n": policy.min_complaints}
    ]
    if policy.min_individuals is not None:
        routes.append(
            ngettext(
                "one person has reported a similar incident",
                "%(n)d people have each reported similar incidents separately, and ask together as a group",
                policy.min_individuals,
            )
            % {"n": policy.min_individuals}
        )
    if policy.hate_incident_route:
        routes.append(gettext("you have reported one incident that was motivated by hate"))
    conditions = [
        gettext("the behaviour caused harassment, alarm or distress (nuisance alone does not count)"),
        gettext("each incident was reported within %(period)s of it happening")
        % {"period": period_words(policy.report_within)},
        gettext("you ask for a review within %(period)s of each report")
        % {"period": period_words(policy.application_within)},
        gettext("the incidents were reported to %(partners)s")
        % {"partners": partners_in_words(policy, partner_names)},
    ]
    if policy.require_dissatisfaction:
        conditions.append(
            gettext(
                "the people who reported them feel that no action was taken, or are not satisfied with "
                "the action taken"
            )
        )
    if policy.latest_report_within is not None:
        conditions.append(
            gettext("you ask within %(period)s of the most recent report")
            % {"period": period_words(policy.latest_report_within)}
        )
    return PublicThreshold(
        routes=tuple(routes), conditions=tuple(conditions), group_size=policy.min_individuals
    )
