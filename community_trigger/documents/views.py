"""The documents' pages: adding a document to a case or a part of it, and downloading one."""

from __future__ import annotations

import logging
from typing import cast

from django import forms
from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from community_trigger.accounts.decorators import staff_required
from community_trigger.cases.sections import Section, case_section_url
from community_trigger.common.forms import GovukForm
from community_trigger.diary.models import Visibility
from community_trigger.documents.files import too_large_message
from community_trigger.documents.models import DocumentKind
from community_trigger.documents.selectors import Part, document_download_for, upload_target_for
from community_trigger.documents.services import Details, DocumentRefused, document_add
from community_trigger.documents.uploads import SizeLimit, too_large

logger = logging.getLogger(__name__)


class DocumentForm(GovukForm):
    """A file, what it is, and who may see it. The file's name, size, type and scan are the service's
    to check: a form sees only what the browser said."""

    file = forms.FileField(
        label=gettext_lazy("Upload a file"),
        error_messages={
            "required": gettext_lazy("Select a file"),
            "empty": gettext_lazy("The selected file is empty"),
            "invalid": gettext_lazy("Select a file"),
        },
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("What is it?"),
        choices=DocumentKind.choices,
        error_messages={"required": gettext_lazy("Select what the document is")},
    )
    description = forms.CharField(
        label=gettext_lazy("Description (optional)"),
        required=False,
        max_length=300,
        error_messages={"max_length": gettext_lazy("The description must be 300 characters or fewer")},
    )
    visibility = forms.ChoiceField(
        label=gettext_lazy("Who may see it?"),
        choices=Visibility.choices,
        initial=Visibility.COORDINATORS,
        error_messages={"required": gettext_lazy("Select who may see the document")},
    )
    sensitive = forms.BooleanField(
        label=gettext_lazy("Mark it sensitive"),
        help_text=gettext_lazy(
            "Only the coordinators, the panel chair and the agency that gave it will see a sensitive "
            "document."
        ),
        required=False,
    )

    def __init__(self, *args: object, part: Part, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # A document of an answer, a meeting or a diary entry is seen by whoever sees that part.
        if part != Part.CASE:
            del self.fields["visibility"]


_HEADINGS = {
    Part.CASE: gettext_lazy("Add a document to the case"),
    Part.ANSWER: gettext_lazy("Add a document to an agency's answer"),
    Part.MEETING: gettext_lazy("Add minutes or a document to the meeting"),
    Part.ENTRY: gettext_lazy("Add a document to a diary entry"),
}


def _add(request: HttpRequest, reference: str, part: Part, part_id: int) -> HttpResponse:
    """Each upload page: the size limit is put in place before anything reads the request's body,
    and only then is its CSRF token checked (the views are exempt from the middleware's own check,
    which would read the body first)."""
    request.upload_handlers = [SizeLimit(request, settings.DOCUMENT_MAX_BYTES), *request.upload_handlers]
    return _add_checked(request, reference, part, part_id)


@csrf_protect
def _add_checked(request: HttpRequest, reference: str, part: Part, part_id: int) -> HttpResponse:
    target = upload_target_for(request.user, reference, part, part_id)
    posted = request.method == "POST"
    # A page that sends someone on here to attach a file may say what it is (?kind=email).
    initial = {"kind": request.GET["kind"]} if request.GET.get("kind") in DocumentKind.values else {}
    form = DocumentForm(
        request.POST if posted else None, request.FILES if posted else None, part=part, initial=initial
    )
    if posted and too_large(request):
        form.is_valid()
        form.errors["file"] = form.error_class([too_large_message(settings.DOCUMENT_MAX_BYTES)])
    elif posted and form.is_valid():
        data = form.cleaned_data
        try:
            document_add(
                target=target,
                upload=data["file"],
                details=Details(
                    kind=data["kind"],
                    description=data["description"],
                    visibility=data.get("visibility") or Visibility.COORDINATORS,
                    sensitive=data["sensitive"],
                ),
                actor=request.user,
            )
            return redirect(case_section_url(target.case, Section.DOCUMENTS))
        except DocumentRefused as refused:
            form.add_error("file", str(refused))
    return render(
        request,
        "documents/add.html",
        {
            "case": target.case,
            "target": target,
            "form": form,
            "heading": _HEADINGS[part],
            "max_mb": settings.DOCUMENT_MAX_BYTES // (1024 * 1024),
        },
    )


@csrf_exempt
@staff_required
@require_http_methods(["GET", "POST"])
def add_to_case(request: HttpRequest, reference: str) -> HttpResponse:
    return _add(request, reference, Part.CASE, 0)


@csrf_exempt
@staff_required
@require_http_methods(["GET", "POST"])
def add_to_answer(request: HttpRequest, reference: str, part_id: int) -> HttpResponse:
    return _add(request, reference, Part.ANSWER, part_id)


@csrf_exempt
@staff_required
@require_http_methods(["GET", "POST"])
def add_to_meeting(request: HttpRequest, reference: str, part_id: int) -> HttpResponse:
    return _add(request, reference, Part.MEETING, part_id)


@csrf_exempt
@staff_required
@require_http_methods(["GET", "POST"])
def add_to_entry(request: HttpRequest, reference: str, part_id: int) -> HttpResponse:
    return _add(request, reference, Part.ENTRY, part_id)


@staff_required
@require_GET
def download(request: HttpRequest, reference: str, document_id: int) -> HttpResponse:
    """The file, to save, never to open in the browser as a page: a file made to look like a web page
    must not run as one of ours."""
    document = document_download_for(request.user, reference, document_id)
    try:
        opened = document.file.open("rb")
    except FileNotFoundError as missing:
        # The row outlived its file (a store restored from an older backup, say): say so in the log,
        # where an administrator looks, and give the person the plain not-found page.
        logger.error("document %s of case %s has no file in storage", document.pk, reference)
        raise Http404 from missing
    response = FileResponse(
        opened,
        as_attachment=True,
        filename=document.name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    # A FileResponse streams; the staff decorator's type speaks of the plain response it extends.
    return cast(HttpResponse, response)
