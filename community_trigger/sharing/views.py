"""The secure link pages: someone at an agency with nobody who may answer in the service opens the
link emailed to its contact address, gets a code at the same address, enters it, and answers that
one request. Outside /staff/, with no account; every page is recorded in the audit log, and a link
that cannot be used says so without a word about the case."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from community_trigger.casefile.selectors import case_view_by_link, link_opened
from community_trigger.common.forms import GovukForm
from community_trigger.common.ratelimit import limit_posts
from community_trigger.sharing.forms import LinkAnswerForm
from community_trigger.sharing.links import (
    LinkNotUsable,
    answer_link_code_check,
    answer_link_code_send,
    answer_link_find,
)
from community_trigger.sharing.models import AnswerLink
from community_trigger.sharing.services import (
    AlreadyAnswered,
    Answer,
    AnswerNotWanted,
    RecordRefused,
    information_answer_by_link,
)

# The session remembers the links whose code was entered in this browser, by id.
VERIFIED = "answer_links_verified"


class CodeForm(GovukForm):
    code = forms.CharField(
        max_length=20,
        error_messages={"required": gettext_lazy("Enter the 6-digit code from the email")},
    )


def _not_usable(request: HttpRequest, refused: LinkNotUsable) -> HttpResponse:
    status = 404 if refused.why == LinkNotUsable.UNKNOWN else 410
    return render(request, "sharing/link_not_usable.html", {"why": refused.why}, status=status)


def _masked(address: str) -> str:
    """The address the code goes to, as the page shows it to whoever holds the link: enough to
    recognise, not enough to learn it."""
    name, _, domain = address.partition("@")
    return f"{name[:1]}…@{domain}"


def _find(request: HttpRequest, token: str) -> AnswerLink | HttpResponse:
    try:
        return answer_link_find(token)
    except LinkNotUsable as refused:
        return _not_usable(request, refused)


@require_http_methods(["GET", "POST"])
@limit_posts("answer_links", "RATE_LIMIT_LINKS")
def link(request: HttpRequest, token: str) -> HttpResponse:
    """The link's first page: what it is for, and a button that sends the code to the agency's address
    (sent on a press, not on opening, so that a mail scanner that opens links sends nothing)."""
    found = _find(request, token)
    if isinstance(found, HttpResponse):
        return found
    link_opened(found, detail="secure link opened")
    if request.method == "POST":
        try:
            answer_link_code_send(link=found)
        except LinkNotUsable as refused:
            return _not_usable(request, refused)
        return redirect("sharing:code", token=token)
    asked = found.request
    return render(
        request,
        "sharing/link.html",
        {"asked": asked, "partnership": asked.application.partnership, "to": _masked(found.sent_to)},
    )


@require_http_methods(["GET", "POST"])
@limit_posts("answer_codes", "RATE_LIMIT_LINKS")
def code(request: HttpRequest, token: str) -> HttpResponse:
    """Enter the code sent to the agency's address; wrong codes count against the link."""
    found = _find(request, token)
    if isinstance(found, HttpResponse):
        return found
    link_opened(found, detail="secure link code page")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            right = answer_link_code_check(link=found, code=form.cleaned_data["code"])
        except LinkNotUsable as refused:
            return _not_usable(request, refused)
        if right:
            # A new session id, so that one planted in this browser before does not share the answer.
            request.session.cycle_key()
            request.session[VERIFIED] = [*request.session.get(VERIFIED, []), found.pk]
            return redirect("sharing:answer", token=token)
        form.add_error("code", gettext_lazy("The code is not right, or is more than 30 minutes old"))
    return render(request, "sharing/code.html", {"form": form, "to": _masked(found.sent_to), "token": token})


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The case as that agency's officer would see it, and the answer form with who is answering."""
    found = _find(request, token)
    if isinstance(found, HttpResponse):
        return found
    if found.pk not in request.session.get(VERIFIED, []):
        return redirect("sharing:link", token=token)
    view = case_view_by_link(found)
    form = LinkAnswerForm(request.POST if request.method == "POST" else None, reports=view.reports)
    if request.method == "POST" and form.is_valid():
        try:
            information_answer_by_link(
                link=found,
                answer=Answer(**form.answer_values()),
                sender_name=form.cleaned_data["sender_name"],
                sender_role=form.cleaned_data["sender_role"],
            )
        except RecordRefused as refused:
            form.add_error(refused.field or None, str(refused))
        except LinkNotUsable as refused:
            return _not_usable(request, refused)
        except (AlreadyAnswered, AnswerNotWanted):
            return _not_usable(request, LinkNotUsable(LinkNotUsable.NOT_WANTED))
        else:
            request.session[VERIFIED] = [pk for pk in request.session.get(VERIFIED, []) if pk != found.pk]
            return redirect("sharing:answered")
    return render(request, "sharing/answer.html", {"view": view, "asked": view.request, "form": form})


@require_GET
def answered(request: HttpRequest) -> HttpResponse:
    """Thanks, once the answer is in: the link is used up, so this page names nothing."""
    return render(request, "sharing/answered.html")
