"""Who may do what: roles as data, and the capability questions code asks instead of naming roles.

A member of staff belongs to an agency of one partnership, with one role there. Views never test for a
role; they ask whether the user's roles grant a capability (STYLE: "roles are data").
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Role(StrEnum):
    COORDINATOR = "coordinator"  # the partnership's single point of contact for case reviews
    AGENCY_OFFICER = "agency_officer"
    PANEL_CHAIR = "panel_chair"
    AUDITOR = "auditor"  # read-only; sees the audit log
    # The controller's data protection officer: reads the audit log and who looked at what, is alerted to
    # unusual access; sees no case's contents (UK GDPR Articles 37 to 39).
    DATA_PROTECTION_OFFICER = "data_protection_officer"
    DPO = DATA_PROTECTION_OFFICER


class Capability(StrEnum):
    SEE_ALL_PARTNERSHIP_CASES = "see_all_partnership_cases"
    SEE_REQUESTED_CASES = "see_requested_cases"  # only cases the user's agency was asked about
    MANAGE_CASES = "manage_cases"  # acknowledge, decide, request information, record applications
    SEE_SENSITIVE_INFORMATION = "see_sensitive_information"
    ANSWER_INFORMATION_REQUESTS = "answer_information_requests"
    CHAIR_REVIEWS = "chair_reviews"
    SEE_AUDIT_LOG = "see_audit_log"
    SEE_CORRESPONDENCE = "see_correspondence"  # the letters the applicant was sent
    DECIDE_ESCALATIONS = "decide_escalations"  # only on cases whose panel they took no part in
    PUBLISH_STATISTICS = "publish_statistics"  # the yearly figures s104 asks the partnership to publish
    # Data protection (UK GDPR Articles 5(1)(e), 12 to 17 and 30).
    MANAGE_RETENTION = "manage_retention"  # see what is about to be anonymised; hold a case from it
    HANDLE_DATA_REQUESTS = "handle_data_requests"  # subject access, rectification and erasure requests
    SEE_ACCESS_REPORTS = "see_access_reports"  # who looked at a case or a person; unusual access alerts
    MANAGE_STAFF = "manage_staff"  # deactivate a leaving member of staff, handing their cases on


ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.COORDINATOR: frozenset(
        {
            Capability.SEE_ALL_PARTNERSHIP_CASES,
            Capability.MANAGE_CASES,
            Capability.SEE_SENSITIVE_INFORMATION,
            Capability.SEE_CORRESPONDENCE,
            Capability.PUBLISH_STATISTICS,
            Capability.MANAGE_RETENTION,
            Capability.HANDLE_DATA_REQUESTS,
            Capability.MANAGE_STAFF,
        }
    ),
    Role.AGENCY_OFFICER: frozenset({Capability.SEE_REQUESTED_CASES, Capability.ANSWER_INFORMATION_REQUESTS}),
    Role.PANEL_CHAIR: frozenset(
        {
            Capability.SEE_ALL_PARTNERSHIP_CASES,
            Capability.SEE_SENSITIVE_INFORMATION,
            Capability.CHAIR_REVIEWS,
            Capability.SEE_CORRESPONDENCE,
            Capability.DECIDE_ESCALATIONS,
        }
    ),
    Role.AUDITOR: frozenset(
        {Capability.SEE_ALL_PARTNERSHIP_CASES, Capability.SEE_AUDIT_LOG, Capability.SEE_CORRESPONDENCE}
    ),
    Role.DATA_PROTECTION_OFFICER: frozenset(
        {Capability.SEE_AUDIT_LOG, Capability.SEE_ACCESS_REPORTS, Capability.MANAGE_RETENTION}
    ),
}


def capabilities(roles: Iterable[Role]) -> frozenset[Capability]:
    """Everything a set of roles grants together."""
    granted: frozenset[Capability] = frozenset()
    for role in roles:
        granted |= ROLE_CAPABILITIES[role]
    return granted


def roles_with(capability: Capability) -> frozenset[Role]:
    """The roles that grant `capability`: who to find when something must reach whoever may do it."""
    return frozenset(role for role, granted in ROLE_CAPABILITIES.items() if capability in granted)
