"""The public pages around the questions: the list of partnerships, a partnership's start page and
procedure, the eligibility checker, where the start button leads, and the confirmation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from community_trigger.agencies.models import Agency
from community_trigger.agencies.public_pages import public_directory
from community_trigger.agencies.selectors import partnership_list
from community_trigger.applications import journey
from community_trigger.applications.forms import YES_NO, AnswersForm
from community_trigger.applications.privacy import procedure_updated_on
from community_trigger.applications.services import status_code_issue, status_token
from community_trigger.applications.threshold_words import partners_in_words, period_words, public_threshold
from community_trigger.applications.timeline import next_steps_of
from community_trigger.applications.views.context import (
    partnership_or_404,
    session_draft,
    session_submitted,
    step_url,
)
from community_trigger.common.public_cache import public_page
from community_trigger.domain.periods import period_end
from community_trigger.domain.policy import builtin_policies
from community_trigger.domain.threshold import assess_document


@public_page
def home(request: HttpRequest) -> HttpResponse:
    """With one partnership, its start page; with several, a list to choose from."""
    listed = list(public_directory().partnerships)
    if len(listed) == 1:
        # Known from the directory the language middleware read already: no query.
        return redirect("applications:start", slug=listed[0])
    partnerships = list(partnership_list())
    if len(partnerships) == 1:
        return redirect("applications:start", slug=partnerships[0].slug)
    return render(request, "applications/home.html", {"partnerships": partnerships})


def _partnership_context(slug: str) -> dict[str, Any]:
    """A partnership, its agencies and its threshold in plain words: what its public pages explain."""
    partnership = partnership_or_404(slug)
    policy = builtin_policies()[partnership.policy]
    agencies = list(partnership.agencies.all())
    partner_names = [agency.name for agency in agencies if agency.kind in policy.partner_agencies]
    return {
        "partnership": partnership,
        "agencies": agencies,
        "policy": policy,
        "threshold": public_threshold(policy, partner_names),
    }


@public_page
def start(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "applications/start.html", _partnership_context(slug))


@public_page
def procedure(request: HttpRequest, slug: str) -> HttpResponse:
    """The partnership's case review procedure, which s104(2)(b) says it must publish: who can apply,
    the threshold, how to apply, what happens and by when, consent, complaints and escalation. Made
    from its policy and timescales, so it changes when they do, and dated by the last change."""
    context = _partnership_context(slug)
    return render(
        request,
        "applications/procedure.html",
        context | {"updated_on": procedure_updated_on(context["partnership"])},
    )


def apply(request: HttpRequest, slug: str) -> HttpResponse:
    """Where the start button leads: carry on with this browser's draft, or begin at the first question."""
    partnership = partnership_or_404(slug)
    draft = session_draft(request, partnership)
    first = journey.first_unanswered(draft.answers) if draft else journey.STEPS[0]
    return redirect(step_url(partnership, first))


STATUS_CODE_SESSION_KEY = "status_code:{slug}"


def confirmation(request: HttpRequest, slug: str) -> HttpResponse:
    """The request is sent: its reference, its status code and link, and what happens next by when."""
    partnership = partnership_or_404(slug)
    application = session_submitted(request, partnership)
    if application is None:
        return redirect("applications:start", slug=slug)
    email = application.people.filter(role="applicant").values_list("email", flat=True).first()
    # The code is issued the first time this page is shown after sending, and kept in the session only
    # so that a refresh shows the same one: the database keeps its hash alone.
    key = STATUS_CODE_SESSION_KEY.format(slug=slug)
    kept = request.session.get(key) or {}
    if kept.get("application") != application.pk:
        kept = {"application": application.pk, "code": status_code_issue(application)}
        request.session[key] = kept
    return render(
        request,
        "applications/confirmation.html",
        {
            "partnership": partnership,
            "application": application,
            "email": email,
            "status_code": kept["code"],
            "status_url": reverse("applications:status", args=[slug, status_token(application)]),
            "steps": {step.what: step for step in next_steps_of(application)},
        },
    )


