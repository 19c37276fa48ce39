"""The review's back-office pages: schedule the meeting, open its pack, write its record, add and
update recommendations, consult the applicant on the plan, send the outcome, close the case, and
record and decide escalations. Each starts from the one case selector (404 for a case not yours)."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community_trigger.accounts.decorators import signed_in_user, staff_required
from community_trigger.agencies.models import Agency
from community_trigger.agencies.selectors import StaffAccess
from community_trigger.audit.models import AuditEntry
from community_trigger.casefile.pack import meeting_pack_pdf
from community_trigger.casefile.selectors import CaseForm, case_form_for, case_view_of
from community_trigger.cases.sections import Section, case_section_url
from community_trigger.cases.selectors import CaseActions, case_for_step
from community_trigger.cases.services import TransitionRefused
from community_trigger.domain import recommendations as rules
from community_trigger.domain.access import Capability
from community_trigger.domain.actions import Action, Why
from community_trigger.reviews import forms
from community_trigger.reviews.models import Escalation, Meeting
from community_trigger.reviews.selectors import (
    escalation_window_ends,
    meeting_get_for,
    on_panel,
    owners_for,
    recommendation_get_for,
    staff_choices,
)
from community_trigger.reviews.services import ReviewRefused, escalations, meetings, plans
from community_trigger.sharing.selectors import unanswered


def _back_to_case(reference: str) -> HttpResponse:
    return redirect(case_section_url(reference, Section.REVIEW))


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _meeting_form(
    request: HttpRequest, reference: str, meeting_id: int, action: Action, detail: str
) -> tuple[Meeting, CaseForm]:
    """The meeting, for a page to take `action` on it (`case_form_for`: 403 for a role that does not
    take it; 404 for a meeting or case not theirs), with the case as its viewer may see it. Only the
    latest meeting takes the review's steps (`CaseActions.about_meeting`)."""
    view = case_form_for(request.user, reference, action, detail=detail, meeting_id=meeting_id)
    assert view.meeting is not None
    return view.meeting, view


def _meeting_step(
    request: HttpRequest, reference: str, meeting_id: int, action: Action
) -> tuple[Meeting, CaseActions]:
    """As `_meeting_form`, for a step taken by a button, with no page that shows the case."""
    case, actions = case_for_step(request.user, reference, action)
    meeting = case.meetings.filter(pk=meeting_id).select_related("application__partnership", "chair").first()
    if meeting is None:
        raise Http404
    return meeting, actions


def _say_why_not(form: Any, message: str) -> None:
    """Put why the step is not available now in the form's error summary, on a page just opened too
    (an unbound form has nothing cleaned for `add_error` to take from)."""
    if form.errors is not None and not hasattr(form, "cleaned_data"):
        form.cleaned_data = {}
    form.add_error(None, message)


def _refused(form: Any, refused: ReviewRefused) -> None:
    """Show the refusal on the input it is about, when the form has it, or above the form."""
    form.add_error(refused.field if refused.field in form.fields else None, str(refused))


def _arrangements_form(
    request: HttpRequest,
    case: Any,
    form_class: type[forms.ScheduleForm],
    initial: dict[str, Any],
    **extra: Any,
) -> forms.ScheduleForm:
    return form_class(
        _posted(request),
        chairs=[
            (str(user.pk), user.get_full_name() or user.get_username())
            for user in _chairs_of(case.partnership_id)
        ],
        agencies=[(str(agency.pk), agency.name) for agency in case.partnership.agencies.order_by("name")],
        staff=staff_choices(case),
        initial=initial,
        **extra,
    )


def _arrangements(form: forms.ScheduleForm, case: Any) -> dict[str, Any]:
    """The meeting's arrangements as the services take them, from a valid form."""
    data = form.cleaned_data
    users = {str(user.pk): user for user in _staff_users(case.partnership_id)}
    return {
        "starts_at": data["starts_at"],
        "place": data["place"],
        "online_link": data["online_link"],
        "chair": users[data["chair"]],
        "chair_independent": data["chair_independent"] == "yes",
        "agencies": list(case.partnership.agencies.filter(pk__in=[int(pk) for pk in data["agencies"]])),
        "panel": [users[pk] for pk in data["panel"] if pk in users],
        "victim_involvement": data["victim_involvement"],
        "not_invited_reason": data["not_invited_reason"],
    }


