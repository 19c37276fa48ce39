"""Status codes: a short secret the applicant keeps with their reference to reach their status page
without an emailed link, and the postcode check asked before they withdraw or escalate."""

from __future__ import annotations

import secrets

from community_trigger.agencies.models import Partnership
from community_trigger.cases.models import Application, PersonRole, StatusCode
from community_trigger.common.keyed import keyed_hash

# No 0/O, 1/I/L: read from a letter and typed on a phone without doubt.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_LENGTH = 8


def _normal(text: str) -> str:
    return "".join(text.split()).replace("-", "").upper()


def _hashed(reference: str, code: str) -> str:
    # Keyed with the site's secret (a code is short enough to try them all against a plain hash), and
    # with the reference, so the same code for two requests keeps two different hashes.
    return keyed_hash(f"{_normal(reference)}:{_normal(code)}", purpose="status-code")


def status_code_issue(application: Application) -> str:
    """A new status code for `application`, written as ABCD-EFGH; only its hash is kept."""
    code = "".join(secrets.choice(_ALPHABET) for _ in range(_LENGTH))
    StatusCode.objects.create(application=application, code_hash=_hashed(application.reference, code))
    return f"{code[:4]}-{code[4:]}"


def application_for_status_code(*, partnership: Partnership, reference: str, code: str) -> Application | None:
    """The application of `partnership` with `reference` whose code `code` is, or None."""
    found = StatusCode.objects.filter(
        code_hash=_hashed(reference, code), application__partnership=partnership
    ).select_related("application__partnership")
    status_code = found.first()
    if status_code is None or _normal(status_code.application.reference) != _normal(reference):
        return None
    return status_code.application


def postcode_matches(application: Application, postcode: str) -> bool:
    """Whether `postcode` is the applicant's own, spaces and case aside. No postcode kept: never."""
    kept = application.people.filter(role=PersonRole.APPLICANT).values_list("postcode", flat=True).first()
    return bool(kept) and bool(postcode) and _normal(kept or "") == _normal(postcode)
