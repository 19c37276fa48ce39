"""Which form and template ask each single-question page, and where its answer is kept: online, and
in staff entry."""

from __future__ import annotations

from dataclasses import dataclass

from community_trigger.applications import forms


@dataclass(frozen=True)
class Question:
    """A page that asks one thing: its form, its template, and where its answer is kept."""

    form: type[forms.AnswersForm]
    template: str
    key: str | None = None  # kept under answers[key]; top-level fields otherwise


QUESTIONS = {
    "who": Question(forms.RoleForm, "who.html"),
    "consent": Question(forms.ConsentForm, "consent.html"),
    "your-details": Question(forms.YourDetailsForm, "your_details.html", key="you"),
    "contact": Question(forms.ContactForm, "contact.html", key="contact"),
    "letter-format": Question(forms.LetterFormatForm, "letter_format.html", key="letter_format"),
    "victim": Question(forms.VictimForm, "victim.html", key="victim"),
    "staff-conduct": Question(forms.StaffConductForm, "staff_conduct.html"),
    "satisfaction": Question(forms.SatisfactionForm, "satisfaction.html"),
    "impact": Question(forms.ImpactForm, "impact.html", key="impact"),
}

# Staff entry asks the same, but records how the applicant agreed to sharing instead of asking them.
STAFF_QUESTIONS = {**QUESTIONS, "consent": Question(forms.StaffConsentForm, "staff/consent.html")}