@staff_required
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest, reference: str) -> HttpResponse:
    """Arrange the review meeting: when, where, the chair, the agencies, the panel, the victim's part."""
    view = case_form_for(request.user, reference, Action.ARRANGE_MEETING, detail="schedule review")
    case = view.case
    if not view.actions[Action.ARRANGE_MEETING]:
        return _back_to_case(reference)
    asked = {str(pk) for pk in case.information_requests.values_list("agency_id", flat=True)}
    not_answered = unanswered(case)
    form = _arrangements_form(
        request,
        case,
        forms.ScheduleForm,
        {"agencies": sorted(asked), "panel": [str(request.user.pk)]},
        asks_why_not_wait=bool(not_answered),
    )
    if request.method == "POST" and form.is_valid():
        try:
            meetings.meeting_schedule(
                application=case,
                **_arrangements(form, case),
                unanswered_reason=form.cleaned_data.get("unanswered_reason", ""),
                actor=request.user,
            )
            return _back_to_case(reference)
        except ReviewRefused as refused:
            _refused(form, refused)
    return render(
        request, "reviews/schedule.html", {"case": case, "form": form, "not_answered": not_answered}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def meeting_change(request: HttpRequest, reference: str, meeting_id: int) -> HttpResponse:
    """Change a meeting still to come: move it, hold it elsewhere, change who sits on it, or the
    victim's part in it, saying why."""
    meeting, view = _meeting_form(
        request, reference, meeting_id, Action.CHANGE_MEETING, "change review meeting"
    )
    case = view.case
    if not view.actions.about_meeting(Action.CHANGE_MEETING, meeting.pk):
        return _back_to_case(reference)
    starts = timezone.localtime(meeting.starts_at)
    form = _arrangements_form(
        request,
        case,
        forms.MeetingChangeForm,
        {
            "day": starts.date(),
            "starts": f"{starts:%H:%M}",
            "place": meeting.place,
            "online_link": meeting.online_link,
            "chair": str(meeting.chair_id),
            "chair_independent": "yes" if meeting.chair_independent else "no",
            "agencies": [str(pk) for pk in meeting.agencies.values_list("pk", flat=True)],
            "panel": [
                str(pk) for pk in meeting.panel.exclude(pk=meeting.chair_id).values_list("pk", flat=True)
            ],
            "victim_involvement": meeting.victim_involvement,
            "not_invited_reason": meeting.not_invited_reason,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            meetings.meeting_change(
                meeting=meeting,
                **_arrangements(form, case),
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
            return _back_to_case(reference)
        except ReviewRefused as refused:
            _refused(form, refused)
    return render(request, "reviews/meeting_change.html", {"case": case, "meeting": meeting, "form": form})


def _staff_users(partnership_id: int) -> list[Any]:
    return list(
        get_user_model().objects.filter(memberships__agency__partnership_id=partnership_id).distinct()
    )


def _chairs_of(partnership_id: int) -> list[Any]:
    return [
        user
        for user in _staff_users(partnership_id)
        if StaffAccess(user).can(Capability.CHAIR_REVIEWS, partnership_id)
    ]


@staff_required
@require_GET
def pack(request: HttpRequest, reference: str, meeting_id: int) -> HttpResponse:
    """The meeting pack, marked OFFICIAL-SENSITIVE, for the members of the panel only. Every opening
    is recorded."""
    meeting = meeting_get_for(request.user, reference, meeting_id)
    if not on_panel(request.user, meeting):
        raise Http404
    view = case_view_of(
        request.user, meeting.application, purpose=AuditEntry.Purpose.MEETING_PACK, meeting=meeting
    )
    response = HttpResponse(
        meeting_pack_pdf(view=view, meeting=meeting, viewer=request.user), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{reference}-meeting-pack-{meeting.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, reference: str, meeting_id: int) -> HttpResponse:
    """Write the record of the meeting once it has been held."""
    meeting, view = _meeting_form(request, reference, meeting_id, Action.RECORD_MEETING, "meeting record")
    step = view.actions.about_meeting(Action.RECORD_MEETING, meeting.pk)
    if step.why == Why.MEETING_NOT_STARTED:
        # Nothing to record yet: the page says when it can be, and asks nothing.
        return render(
            request, "reviews/record_not_yet.html", {"case": meeting.application, "meeting": meeting}
        )
    if not step:  # recorded already, or the case has moved on (withdrawn): the case page says where
        return _back_to_case(reference)
    agencies = list(meeting.agencies.order_by("name"))
    form = forms.RecordForm(_posted(request), agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            meetings.meeting_record(
                meeting=meeting,
                attendees=form.cleaned_data["attendees"],
                summaries=form.summaries(),
                findings=form.cleaned_data["findings"],
                further_action_possible=form.cleaned_data["further_action_possible"] == "yes",
                attendance=form.attendance(),
                actor=request.user,
            )
            return _back_to_case(reference)
        except ReviewRefused as refused:
            _refused(form, refused)
    return render(
        request, "reviews/record.html", {"case": meeting.application, "meeting": meeting, "form": form}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def recommend(request: HttpRequest, reference: str, meeting_id: int) -> HttpResponse:
    """Add one of the panel's recommendations."""
    meeting, view = _meeting_form(
        request, reference, meeting_id, Action.ADD_RECOMMENDATION, "add recommendation"
    )
    if not view.actions.about_meeting(Action.ADD_RECOMMENDATION, meeting.pk):
        return _back_to_case(reference)
    case = view.case
    form = forms.RecommendationForm(_posted(request), owners=owners_for(case))
    if request.method == "POST" and form.is_valid():
        user_id, agency_id = (int(part) for part in form.cleaned_data["owner"].split(":"))
        owner = next(user for user in _staff_users(case.partnership_id) if user.pk == user_id)
        try:
            plans.recommendation_add(
                meeting=meeting,
                agency=Agency.objects.get(pk=agency_id, partnership_id=case.partnership_id),
                owner=owner,
                action=form.cleaned_data["action"],
                due_by=form.cleaned_data["due_by"],
                actor=request.user,
            )
            return _back_to_case(reference)
        except ReviewRefused as refused:
            _refused(form, refused)
    return render(request, "reviews/recommend.html", {"case": case, "meeting": meeting, "form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def recommendation(request: HttpRequest, reference: str, recommendation_id: int) -> HttpResponse:
    """The addressed agency says what has happened to a recommendation."""
    view = case_form_for(
        request.user,
        reference,
        Action.UPDATE_RECOMMENDATION,
        detail=f"recommendation {recommendation_id}",
        recommendation_id=recommendation_id,
    )
    found = view.recommendation
    assert found is not None
    current = rules.Status(found.status)
    if not rules.MOVES[current]:
        return _back_to_case(reference)
    form = forms.RecommendationUpdateForm(_posted(request), current=current)
    if request.method == "POST" and form.is_valid():
        try:
            plans.recommendation_update(
                recommendation=found,
                to=form.cleaned_data["to"],
                reason=form.cleaned_data.get("reason", ""),
                note=form.cleaned_data["note"],
                actor=request.user,
            )
            return _back_to_case(reference)
        except ReviewRefused as refused:
            _refused(form, refused)
    return render(
        request, "reviews/recommendation.html", {"case": view.case, "recommendation": found, "form": form}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def recommendation_change(request: HttpRequest, reference: str, recommendation_id: int) -> HttpResponse:
    """The coordinator or the meeting's chair rewords a recommendation or gives it a new due date,
    saying why; what it was is kept."""
    found = recommendation_get_for(request.user, reference, recommendation_id)
    # The rulebook says whose role this is (403 for others), and the meeting whose meeting it is: the
    # coordinator's or its own chair's.
    view = case_form_for(
        request.user,
        reference,
        Action.CHANGE_RECOMMENDATION,
        detail=f"change recommendation {recommendation_id}",
        meeting_id=found.meeting_id,
    )
    if rules.Status(found.status) in rules.SETTLED:
        return _back_to_case(reference)
    form = forms.RecommendationChangeForm(
        _posted(request), initial={"action": found.action, "due_by": found.due_by}
    )
    if request.method == "POST" and form.is_valid():
        try:
            plans.recommendation_change(
                recommendation=found,
                action=form.cleaned_data["action"],
                due_by=form.cleaned_data["due_by"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
            return _back_to_case(reference)
        except ReviewRefused as refused:
            _refused(form, refused)
    return render(
        request,
        "reviews/recommendation_change.html",
        {"case": view.case, "recommendation": found, "form": form},
    )


@staff_required
@require_POST
def plan_share(request: HttpRequest, reference: str, meeting_id: int) -> HttpResponse:
    meeting, actions = _meeting_step(request, reference, meeting_id, Action.SHARE_PLAN)
    # Shared meanwhile, or nothing to share: the case page shows where it is.
    if actions.about_meeting(Action.SHARE_PLAN, meeting.pk):
        with suppress(ReviewRefused):
            plans.action_plan_share(meeting=meeting, actor=request.user)
    return _back_to_case(reference)


@staff_required
@require_http_methods(["GET", "POST"])
def plan_comments(request: HttpRequest, reference: str, meeting_id: int) -> HttpResponse:
    """Record what the applicant said about the draft plan."""
    meeting, view = _meeting_form(
        request, reference, meeting_id, Action.RECORD_COMMENTS, "action plan comments"
    )
    actions = view.actions
    form = forms.CommentsForm(_posted(request))
    step = actions.about_meeting(Action.RECORD_COMMENTS, meeting.pk)
    if not step:  # the page says why, above the form, and nothing is saved
        _say_why_not(form, actions.refusal_of(step))
    elif request.method == "POST" and form.is_valid():
        try:
            plans.action_plan_comments(
                meeting=meeting, comments=form.cleaned_data["comments"], actor=request.user
            )
            return _back_to_case(reference)
        except ReviewRefused as refused:
            _refused(form, refused)
    return render(request, "reviews/comments.html", {"case": view.case, "meeting": meeting, "form": form})


@staff_required
@require_POST
def plan_final(request: HttpRequest, reference: str, meeting_id: int) -> HttpResponse:
    meeting, actions = _meeting_step(request, reference, meeting_id, Action.FINALISE_PLAN)
    step = actions.about_meeting(Action.FINALISE_PLAN, meeting.pk)
    if not step:
        return _refusal(
            request, meeting.application, "The action plan is not final yet", actions.refusal_of(step)
        )
    try:
        plans.action_plan_finalise(meeting=meeting, actor=request.user)
    except ReviewRefused as refused:
        return _refusal_page(
            request, meeting.application, gettext("The action plan is not final yet"), refused
        )
    return _back_to_case(reference)


@staff_required
@require_http_methods(["GET", "POST"])
def outcome(request: HttpRequest, reference: str, meeting_id: int) -> HttpResponse:
    """Write what the review found for the applicant, and send the outcome letter."""
    meeting, view = _meeting_form(request, reference, meeting_id, Action.SEND_OUTCOME, "outcome")
    actions = view.actions
    step = actions.about_meeting(Action.SEND_OUTCOME, meeting.pk)
    if Why.NOT_AT_THIS_STEP in step.reasons:
        return _back_to_case(reference)
    form = forms.OutcomeForm(_posted(request))
    if not step:  # the page says what must be done first, and sends nothing
        _say_why_not(form, actions.refusal_of(step))
    elif request.method == "POST" and form.is_valid():
        try:
            plans.outcome_send(
                meeting=meeting,
                summary_for_applicant=form.cleaned_data["summary_for_applicant"],
                actor=request.user,
            )
            return _back_to_case(reference)
        except ReviewRefused as refused:
            _refused(form, refused)
    agreed = meeting.recommendations.filter(status__in=rules.AGREED).select_related("agency")
    return render(
        request,
        "reviews/outcome.html",
        {"case": view.case, "meeting": meeting, "form": form, "agreed": agreed},
    )


@staff_required
@require_POST
def close(request: HttpRequest, reference: str) -> HttpResponse:
    case, actions = case_for_step(request.user, reference, Action.CLOSE)
    step = actions[Action.CLOSE]
    if step.why == Why.RECOMMENDATIONS_OPEN:
        still_open = actions.facts.recommendations_open
        message = ngettext(
            "%(count)d recommendation is still open: each must be done, or declined with a reason, "
            "before the case closes",
            "%(count)d recommendations are still open: each must be done, or declined with a reason, "
            "before the case closes",
            still_open,
        ) % {"count": still_open}
        return _refusal(request, case, gettext("The case cannot close yet"), message)
    if not step:  # closed meanwhile, or not at a step that closes: the case page says
        return _back_to_case(reference)
    try:
        plans.case_close(application=case, actor=request.user)
    except ReviewRefused as refused:
        return _refusal_page(request, case, gettext("The case cannot close yet"), refused)
    except TransitionRefused:  # closed meanwhile, or not at a step that closes: the case page says
        pass
    return _back_to_case(reference)


def _refusal_page(request: HttpRequest, case: Any, title: str, refused: ReviewRefused) -> HttpResponse:
    return _refusal(request, case, title, str(refused))


def _refusal(request: HttpRequest, case: Any, title: str, message: str, status: int = 409) -> HttpResponse:
    return render(
        request, "reviews/refused.html", {"case": case, "title": title, "message": message}, status=status
    )


@staff_required
@require_http_methods(["GET", "POST"])
def escalation_new(request: HttpRequest, reference: str) -> HttpResponse:
    """Record an escalation request the applicant made by phone, letter or in person."""
    view = case_form_for(request.user, reference, Action.RECORD_ESCALATION, detail="record escalation")
    case, actions = view.case, view.actions
    form = forms.StaffEscalationForm(_posted(request), initial={"received_on": timezone.localdate()})
    if not actions[Action.RECORD_ESCALATION]:  # the page says why, above the form, and records nothing
        _say_why_not(form, actions.refusal(Action.RECORD_ESCALATION))
    elif request.method == "POST" and form.is_valid():
        try:
            escalations.escalation_request(
                application=case,
                about=form.cleaned_data["about"],
                grounds=form.cleaned_data["grounds"],
                details=form.cleaned_data["details"],
                entered_by=signed_in_user(request),
                received_on=form.cleaned_data["received_on"],
            )
            return _back_to_case(reference)
        except ReviewRefused as refused:
            _refused(form, refused)
    return render(
        request,
        "reviews/escalation_new.html",
        {"case": case, "form": form, "window_ends": escalation_window_ends(case)},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def escalation_decide(request: HttpRequest, reference: str, escalation_id: int) -> HttpResponse:
    """A reviewer who took no part in the case decides the escalation."""
    view = case_form_for(request.user, reference, Action.DECIDE_ESCALATION, detail="escalation")
    case, actions = view.case, view.actions
    escalation = case.escalations.filter(pk=escalation_id).first()
    if escalation is None:
        raise Http404
    step = actions[Action.DECIDE_ESCALATION]
    if escalation.decided or Why.NO_ESCALATION_TO_DECIDE in step.reasons:
        return _back_to_case(reference)
    if step.why == Why.TOOK_PART:
        return render(
            request,
            "reviews/refused.html",
            {
                "case": case,
                "title": gettext("Someone else must decide this escalation"),
                "message": gettext(
                    "You took part in this case's review or decision, so you cannot decide its "
                    "escalation. Another reviewer of the partnership must."
                ),
            },
            status=403,
        )
    form = forms.EscalationDecisionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            escalations.escalation_decide(
                escalation=escalation,
                upheld=form.cleaned_data["upheld"] == "yes",
                reasons=form.cleaned_data["reasons"],
                actor=request.user,
                refer_to_pcc=form.cleaned_data["refer_to_pcc"],
                pcc_note=form.cleaned_data["pcc_note"],
            )
            return _back_to_case(reference)
        except ReviewRefused as refused:
            _refused(form, refused)
    return render(
        request,
        "reviews/escalation_decide.html",
        {"case": case, "escalation": escalation, "form": form, "grounds": _grounds(escalation)},
    )


def _grounds(escalation: Escalation) -> list[str]:
    labels = dict(Escalation.Ground.choices)
    return [str(labels.get(ground, ground)) for ground in escalation.grounds]
