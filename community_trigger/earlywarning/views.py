"""The early-warning pages under /staff/early-warning/: the coordinator's list of findings and each
finding with the incidents behind it and the steps taken (the data protection officer reads them), and
an agency officer's second-report tasks. Anyone else gets 404: nobody learns what was found.

Acting on a finding starts a contact; it never makes an application. When the person wants to apply,
the page links to the staff's "Enter an application" for the partnership, empty: the person gives
their answers, and their consent, themselves."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from community_trigger.accounts.decorators import signed_in_user, staff_required
from community_trigger.earlywarning.forms import FilterForm, StepForm, TaskForm
from community_trigger.earlywarning.models import Finding, Kind, State, Step
from community_trigger.earlywarning.selectors import (
    finding_for,
    finding_partnerships,
    finding_records,
    findings_page,
    task_agencies,
    task_for,
    task_person,
    tasks,
)
from community_trigger.earlywarning.services import StepRefused, finding_step

PER_PAGE = 25


@staff_required
@require_GET
def finding_list(request: HttpRequest) -> HttpResponse:
    """The findings of the user's partnerships, newest first, filtered by kind and state."""
    partnerships = finding_partnerships(request.user)
    if not partnerships:
        raise Http404
    form = FilterForm(request.GET or None)
    kind = state = ""
    if form.is_bound and form.is_valid():
        kind, state = form.cleaned_data["kind"], form.cleaned_data["state"]
    page = findings_page(partnerships, request.GET.get("page"), kind=kind, state=state, per_page=PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "earlywarning/list.html", {"form": form, "page": page, "query": query.urlencode()})


@staff_required
@require_http_methods(["GET", "POST"])
def finding_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A finding, the incidents behind it and its steps; coordinators record the next step."""
    user = signed_in_user(request)
    finding = finding_for(user, pk)
    may_act = (
        finding.partnership_id in finding_partnerships(user, act=True) and finding.kind != Kind.SECOND_REPORT
    )
    form = StepForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not may_act:
            raise Http404
        if form.is_valid():
            try:
                finding_step(finding=finding, actor=user, **form.cleaned_data)
            except StepRefused as refused:
                form.add_error("step", str(refused))
            else:
                messages.success(request, gettext("Step recorded"))
                return redirect("earlywarning:finding", pk=finding.pk)
    return render(
        request,
        "earlywarning/finding.html",
        {
            "finding": finding,
            "records": finding_records(finding, user=user),
            "steps": finding.steps.select_related("by"),
            "form": form,
            "may_act": may_act and finding.state != State.CLOSED,
            "wants_to_apply": finding.outcome == Step.WANTS_TO_APPLY,
        },
    )


@staff_required
@require_GET
def task_list(request: HttpRequest) -> HttpResponse:
    """The second-report tasks of the officer's agencies."""
    if not task_agencies(request.user):
        raise Http404
    return render(request, "earlywarning/tasks.html", {"tasks": tasks(request.user)[:200]})


@staff_required
@require_http_methods(["GET", "POST"])
def task_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One task: the person's name and contact, the dates and categories of their two reports, the
    ready explanation, and the officer's answer (done, how; or declined, why)."""
    user = signed_in_user(request)
    task: Finding = task_for(user, pk)
    form = TaskForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            finding_step(finding=task, actor=user, step=data["answer"], how=data["how"], note=data["reason"])
        except StepRefused as refused:
            form.add_error("answer", str(refused))
        else:
            messages.success(request, gettext("Task answered"))
            return redirect("earlywarning:tasks")
    records = task_person(task, user=user)
    start = request.build_absolute_uri(f"/{task.partnership.slug}/")
    return render(
        request,
        "earlywarning/task.html",
        {
            "task": task,
            "records": records,
            "person": records[-1] if records else None,
            "start": start,
            "form": form,
            "steps": task.steps.select_related("by"),
        },
    )
