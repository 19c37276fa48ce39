"""The statistics pages: the public page and its downloads (no sign-in), and the coordinator's page
under /staff/statistics/ that sets the live figures beside the published ones and publishes a year."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from community_trigger.accounts.decorators import staff_required
from community_trigger.agencies.models import Partnership
from community_trigger.agencies.selectors import StaffAccess
from community_trigger.common.forms import GovukForm
from community_trigger.common.public_cache import public_page
from community_trigger.domain.access import Capability
from community_trigger.domain.errors import InvalidInput
from community_trigger.domain.figures import FIGURE_LABELS, STANDING_LABELS, Cohort, Standing, YearFigures
from community_trigger.domain.reporting_years import BASIS_WORDS, parse_year
from community_trigger.statistics.chart import bar_chart
from community_trigger.statistics.exports import as_csv, partnership_document
from community_trigger.statistics.selectors import figures_fingerprint, year_statement, year_statements
from community_trigger.statistics.services import PublishRefused, figures_publish, publish_refusal


def _tables(figures: YearFigures, cohort: Cohort) -> dict[str, list[tuple[str, int]]]:
    """A year's figures and cohort as (label, number) rows for its two tables."""
    numbers = figures.as_dict()
    return {
        "figures": [(label, numbers[name]) for name, label in FIGURE_LABELS.items()],
        "cohort": [(STANDING_LABELS[standing], cohort.count(standing)) for standing in Standing],
    }


# Public --------------------------------------------------------------------------------------------


@public_page
@require_GET
def statistics_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Every year's statement, table and chart, for anyone: what s104 asks the partnership to publish."""
    partnership = get_object_or_404(Partnership, slug=slug)
    statements = year_statements(partnership)
    return render(
        request,
        "statistics/statistics.html",
        {
            "partnership": partnership,
            "basis": BASIS_WORDS[partnership.reporting_basis],
            "statements": statements,
            "newest_first": [
                (statement, _tables(statement.figures, statement.cohort))
                for statement in reversed(statements)
            ],
            "chart": bar_chart([(statement.year, statement.figures) for statement in statements]),
        },
    )


@public_page
@require_GET
def statistics_csv(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, slug=slug)
    response = HttpResponse(as_csv(year_statements(partnership)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{partnership.slug}-community-trigger-figures.csv"'
    )
    return response


@public_page
@require_GET
def statistics_json(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, slug=slug)
    response = JsonResponse(partnership_document(partnership, year_statements(partnership)))
    response["Content-Disposition"] = (
        f'attachment; filename="{partnership.slug}-community-trigger-figures.json"'
    )
    return response


# Staff ---------------------------------------------------------------------------------------------


def _partnership_to_publish(request: HttpRequest, slug: str) -> Partnership:
    """The partnership, for a member of staff who may publish its figures: 403 for its own staff who
    may not, 404 for everyone else (another partnership's coordinator learns nothing)."""
    partnership = get_object_or_404(Partnership, slug=slug)
    access = StaffAccess(request.user)
    if access.can(Capability.PUBLISH_STATISTICS, partnership.pk):
        return partnership
    if partnership.pk in access.roles:
        raise PermissionDenied
    raise Http404


@staff_required
@require_GET
def staff_index(request: HttpRequest) -> HttpResponse:
    """The partnerships whose figures this member of staff publishes."""
    access = StaffAccess(request.user)
    partnerships = Partnership.objects.filter(pk__in=access.partnerships_where(Capability.PUBLISH_STATISTICS))
    if not partnerships:
        raise PermissionDenied
    return render(request, "statistics/staff_index.html", {"partnerships": partnerships})


@staff_required
@require_GET
def staff_partnership(request: HttpRequest, slug: str) -> HttpResponse:
    """Each year's live figures beside the published ones, what changed since, and what may be published."""
    partnership = _partnership_to_publish(request, slug)
    years = []
    for statement in reversed(year_statements(partnership)):
        live = statement.live.figures.as_dict()
        published = statement.published.year_figures.as_dict() if statement.published else {}
        rows = [(label, live[name], published.get(name)) for name, label in FIGURE_LABELS.items()]
        years.append((statement, rows))
    return render(
        request,
        "statistics/staff_partnership.html",
        {"partnership": partnership, "basis": BASIS_WORDS[partnership.reporting_basis], "years": years},
    )


class PublishForm(GovukForm):
    """What the coordinator saw on the confirmation page, so that what is published is what they checked."""

    seen = forms.CharField(widget=forms.HiddenInput, max_length=64)


@staff_required
@require_http_methods(["GET", "POST"])
def staff_publish(request: HttpRequest, slug: str, year: str) -> HttpResponse:
    """GET: the figures that would be published, and a "Publish <year>" button. POST: publish them."""
    partnership = _partnership_to_publish(request, slug)
    try:
        reporting_year = parse_year(year, partnership.reporting_basis)
    except InvalidInput as error:
        raise Http404(error.message) from error
    statement = year_statement(partnership, reporting_year)
    if statement is None:
        raise Http404(f"There are no figures for {reporting_year.label}")
    form = PublishForm(request.POST if request.method == "POST" else {"seen": figures_fingerprint(statement)})
    if request.method == "POST" and form.is_valid():
        try:
            published = figures_publish(
                partnership=partnership,
                year=reporting_year,
                actor=request.user,
                seen=form.cleaned_data["seen"],
            )
        except PublishRefused as refused:
            # Show the figures as they are now: what a second try would publish.
            statement = year_statement(partnership, reporting_year) or statement
            form = PublishForm({"seen": figures_fingerprint(statement)})
            form.is_valid()
            form.add_error(None, str(refused))
        else:
            messages.success(
                request, f"The figures for {reporting_year.label} are published: version {published.version}."
            )
            return redirect("statistics_staff:partnership", slug=partnership.slug)
    elif request.method == "GET":
        refusal = publish_refusal(statement)
        if refusal:
            form.add_error(None, refusal)
    return render(
        request,
        "statistics/staff_publish.html",
        {
            "partnership": partnership,
            "statement": statement,
            "tables": _tables(statement.live.figures, statement.live.cohort),
            "form": form,
            # The problem is with the figures as a whole, so the summary links to them.
            "problems": [("#figures", message) for message in form.non_field_errors()],
            "publishable": statement.publishable,
        },
    )
