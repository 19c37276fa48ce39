"""Version 1 of the API: POST /api/v1/assessments, stateless and open to anyone."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import NinjaAPI, Status

from community_trigger.api.schemas import SPEC_EXAMPLE, AssessmentIn, AssessmentOut, ErrorOut
from community_trigger.domain.errors import InvalidInput
from community_trigger.domain.policy import builtin_policies
from community_trigger.domain.threshold import assess_document


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


@api.post(
    "/assessments",
    tags=["assessments"],
    response={200: AssessmentOut, 400: ErrorOut},
    summary="Assess an application against the threshold",
    description=(
        "Send an application (spec/threshold.md section 5); get back whether the threshold is met, "
        "which route, each criterion with a plain-English detail, and why each report does or does "
        "not qualify. Nothing is stored; no login is needed. Bad input gets 400 with the field named."
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
        document = json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as error:
        return Status(400, {"error": {"field": "", "message": f"the body is not valid JSON: {error}"}})
    except RecursionError:
        return Status(400, {"error": {"field": "", "message": "the body is nested too deeply to read"}})
    try:
        output = assess_document(
            document,
            policies=builtin_policies(),
            default_policy=settings.COMMUNITY_TRIGGER_DEFAULT_POLICY,
        )
    except InvalidInput as error:
        return Status(400, {"error": error.as_dict()})
    return Status(200, output)
