"""The audit log for auditors: search by case, user and date. Read-only: nothing here changes an entry."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from community_trigger.accounts.decorators import staff_required
from community_trigger.accounts.views import staff_render
from community_trigger.agencies.selectors import StaffAccess
from community_trigger.audit.selectors import audit_entries_for
from community_trigger.cases.models import Application
from community_trigger.common.forms import GovukDateField, GovukForm
from community_trigger.domain.access import Capability

PAGE_SIZE = 50


class AuditSearchForm(GovukForm):
    reference = forms.CharField(required=False, max_length=30)
    username = forms.CharField(required=False, max_length=150)
    since = GovukDateField(label="From date", required=False)
    until = GovukDateField(label="To date", required=False)


def _searched(entries: Any, data: dict[str, Any]) -> Any:
    if data.get("reference"):
        ids = Application.objects.filter(reference__iexact=data["reference"]).values_list("pk", flat=True)
        entries = entries.filter(subject="application", subject_id__in=[str(pk) for pk in ids])
    if data.get("username"):
        entries = entries.filter(actor__username__iexact=data["username"])
    if data.get("since"):
        entries = entries.filter(at__date__gte=data["since"])
    if data.get("until"):
        entries = entries.filter(at__date__lte=data["until"])
    return entries


@staff_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    if not StaffAccess(request.user).can(Capability.SEE_AUDIT_LOG):
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None)
    entries = audit_entries_for(request.user)
    if form.is_valid():
        entries = _searched(entries, form.cleaned_data)
    page = Paginator(entries.order_by("-at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return staff_render(
        request, "audit/audit_log.html", {"form": form, "page": page, "query": query.urlencode()}
    )
