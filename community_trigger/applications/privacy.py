"""Reads for a partnership's privacy notice, cookies page and accessibility statement: who controls
the information, who receives it, how long it is kept and which cookies are set, from the
partnership's settings and the service's own, so no page states a period or a name by hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext

from community_trigger.agencies.models import Partnership
from community_trigger.applications.threshold_words import AGENCY_WORDS
from community_trigger.domain.policy import AgencyKind
from community_trigger.oversight.selectors import accountability_of
from community_trigger.retention.selectors import schedule_for


@dataclass(frozen=True, slots=True)
class Recipient:
    """One organisation that receives an applicant's information: its name and what it is."""

    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class PrivacyFacts:
    """What the privacy notice says about one partnership, each part from its settings."""

    controller: str
    joint_controllers: tuple[str, ...]  # the others deciding with it (UK GDPR Article 26), if any
    dpo_contact: str
    sharing_agreement: str  # the information sharing agreement's reference, if recorded
    lawful_bases: tuple[str, ...]  # the partnership's own words; empty for the standard wording
    retention_years: int
    draft_days: int
    recipients: tuple[Recipient, ...]
    kept: str  # how long a case's information is kept, as a sentence
    not_held_kept: str  # how long it is kept when no review is held (threshold not met, withdrawn)
    unsent_kept: str  # how long answers saved but not sent are kept, as a sentence


def not_held_sentence(partnership: Partnership) -> str:
    """How long a case's information is kept when no review was held: the threshold not met, or the
    request withdrawn (the retention schedule's shorter period)."""
    years = schedule_for(partnership).not_met_years
    return ngettext(
        "If a review is not held because the threshold is not met, or the request is withdrawn, we keep "
        "the information for %(years)d year after that, then delete it.",
        "If a review is not held because the threshold is not met, or the request is withdrawn, we keep "
        "the information for %(years)d years after that, then delete it.",
        years,
    ) % {"years": years}


def retention_sentences(partnership: Partnership) -> tuple[str, str]:
    """How long information is kept, in the words every page uses (the privacy notice, the consent
    page), from the partnership's retention schedule (the one the daily sweep applies): a case's
    information after it closes, and answers saved but never sent."""
    schedule = schedule_for(partnership)
    years, days = schedule.closed_years, schedule.draft_days
    kept = ngettext(
        "We keep the information about a case for %(years)d year after the case is closed, then delete it.",
        "We keep the information about a case for %(years)d years after the case is closed, then delete it.",
        years,
    ) % {"years": years}
    unsent = ngettext(
        "Answers you save but do not send are deleted %(days)d day after you last changed them.",
        "Answers you save but do not send are deleted %(days)d days after you last changed them.",
        days,
    ) % {"days": days}
    return kept, unsent


def privacy_facts(partnership: Partnership) -> PrivacyFacts:
    """The controller (its data_controller, else the partnership itself) and any joint controllers,
    its data protection officer, the sharing agreement and lawful bases (the partnership's
    accountability details, oversight.selectors, in Welsh where it wrote them so), who receives what,
    and how long it is kept."""
    kept, unsent = retention_sentences(partnership)
    schedule = schedule_for(partnership)
    details = accountability_of(partnership, welsh=(get_language() or "").startswith("cy"))
    return PrivacyFacts(
        controller=details.controller,
        joint_controllers=details.joint_controllers,
        dpo_contact=details.dpo_contact,
        sharing_agreement=details.agreement_reference,
        lawful_bases=details.lawful_bases,
        retention_years=schedule.closed_years,
        draft_days=schedule.draft_days,
        recipients=tuple(
            Recipient(name=agency.name, kind=str(AGENCY_WORDS[AgencyKind(agency.kind)]))
            for agency in partnership.agencies.all()
        ),
        kept=kept,
        not_held_kept=not_held_sentence(partnership),
        unsent_kept=unsent,
    )


def procedure_updated_on(partnership: Partnership) -> date:
    """The day anything the procedure page is made from last changed: the partnership's settings
    (its policy and timescales) or one of its agencies."""
    changed = [partnership.updated_at, *(agency.updated_at for agency in partnership.agencies.all())]
    return timezone.localdate(max(changed))


@dataclass(frozen=True, slots=True)
class Cookie:
    """One cookie the service sets: its name, why, and when it goes."""

    name: str
    purpose: str
    expiry: str


def _lifetime(seconds: int | None) -> str:
    """A cookie's max age in words; None is a cookie that goes when the browser closes."""
    if seconds is None:
        return gettext("When you close your browser")
    if seconds >= 86_400 and seconds % 86_400 == 0:
        days = seconds // 86_400
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    if seconds >= 3_600 and seconds % 3_600 == 0:
        hours = seconds // 3_600
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    minutes = max(1, round(seconds / 60))
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


def essential_cookies() -> list[Cookie]:
    """The cookies the service can set, with the names and ages read from the settings in force:
    the session, the form-protection cookie unless it lives in the session, and the language."""
    session_expiry = (
        gettext("When you close your browser")
        if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
        else gettext("%(lifetime)s after your last visit")
        % {"lifetime": _lifetime(settings.SESSION_COOKIE_AGE)}
    )
    cookies = [
        Cookie(
            name=settings.SESSION_COOKIE_NAME,
            purpose=gettext(
                "Remembers your answers as you move from page to page, and keeps staff signed in."
            ),
            expiry=session_expiry,
        )
    ]
    if not settings.CSRF_USE_SESSIONS:
        cookies.append(
            Cookie(
                name=settings.CSRF_COOKIE_NAME,
                purpose=gettext("Stops another website sending a form to this service in your name."),
                expiry=_lifetime(settings.CSRF_COOKIE_AGE),
            )
        )
    cookies.append(
        Cookie(
            name=settings.LANGUAGE_COOKIE_NAME,
            purpose=gettext("Remembers the language you chose. Set only if you choose a language."),
            expiry=_lifetime(settings.LANGUAGE_COOKIE_AGE),
        )
    )
    return cookies
