"""The coordinator's import page, /staff/import/: upload a spreadsheet of past cases, read the dry run's
report (every problem by row and column, nothing saved), then confirm to import it in one go. The file
waits in the pending store between the two, named in the session, never in a URL."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from community_trigger.accounts.decorators import signed_in_user, staff_required
from community_trigger.agencies.models import Partnership
from community_trigger.agencies.selectors import StaffAccess
from community_trigger.common.forms import GovukForm
from community_trigger.domain.access import Capability
from community_trigger.imports.checks import COLUMNS
from community_trigger.imports.forms import SpreadsheetField
from community_trigger.imports.pending import pending_keep, pending_opener, pending_remove
from community_trigger.imports.services import ImportRefused, Report, cases_import, import_check
from community_trigger.imports.sheets import problem_said

SESSION_KEY = "import_pending"
# The page lists this many problems; the rest are counted (the command line lists every one).
SHOWN = 1000


class UploadForm(GovukForm):
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        label=gettext_lazy("Which partnership are the cases from?"),
        empty_label=None,
        error_messages={"required": gettext_lazy("Select the partnership the cases are from")},
    )
    file = SpreadsheetField(
        label=gettext_lazy("Upload a spreadsheet of past cases"),
        help_text=gettext_lazy("A CSV or XLSX file, smaller than 40 MB, one case a row"),
    )

    def __init__(self, *args: Any, partnerships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partnership"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = partnerships
        # Most coordinators manage one partnership: nothing to ask them.
        first_two = list(partnerships[:2])
        self.only = first_two[0] if len(first_two) == 1 else None
        if self.only is not None:
            del self.fields["partnership"]

    def chosen_partnership(self) -> Partnership:
        chosen: Partnership = self.only or self.cleaned_data["partnership"]
        return chosen


def _partnerships(request: HttpRequest) -> Any:
    """The partnerships whose cases this member of staff manages; 403 for staff who manage none."""
    ids = StaffAccess(request.user).partnerships_where(Capability.MANAGE_CASES)
    if not ids:
        raise PermissionDenied
    return Partnership.objects.filter(pk__in=ids).order_by("name")


def _report_context(report: Report) -> dict[str, Any]:
    shown = report.problems[:SHOWN]
    return {
        # The layout's error summary lists the file's problems (a form with no fields: only a button).
        "form": GovukForm(),
        "report": report,
        "shown": shown,
        "hidden": len(report.problems) - len(shown),
        "problems": [("#report", problem_said(problem)) for problem in shown[:20]],
    }


@staff_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: keep the file, run the dry run, show its report (and the button to
    import when there is nothing wrong)."""
    partnerships = _partnerships(request)
    if request.method == "GET":
        # Back here from a report ("Cancel"): the file checked then is not going to be imported.
        pending_remove(request.session.pop(SESSION_KEY, {}).get("key", ""))
        form = UploadForm(partnerships=partnerships)
        return render(request, "imports/import.html", {"form": form, "columns": COLUMNS})
    form = UploadForm(request.POST, request.FILES, partnerships=partnerships)
    if not form.is_valid():
        return render(request, "imports/import.html", {"form": form, "columns": COLUMNS})
    partnership = form.chosen_partnership()
    upload = form.cleaned_data["file"]
    pending_remove(request.session.pop(SESSION_KEY, {}).get("key", ""))
    key = pending_keep(upload, upload.name)
    opener = pending_opener(key)
    assert opener is not None
    report = import_check(partnership=partnership, opener=opener, name=upload.name)
    if report.clean:
        request.session[SESSION_KEY] = {"key": key, "name": upload.name, "partnership": partnership.pk}
    else:
        pending_remove(key)
    return render(
        request,
        "imports/report.html",
        {"partnership": partnership, **_report_context(report)},
    )


@staff_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Import the file the dry run passed, in one transaction; show its report again if it no longer
    passes (a case with one of its references entered meanwhile)."""
    partnerships = {partnership.pk: partnership for partnership in _partnerships(request)}
    pending = request.session.pop(SESSION_KEY, None) or {}
    partnership = partnerships.get(pending.get("partnership"))
    opener = pending_opener(pending.get("key", ""))
    if partnership is None or opener is None:
        messages.error(request, gettext("Upload the file again: it was not kept, or was imported already"))
        return redirect("imports:page")
    try:
        imported = cases_import(
            partnership=partnership, opener=opener, name=pending["name"], actor=signed_in_user(request)
        )
    except ImportRefused as refused:
        return render(
            request,
            "imports/report.html",
            {"partnership": partnership, **_report_context(refused.report)},
        )
    finally:
        pending_remove(pending["key"])
    messages.success(
        request,
        gettext("%(count)s past cases imported from %(name)s")
        % {"count": imported.cases, "name": imported.name},
    )
    return redirect("imports:page")
