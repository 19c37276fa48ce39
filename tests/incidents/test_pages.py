"""The coordinator's incident pages: upload, match the columns (the agency's last choice proposed
next time), read a bad file's report (GOV.UK error summary and a table by row and column), turn
intake on only with the information sharing agreement, make and revoke an agency's token."""

from __future__ import annotations

from pathlib import Path

import pytest
from accounts.people import verified
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import Settings

from community_trigger.incidents.models import ApiToken, ColumnMapping, EarlyWarningSettings, IncidentRecord
from incidents.records import MAPPING, agency, coordinator, csv_bytes, intake_on, row, xlsx_of

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2024-06-01 12:00:00+01:00", tick=False)]
LIST = "/staff/incidents/"
UPLOAD = "/staff/incidents/upload/"
COLUMNS = "/staff/incidents/upload/columns/"
INTAKE = "/staff/incidents/test-valley/intake/"
TOKENS = "/staff/incidents/test-valley/tokens/"


@pytest.fixture(autouse=True)
def _pending(settings: Settings, tmp_path: Path) -> None:
    settings.IMPORTS_PENDING_ROOT = str(tmp_path)


@pytest.fixture
def cora(client: Client) -> Client:
    return verified(client, coordinator())


def _upload(client: Client, name: str, content: bytes, kind: str = "police") -> None:
    response = client.post(UPLOAD, {"agency": agency(kind).pk, "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == COLUMNS


def test_a_good_file_mapped_column_by_column_is_added_and_the_mapping_kept_for_the_agency(
    cora: Client,
) -> None:
    intake_on()
    _upload(cora, "police.csv", csv_bytes([row("P-1"), row("P-2")]))

    response = cora.post(COLUMNS, MAPPING, follow=True)

    assert response.redirect_chain[-1][0] == LIST
    assert "2 incident records added from police.csv; 0 were held already" in response.content.decode()
    assert IncidentRecord.objects.count() == 2
    assert ColumnMapping.objects.get(agency=agency("police")).columns == MAPPING


def test_the_agencys_saved_mapping_is_proposed_at_its_next_upload(cora: Client) -> None:
    intake_on()
    _upload(cora, "police.csv", csv_bytes([row("P-1")]))
    cora.post(COLUMNS, MAPPING)

    _upload(cora, "police-june.csv", csv_bytes([row("P-2")]))
    form = cora.get(COLUMNS).context["form"]

    assert {name: form[name].value() for name in MAPPING} == MAPPING
    assert form["reporter_email"].value() in (None, "")


@pytest.mark.parametrize(("name", "build"), [("police.csv", csv_bytes), ("police.xlsx", xlsx_of)])
def test_a_bad_file_gets_an_error_summary_and_a_table_by_row_and_column_and_nothing_is_saved(
    cora: Client, name: str, build: object
) -> None:
    intake_on()
    _upload(cora, name, build([row("P-1"), row("P-2", **{"ASB type": "Noisy"}), row("P-3", Postcode="SP10")]))  # type: ignore[operator]

    response = cora.post(COLUMNS, MAPPING)

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Row 3, ASB type: “Noisy” is not an ASB category" in page
    assert "Row 4, Postcode: “SP10” is not a UK postcode (write it as SO51 8AB)" in page
    assert '<table class="govuk-table" id="report"' in page
    assert IncidentRecord.objects.count() == 0
    # The file is not kept: the coordinator corrects it and uploads it again.
    assert cora.get(COLUMNS).status_code == 302


def test_a_mapping_that_leaves_out_a_required_field_or_uses_a_column_twice_is_asked_again(
    cora: Client,
) -> None:
    intake_on()
    _upload(cora, "police.csv", csv_bytes([row("P-1")]))

    response = cora.post(COLUMNS, {**MAPPING, "category": "", "description": "Incident ref"})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "category" in errors
    assert "description" in errors
    assert IncidentRecord.objects.count() == 0


def test_the_upload_is_refused_with_a_clear_message_while_intake_is_off(cora: Client) -> None:
    response = cora.post(
        UPLOAD, {"agency": agency("police").pk, "file": SimpleUploadedFile("p.csv", csv_bytes([row()]))}
    )

    assert response.status_code == 200
    assert "does not take in incident records" in response.content.decode()


def test_intake_is_turned_on_only_with_the_agreements_reference_and_review_date(cora: Client) -> None:
    refused = cora.post(INTAKE, {"agreement_reference": "", "retention_months": "12"})

    assert refused.status_code == 200
    assert set(refused.context["form"].errors) == {"agreement_reference", "agreement_review_date"}
    assert not EarlyWarningSettings.objects.filter(intake_enabled=True).exists()

    cora.post(
        INTAKE,
        {
            "agreement_reference": "ISA-2024-01",
            "agreement_review_date-day": "1",
            "agreement_review_date-month": "4",
            "agreement_review_date-year": "2026",
            "retention_months": "18",
        },
    )

    settings = EarlyWarningSettings.objects.get()
    assert (settings.intake_enabled, settings.agreement_reference, settings.retention_months) == (
        True,
        "ISA-2024-01",
        18,
    )


def test_intake_turned_off_refuses_uploads_and_keeps_the_records(cora: Client) -> None:
    intake_on()
    _upload(cora, "police.csv", csv_bytes([row("P-1")]))
    cora.post(COLUMNS, MAPPING)

    cora.post(f"{INTAKE}off/")

    assert not EarlyWarningSettings.objects.get().intake_enabled
    assert IncidentRecord.objects.count() == 1
    assert "does not take in" in cora.get(LIST).content.decode()


def test_a_token_is_shown_once_and_revoked_from_the_page(cora: Client) -> None:
    made = cora.post(TOKENS, {"agency": agency("police").pk, "name": "Police records system"})
    secret = made.context["made"][1]
    assert secret in made.content.decode()

    again = cora.get(TOKENS).content.decode()
    assert secret not in again
    assert ApiToken.objects.get().prefix in again

    cora.post(f"{TOKENS}{ApiToken.objects.get().pk}/revoke/")

    assert ApiToken.objects.get().revoked_at is not None


def test_the_list_filters_by_agency_category_reference_and_dates(cora: Client) -> None:
    intake_on()
    _upload(
        cora, "police.csv", csv_bytes([row("P-1"), row("P-2", Date="2024-04-01", **{"ASB type": "personal"})])
    )
    cora.post(COLUMNS, MAPPING)

    def shown(query: str) -> set[str]:
        return {record.reference for record in cora.get(f"{LIST}?{query}").context["page"].object_list}

    assert shown("") == {"P-1", "P-2"}
    assert shown("category=personal") == {"P-2"}
    assert shown("reference=p-1") == {"P-1"}
    assert shown(f"agency={agency('council').pk}") == set()
    assert shown("since-day=15&since-month=4&since-year=2024") == {"P-1"}
    assert shown("until-day=1&until-month=4&until-year=2024") == {"P-2"}
