"""The words a person agrees to when they consent to sharing, and their version.

Each consent is stored with the version of the words shown, so the partnership can always say what a
person agreed to. Change the words, change the version.
"""

from __future__ import annotations

from django.utils.translation import gettext, ngettext

from community_trigger.agencies.models import Partnership
from community_trigger.retention.selectors import schedule_for

CONSENT_WORDING_VERSION = "2026-12-03"


def consent_paragraphs(partnership: Partnership) -> list[str]:
    """What happens to the information, in plain words, naming the partnership's agencies."""
    agencies = [agency.name for agency in partnership.agencies.all()]
    closed_years = schedule_for(partnership).closed_years
    listed = (
        gettext("%(some)s and %(last)s") % {"some": ", ".join(agencies[:-1]), "last": agencies[-1]}
        if len(agencies) > 1
        else "".join(agencies)
    )
    return [
        gettext(
            "To review your case, %(partnership)s will share the information in this request with "
            "%(agencies)s."
        )
        % {"partnership": partnership.name, "agencies": listed},
        gettext(
            "They will share the names and contact details you give, what happened, and the reports "
            "that were made, so that each of them can check their records and say what they did."
        ),
        gettext(
            "They will use it only to review the case and decide what else can be done, and keep it "
            "safe. They will not share it with the person causing the anti-social behaviour."
        ),
        ngettext(
            "They keep it for %(years)d year after the review ends, and then delete it.",
            "They keep it for %(years)d years after the review ends, and then delete it.",
            closed_years,
        )
        % {"years": closed_years},
        gettext(
            "If you are acting for someone else or for a group, you are confirming that each of them "
            "has agreed to their information being shared in the same way."
        ),
    ]
