"""POST /api/v1/incidents/: an agency's system adds its incident records with its token, and can do
nothing else (no GET: the path answers 405; the token opens no other route). The records are checked
as an upload's rows are, and added all together or not at all."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited  # type: ignore[import-untyped]
from ninja import Router, Schema, Status
from ninja.security import HttpBearer

from community_trigger.incidents.checks import FIELDS
from community_trigger.incidents.models import ApiToken
from community_trigger.incidents.selectors import api_token_for
from community_trigger.incidents.services import API_MAX_RECORDS, IncidentsRefused, IntakeOff, records_add


class AgencyToken(HttpBearer):
    """Authorization: Bearer <token>, a live (not revoked) token a coordinator made for one agency."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return api_token_for(token)


class IncidentsAddedOut(Schema):
    added: int
    already_held: int


class ProblemOut(Schema):
    record: int
    field: str
    message: str


class MessageOut(Schema):
    field: str
    message: str


class IncidentsRefusedOut(Schema):
    error: MessageOut
    problems: list[ProblemOut]


router = Router(tags=["incidents"])


def _token_key(group: str, request: HttpRequest) -> str:
    return f"token-{request.auth.pk}"  # type: ignore[attr-defined]


@router.post(
    "/",
    auth=AgencyToken(),
    response={
        201: IncidentsAddedOut,
        400: IncidentsRefusedOut,
        403: IncidentsRefusedOut,
        429: IncidentsRefusedOut,
    },
    summary="Add an agency's incident records",
    description=(
        "Send a JSON list of incident records with the agency's token (`Authorization: Bearer ...`). "
        f"Each record has the fields {', '.join(f'`{name}`' for name in FIELDS)}; `reference`, `occurred_at` "
        "(`2024-03-31` or `2024-03-31T14:30`), `category` (personal, nuisance or environmental) and "
        "`description` are required, with a location (address, postcode or both coordinates). Every record "
        "is checked: if any is wrong, 400 lists each problem by record (counted from 1) and field, and "
        "nothing is added. A record whose reference the agency sent before is left as it is and counted "
        f"as held already. At most {API_MAX_RECORDS:,} records a call. 403 while the partnership's intake "
        "is off; 429 when the token sends too often."
    ),
)
def add_incidents(request: HttpRequest) -> Status[dict[str, Any]]:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    if is_ratelimited(
        request,
        group="incidents-api",
        key=_token_key,
        rate=settings.RATE_LIMIT_INCIDENTS_API,
        method="POST",
        increment=True,
    ):
        return _refused(429, "Too many calls with this token: wait and send again")
    try:
        records = json.loads(request.body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _refused(400, "The body is not JSON: send a JSON list of incident records")
    try:
        report = records_add(token=token, records=records)
    except IntakeOff as off:
        return _refused(403, str(off))
    except IncidentsRefused as refused:
        problems = refused.report.problems
        return Status(
            400,
            {
                "error": {
                    "field": "",
                    "message": f"{len(problems)} problem(s): nothing was added",
                },
                "problems": [
                    {"record": problem.row, "field": problem.column, "message": str(problem.message)}
                    for problem in problems
                ],
            },
        )
    return Status(201, {"added": report.added, "already_held": report.already_held})


def _refused(status: int, message: str) -> Status[dict[str, Any]]:
    return Status(status, {"error": {"field": "", "message": message}, "problems": []})
