"""Version 1 of the API, open to anyone: POST /api/v1/assessments (stateless), and each partnership's
published statistics at GET /api/v1/partnerships/<slug>/statistics[/<year>]."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Status

from community_trigger.agencies.models import Partnership
from community_trigger.api.incidents import router as incidents_router
from community_trigger.api.schemas import (
    SPEC_EXAMPLE,
    AssessmentIn,
    AssessmentOut,
    ErrorOut,
    PartnershipStatisticsOut,
    PartnershipYearStatisticsOut,
)
from community_trigger.domain.documents import MAX_DOCUMENT_BYTES, read_json, too_large
from community_trigger.domain.errors import DocumentTooLarge, InvalidInput
from community_trigger.domain.policy import builtin_policies
from community_trigger.domain.reporting_years import parse_year
from community_trigger.domain.threshold import assess_document
from community_trigger.statistics.exports import partnership_document, partnership_summary, year_document
from community_trigger.statistics.selectors import year_statement, year_statements


class CommunityTriggerAPI(NinjaAPI):
    """Adds the input schema (described by hand, validated by the engine) to the components."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        definitions = AssessmentIn.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(definitions.pop("$defs", {}))
        components["AssessmentIn"] = definitions
        return schema


api = CommunityTriggerAPI(
    title="Community Trigger API",
    version="1",
    description=(
        "Is the Community Trigger (ASB Case Review) threshold met? The same engine as the "
        "`community-trigger assess` command, with the same input and output."
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
# Agencies add their incident records with a per-agency token (api/incidents.py).
api.add_router("/incidents", incidents_router)


@api.post(
    "/assessments",
    tags=["assessments"],
    response={200: AssessmentOut, 400: ErrorOut, 413: ErrorOut},
    summary="Assess an application against the threshold",
    description=(
        "Send an application (spec/threshold.md section 5); get back whether the threshold is met, "
        "which route, each criterion with a plain-English detail, and why each report does or does "
        "not qualify. Nothing is stored; no login is needed. Bad input gets 400 with the field named; "
        f"a body over {MAX_DOCUMENT_BYTES:,} bytes gets 413."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"$ref": "#/components/schemas/AssessmentIn"},
                    "example": SPEC_EXAMPLE,
                }
            },
        }
    },
)
def create_assessment(request: HttpRequest) -> Status[dict[str, Any]]:
    try:
        # The command line reads its input with the same reader, so both refuse the same documents
        # with the same words.
        document = read_json(request.body, what="input")
        output = assess_document(
            document,
            policies=builtin_policies(),
            default_policy=settings.COMMUNITY_TRIGGER_DEFAULT_POLICY,
        )
    except DocumentTooLarge as error:
        return Status(413, {"error": error.as_dict()})
    except InvalidInput as error:
        return Status(400, {"error": error.as_dict()})
    return Status(200, output)


@api.exception_handler(RequestDataTooBig)
def body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    """Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE before the view reads it; without this
    the API would answer with a server error (DEBUG on) or Django's HTML 400 page (DEBUG off)."""
    return api.create_response(request, {"error": too_large("input").as_dict()}, status=413)


def _not_found(field: str, message: str) -> Status[dict[str, Any]]:
    return Status(404, {"error": {"field": field, "message": message}})


def _partnership(slug: str) -> Partnership | None:
    return Partnership.objects.filter(slug=slug).first()


@api.get(
    "/partnerships/{slug}/statistics",
    tags=["statistics"],
    response={200: PartnershipStatisticsOut, 404: ErrorOut},
    summary="Every year's published figures of a partnership",
    description=(
        "What s104 asks a partnership to publish at least every twelve months, for every year from its "
        "first application: applications received, threshold not met, reviews carried out, reviews that "
        "resulted in recommendations, and more. A year shows its latest published version, or, until "
        "it is published, its live figures as `provisional`. 404 for an unknown partnership."
    ),
)
def partnership_statistics(request: HttpRequest, slug: str) -> Status[dict[str, Any]]:
    partnership = _partnership(slug)
    if partnership is None:
        return _not_found("slug", f"There is no partnership {slug!r}")
    return Status(200, partnership_document(partnership, year_statements(partnership)))


@api.get(
    "/partnerships/{slug}/statistics/{year}",
    tags=["statistics"],
    response={200: PartnershipYearStatisticsOut, 404: ErrorOut},
    summary="One year's published figures of a partnership",
    description=(
        "`year` as `2023-24` for a partnership counting financial years (April to March), or `2023` for "
        "one counting calendar years. 404, naming the field, for an unknown partnership, a year written "
        "another way, or a year outside those on record."
    ),
)
def partnership_year_statistics(request: HttpRequest, slug: str, year: str) -> Status[dict[str, Any]]:
    partnership = _partnership(slug)
    if partnership is None:
        return _not_found("slug", f"There is no partnership {slug!r}")
    try:
        reporting_year = parse_year(year, partnership.reporting_basis)
    except InvalidInput as error:
        return Status(404, {"error": error.as_dict()})
    statement = year_statement(partnership, reporting_year)
    if statement is None:
        return _not_found(
            "year", f"There are no figures for {reporting_year.label}: it is outside the years on record"
        )
    return Status(200, year_document(statement) | {"partnership": partnership_summary(partnership)})