class CheckerForm(AnswersForm):
    incidents = forms.IntegerField(
        min_value=0,
        max_value=100,
        error_messages={
            "required": gettext_lazy("Enter how many separate incidents you reported"),
            "invalid": gettext_lazy("Enter a whole number, like 3"),
            "min_value": gettext_lazy("Number of incidents must be 0 or more"),
            "max_value": gettext_lazy("Number of incidents must be 100 or fewer"),
        },
    )
    agencies = forms.MultipleChoiceField(
        error_messages={"required": gettext_lazy("Select who you reported the incidents to")},
    )
    within_a_month = forms.ChoiceField(
        choices=YES_NO,
        error_messages={"required": gettext_lazy("Select yes if you reported each incident within a month")},
    )
    when = forms.ChoiceField(
        choices=[
            ("recent", gettext_lazy("Within the last 6 months")),
            ("older", gettext_lazy("More than 6 months ago")),
        ],
        error_messages={"required": gettext_lazy("Select when you made the reports")},
    )
    satisfied = forms.ChoiceField(
        choices=YES_NO,
        error_messages={"required": gettext_lazy("Select yes if you are satisfied with the action taken")},
    )

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agencies"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(agency.kind, agency.name) for agency in agencies] + [
            ("other", gettext("Another organisation"))
        ]


# Why reports would not count, in words for the person using the checker.
REASON_WORDS = {
    "asb": gettext_lazy("the behaviour must cause harassment, alarm or distress"),
    "reported_in_time": gettext_lazy(
        "each incident must be reported within %(report_within)s of it happening"
    ),
    "in_application_window": gettext_lazy("you must ask within %(application_within)s of the reports"),
    "partner_agency": gettext_lazy("reports must be made to %(partners)s"),
    "dissatisfied": gettext_lazy(
        "you must feel that no action was taken, or not be satisfied with the action taken"
    ),
    "consent": gettext_lazy("you must agree to your information being shared"),
}


@public_page
def checker(request: HttpRequest, slug: str) -> HttpResponse:
    """A rough answer to "can I ask for a review?", from the same engine; nothing is stored."""
    partnership = partnership_or_404(slug)
    policy = builtin_policies()[partnership.policy]
    agencies = list(partnership.agencies.all())
    form = CheckerForm(request.GET or None, agencies=agencies)
    result = None
    if request.GET and form.is_valid():
        output = assess_document(
            _checker_document(form.cleaned_data, policy.id, policy.report_within, policy.application_within),
            policies={policy.id: policy},
            default_policy=policy.id,
        )
        reasons = sorted({reason for report in output["reports"] for reason in report["reasons"]})
        partners = [agency.name for agency in agencies if agency.kind in policy.partner_agencies]
        words = {
            "report_within": period_words(policy.report_within),
            "application_within": period_words(policy.application_within),
            "partners": partners_in_words(policy, partners),
        }
        result = {
            "met": output["threshold_met"],
            "reasons": [str(REASON_WORDS[reason]) % words for reason in reasons],
            "counted": sum(1 for report in output["reports"] if report["qualifies"]),
            "needed": policy.min_complaints,
            # Too few reports from one person may still be enough from several people asking as a group.
            "group_size": policy.min_individuals,
        }
    return render(
        request, "applications/checker.html", {"partnership": partnership, "form": form, "result": result}
    )


def _checker_document(
    answers: dict[str, Any], policy: str, report_within: Any, application_within: Any
) -> dict[str, Any]:
    """An application with one report per incident, dated to match the answers."""
    today = timezone.localdate()
    count = answers["incidents"]
    latest_report = today if answers["when"] == "recent" else today - timedelta(days=400)
    kinds = answers["agencies"]
    incidents = []
    for number in range(count):
        reported = latest_report - timedelta(days=number)
        happened = reported
        if answers["within_a_month"] == "no":
            # The latest day whose reporting period ends before the report: a report one day late.
            happened = reported - timedelta(days=1)
            while period_end(happened, report_within) >= reported:
                happened -= timedelta(days=1)
        incidents.append(
            {
                "id": f"I{number + 1}",
                "date": happened.isoformat(),
                "asb": True,
                "reports": [{"by": "P1", "agency": kinds[number % len(kinds)], "date": reported.isoformat()}],
            }
        )
    return {
        "policy": policy,
        "application_date": today.isoformat(),
        "applicant": {"role": "victim", "person": "P1", "consent": True},
        "people": [{"id": "P1", "dissatisfied": answers["satisfied"] == "no", "consent": True}],
        "incidents": incidents,
    }
