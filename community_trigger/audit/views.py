"""The audit log for auditors: search by case, by who acted and their role then, and by date. Read-only."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from community_trigger.accounts.decorators import staff_required
from community_trigger.agencies.selectors import StaffAccess
from community_trigger.audit.selectors import audit_entries_for
from community_trigger.audit.wording import entries_in_words
from community_trigger.cases.models import Application
from community_trigger.common.forms import GovukDateField, GovukForm
from community_trigger.common.saved_searches import posted_names, search_find, search_save
from community_trigger.domain.access import Capability

PAGE_SIZE = 50


class AuditSearchForm(GovukForm):
    reference = forms.CharField(label=_("Case reference"), required=False, max_length=30)
    username = forms.CharField(
        label=_("Username or name"),
        help_text=_("The username or full name they had when they acted"),
        required=False,
        max_length=150,
    )
    role = forms.CharField(
        label=_("Role"),
        help_text=_("For example, coordinator or panel chair"),
        required=False,
        max_length=100,
    )
    # The field reads its label only when a message is shown, so a lazy translation is safe here.
    since = GovukDateField(label=cast(str, _("From date")), required=False)
    until = GovukDateField(label=cast(str, _("To date")), required=False)


def _searched(entries: Any, data: dict[str, Any]) -> Any:
    if data.get("reference"):
        ids = Application.objects.filter(reference__iexact=data["reference"]).values_list("pk", flat=True)
        entries = entries.filter(subject="application", subject_id__in=[str(pk) for pk in ids])
    # Who acted as they were then: an old username or name finds what was done under it.
    if data.get("username"):
        who = data["username"].strip()
        entries = entries.filter(Q(actor_username__iexact=who) | Q(actor_name__iexact=who))
    if data.get("role"):
        entries = entries.filter(actor_roles__icontains=data["role"].strip())
    if data.get("since"):
        entries = entries.filter(at__date__gte=data["since"])
    if data.get("until"):
        entries = entries.filter(at__date__lte=data["until"])
    return entries


# Who was searched for (a username, a full name) never travels in a URL: the form posts to
# audit_search, which keeps the search in the session (common.saved_searches), and the log and its
# pages name only the saved search: /staff/audit/?search=<id>.
SEARCH_KIND = "audit"
SEARCH_FIELDS = posted_names(AuditSearchForm)


def _saved_search_redirect(request: HttpRequest, filters: QueryDict) -> HttpResponse:
    search_id = search_save(request, kind=SEARCH_KIND, data=filters, fields=SEARCH_FIELDS)
    return redirect(f"{reverse('audit:log')}?{QueryDict.fromkeys(['search'], search_id).urlencode()}")


@staff_required
@require_POST
def audit_search(request: HttpRequest) -> HttpResponse:
    """Keep the search form's filters and show the log they pick out (post/redirect/get)."""
    if not StaffAccess(request.user).can(Capability.SEE_AUDIT_LOG):
        raise PermissionDenied
    return _saved_search_redirect(request, request.POST)


@staff_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    if not StaffAccess(request.user).can(Capability.SEE_AUDIT_LOG):
        raise PermissionDenied
    if any(field in request.GET for field in SEARCH_FIELDS):
        # An old bookmark or link with the search in its address: move it out at once.
        return _saved_search_redirect(request, request.GET)
    search_id = request.GET.get("search", "")
    data = search_find(request, kind=SEARCH_KIND, search_id=search_id) if search_id else None
    form = AuditSearchForm(data or None)
    entries = audit_entries_for(request.user)
    if form.is_valid():
        entries = _searched(entries, form.cleaned_data)
    page = Paginator(entries.order_by("-at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = QueryDict.fromkeys(["search"], search_id).urlencode() if data is not None else ""
    return render(
        request,
        "audit/audit_log.html",
        {
            "form": form,
            "page": page,
            # Each entry in words, through the one function that words them (audit.wording).
            "entries": entries_in_words(page),
            "query": query,
            "search_ended": bool(search_id) and data is None,
        },
    )
