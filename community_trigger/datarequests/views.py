"""The data requests pages for coordinators: the list, recording one, its page, extending its deadline,
finding the person, reviewing redactions, releasing and downloading the export, correcting a record,
and deciding an erasure request. Each page 404s for anyone who may not handle the request."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from community_trigger.accounts.decorators import signed_in_user, staff_required
from community_trigger.agencies.models import Partnership
from community_trigger.cases.models import Incident, Person
from community_trigger.common.forms import GovukDateField, GovukForm
from community_trigger.datarequests.export import export_items, export_zip
from community_trigger.datarequests.models import (
    DataRequest,
    ReceivedVia,
    RefusalGround,
    RequestKind,
    RequestState,
)
from community_trigger.datarequests.selectors import (
    data_request_for,
    data_requests_for,
    handled_partnerships,
    items_for,
    matches_for,
    refusal_letter_pdf,
)
from community_trigger.datarequests.services import (
    RECTIFIABLE,
    DataRequestRefused,
    Requester,
    data_request_extend,
    data_request_record,
    erasure_refuse,
    export_downloaded,
    export_release,
    findings_choose,
    record_rectify,
    redactions_review,
)
from community_trigger.datarequests.wording import SOURCE_WORDS
from community_trigger.retention.anonymise import CaseOnHold
from community_trigger.retention.erasure import erasure_request_carry_out

LANGUAGES = [("en", _("English")), ("cy", _("Welsh"))]


class RecordForm(GovukForm):
    kind = forms.ChoiceField(
        label=_("What are they asking for?"),
        choices=RequestKind.choices,
        error_messages={"required": _("Select what they are asking for")},
    )
    name = forms.CharField(
        label=_("Full name"), max_length=200, error_messages={"required": _("Enter their name")}
    )
    email = forms.EmailField(
        label=_("Email address"), required=False, error_messages={"invalid": _("Enter a real email address")}
    )
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=40)
    address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea)
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=10)
    date_of_birth = GovukDateField(label=_("Date of birth"), required=False, past_or_today=True)
    received_on = GovukDateField(label=_("Date received"), past_or_today=True)
    received_via = forms.ChoiceField(
        label=_("How was it received?"),
        choices=ReceivedVia.choices,
        error_messages={"required": _("Select how it was received")},
    )
    language = forms.ChoiceField(
        label=_("Language for letters"),
        choices=LANGUAGES,
        error_messages={"required": _("Select a language")},
    )


def _handled(request: HttpRequest, pk: int) -> DataRequest:
    return data_request_for(signed_in_user(request), pk)


def _partnership(request: HttpRequest) -> Partnership:
    handled = handled_partnerships(signed_in_user(request))
    if not handled:
        raise Http404
    return Partnership.objects.get(pk=handled[0])


@staff_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    """The partnership's data requests, open ones first, soonest due first."""
    _partnership(request)
    requests = data_requests_for(signed_in_user(request)).order_by("closed_at", "due_by", "pk")[:200]
    return render(request, "datarequests/list.html", {"requests": requests})


@staff_required
@require_http_methods(["GET", "POST"])
def request_record(request: HttpRequest) -> HttpResponse:
    """Record a request received from a person."""
    partnership = _partnership(request)
    form = RecordForm(request.POST if request.method == "POST" else None, initial={"language": "en"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recorded = data_request_record(
                partnership=partnership,
                actor=signed_in_user(request),
                kind=RequestKind(data["kind"]),
                requester=Requester(
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    address=data["address"],
                    postcode=data["postcode"],
                    date_of_birth=data["date_of_birth"],
                ),
                received_on=data["received_on"],
                received_via=data["received_via"],
                language=data["language"],
            )
        except DataRequestRefused as refused:
            form.add_error(refused.field or None, str(refused))
        else:
            messages.success(
                request, gettext("Request %(reference)s recorded") % {"reference": recorded.reference}
            )
            return redirect("datarequests:detail", pk=recorded.pk)
    return render(request, "datarequests/record.html", {"form": form})


@staff_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A request: who asked, for what, by when, what was found, and its steps."""
    handled = _handled(request, pk)
    steps = handled.steps.select_related("actor", "words")
    findings = [
        (finding.application.reference, SOURCE_WORDS.get(finding.source, finding.source), finding.matched_on)
        for finding in handled.findings.select_related("application").order_by(
            "application_id", "source", "pk"
        )
    ]
    return render(
        request, "datarequests/detail.html", {"data_request": handled, "steps": steps, "findings": findings}
    )


class ExtendForm(GovukForm):
    months = forms.TypedChoiceField(
        label=_("Extend by"),
        coerce=int,
        choices=[(1, _("One month")), (2, _("Two months"))],
        error_messages={"required": _("Select how long to extend by")},
    )
    reason = forms.CharField(
        label=_("Why is it extended?"),
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": _("Enter why the deadline is extended")},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def request_extend(request: HttpRequest, pk: int) -> HttpResponse:
    """Extend the deadline, with the reason (at most two further months in all)."""
    handled = _handled(request, pk)
    form = ExtendForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            data_request_extend(
                request=handled,
                actor=signed_in_user(request),
                months=form.cleaned_data["months"],
                reason=form.cleaned_data["reason"],
            )
        except DataRequestRefused as refused:
            form.add_error(refused.field or None, str(refused))
        else:
            messages.success(request, gettext("Deadline extended"))
            return redirect("datarequests:detail", pk=pk)
    return render(request, "datarequests/extend.html", {"data_request": handled, "form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def request_search(request: HttpRequest, pk: int) -> HttpResponse:
    """Search every case of the partnership for the person, by what they gave, and tick what is theirs.
    The search is the request's own details: nothing about them travels in an address."""
    handled = _handled(request, pk)
    found = matches_for(signed_in_user(request), handled)
    problem = ""
    if request.method == "POST":
        ticked = set(request.POST.getlist("finding"))
        chosen = [match for match in found if match.key in ticked]
        if not chosen:
            problem = gettext("Select the records that are this person's")
        else:
            try:
                findings_choose(request=handled, actor=signed_in_user(request), chosen=chosen)
            except DataRequestRefused as refused:
                problem = str(refused)
            else:
                messages.success(request, gettext("Findings kept"))
                if handled.kind == RequestKind.ACCESS:
                    return redirect("datarequests:redactions", pk=pk)
                return redirect("datarequests:detail", pk=pk)
    already = {f"{source}:{row}" for source, row in handled.findings.values_list("source", "row_id")}
    groups: dict[str, list[Any]] = {}
    for match in found:
        groups.setdefault(match.reference, []).append(match)
    return render(
        request,
        "datarequests/search.html",
        {"data_request": handled, "groups": groups, "already": already, "problem": problem},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def request_redactions(request: HttpRequest, pk: int) -> HttpResponse:
    """Review each item of the export flagged for redaction: redact (the default) or release."""
    handled = _handled(request, pk)
    if handled.kind != RequestKind.ACCESS or handled.state == RequestState.OPEN:
        raise Http404
    items = items_for(signed_in_user(request), handled)
    flagged = [item for item in items if item.flag]
    # What was chosen before, so that coming back shows it; anything not chosen is redacted.
    released = set(handled.redactions.filter(redact=False).values_list("item", flat=True))
    if request.method == "POST":
        choices = {
            item.key: request.POST.get(f"redact-{item.key}", "redact") != "release" for item in flagged
        }
        try:
            redactions_review(request=handled, actor=signed_in_user(request), choices=choices)
        except DataRequestRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, gettext("Redactions reviewed"))
            return redirect("datarequests:release", pk=pk)
    return render(
        request,
        "datarequests/redactions.html",
        {"data_request": handled, "items": items, "flagged": flagged, "released": released},
    )


class ConfirmForm(GovukForm):
    confirm = forms.BooleanField(
        label=_("I have checked the export and it may be released to the person"),
        error_messages={"required": _("Confirm that the export may be released")},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def request_release(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm the release of the export; the request then closes as released."""
    handled = _handled(request, pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            export_release(request=handled, actor=signed_in_user(request))
        except DataRequestRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, gettext("Export released: download it to send to the person"))
            return redirect("datarequests:detail", pk=pk)
    return render(request, "datarequests/release.html", {"data_request": handled, "form": form})


@staff_required
@require_GET
def request_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The released export as a ZIP; each download audited."""
    handled = _handled(request, pk)
    if handled.state != RequestState.RELEASED:
        raise Http404
    content = export_zip(handled, export_items(handled))
    export_downloaded(request=handled, actor=signed_in_user(request))
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{handled.reference}.zip"'
    return response


def _targets(handled: DataRequest) -> list[tuple[str, str]]:
    """The records that may be corrected: the chosen findings that are people or incidents, each
    field named with the record it is on."""
    chosen = handled.findings.filter(source__in=["person", "incident"])
    people = Person.objects.filter(pk__in=chosen.filter(source="person").values("row_id"))
    incidents = Incident.objects.filter(pk__in=chosen.filter(source="incident").values("row_id"))
    records: list[Person | Incident] = [
        *people.select_related("application").order_by("pk"),
        *incidents.select_related("application").order_by("pk"),
    ]
    targets = []
    for record in records:
        source = "person" if isinstance(record, Person) else "incident"
        shown = record.name if isinstance(record, Person) else f"{record.date:%d/%m/%Y}, {record.location}"
        for name, words in RECTIFIABLE[type(record)].items():
            targets.append(
                (f"{source}:{record.pk}:{name}", f"{record.application.reference}, {shown}: {words}")
            )
    return targets


class RectifyForm(GovukForm):
    target = forms.ChoiceField(
        label=_("What is corrected?"), error_messages={"required": _("Choose what to correct")}
    )
    value = forms.CharField(
        label=_("The correct value"),
        max_length=2000,
        error_messages={"required": _("Enter the correct value")},
    )
    reason = forms.CharField(
        label=_("Why is it corrected?"),
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": _("Enter why the record is corrected")},
    )

    def __init__(self, *args: Any, targets: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = targets  # type: ignore[attr-defined]


def _read_day(value: str) -> date | None:
    for shape in ("%d/%m/%Y", "%Y-%m-%d", "%d %m %Y"):
        try:
            return datetime.strptime(value.strip(), shape).date()
        except ValueError:
            continue
    return None


@staff_required
@require_http_methods(["GET", "POST"])
def request_rectify(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a record found for the person, with the reason; the request is then carried out."""
    handled = _handled(request, pk)
    if handled.kind != RequestKind.RECTIFICATION:
        raise Http404
    form = RectifyForm(request.POST if request.method == "POST" else None, targets=_targets(handled))
    if request.method == "POST" and form.is_valid():
        source, row_id, field = form.cleaned_data["target"].split(":")
        model = Person if source == "person" else Incident
        record = model.objects.filter(pk=row_id, application__partnership_id=handled.partnership_id).first()
        value: Any = form.cleaned_data["value"]
        if field == "date":
            value = _read_day(value)
        if record is None:
            form.add_error("target", gettext("Choose what to correct"))
        elif value is None:
            form.add_error("value", gettext("Enter the date as day/month/year, like 27/03/2026"))
        else:
            try:
                record_rectify(
                    request=handled,
                    actor=signed_in_user(request),
                    record=record,
                    field=field,
                    value=value,
                    reason=form.cleaned_data["reason"],
                )
            except DataRequestRefused as refused:
                form.add_error(refused.field if refused.field in form.fields else None, str(refused))
            except forms.ValidationError:
                form.add_error("value", gettext("Enter a correct value of the right kind"))
            else:
                messages.success(request, gettext("Record corrected"))
                return redirect("datarequests:detail", pk=pk)
    return render(request, "datarequests/rectify.html", {"data_request": handled, "form": form})


class ErasureForm(GovukForm):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[("refuse", _("Refuse")), ("carry_out", _("Carry out the erasure"))],
        error_messages={"required": _("Select your decision")},
    )
    ground = forms.ChoiceField(
        label=_("Lawful reason to refuse"), required=False, choices=RefusalGround.choices
    )
    words = forms.CharField(
        label=_("Reason in words"), required=False, widget=forms.Textarea, max_length=2000
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "refuse" and not data.get("ground"):
            self.add_error("ground", gettext("Select the lawful reason to refuse"))
        return data


@staff_required
@require_http_methods(["GET", "POST"])
def request_erasure(request: HttpRequest, pk: int) -> HttpResponse:
    """Decide an erasure request: refuse it on an Article 17(3) ground, or carry it out."""
    handled = _handled(request, pk)
    if handled.kind != RequestKind.ERASURE:
        raise Http404
    form = ErasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data, actor = form.cleaned_data, signed_in_user(request)
        try:
            if data["decision"] == "refuse":
                erasure_refuse(
                    request=handled, actor=actor, ground=RefusalGround(data["ground"]), words=data["words"]
                )
                messages.success(
                    request, gettext("Erasure refused: download the letter to send to the person")
                )
            else:
                erasure_request_carry_out(request=handled, actor=actor, words=data["words"])
                messages.success(request, gettext("Erasure carried out"))
        except DataRequestRefused as refused:
            form.add_error(refused.field if refused.field in form.fields else None, str(refused))
        except CaseOnHold as held:
            form.add_error(
                "decision",
                gettext("Case %(reference)s is on a legal hold: lift the hold first, or refuse the erasure")
                % {"reference": held},
            )
        else:
            return redirect("datarequests:detail", pk=pk)
    return render(request, "datarequests/erasure.html", {"data_request": handled, "form": form})


@staff_required
@require_GET
def request_refusal_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The refusal letter to the person, as a PDF to post or email."""
    handled = _handled(request, pk)
    if handled.state != RequestState.REFUSED:
        raise Http404
    response = HttpResponse(refusal_letter_pdf(handled), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{handled.reference}-refusal.pdf"'
    return response
