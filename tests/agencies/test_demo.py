"""The demo partnership that `make run` loads: complete, and safe to load again."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from community_trigger.agencies.models import Agency, Partnership
from community_trigger.agencies.services import demo_partnership_load

pytestmark = pytest.mark.django_db


def test_the_demo_partnership_has_one_agency_of_each_kind() -> None:
    partnership = demo_partnership_load()

    assert partnership.name == "Test Valley Partnership"
    assert partnership.policy == "test-valley"
    kinds = sorted(partnership.agencies.values_list("kind", flat=True))
    assert kinds == ["council", "health", "housing", "police"]
    assert all(agency.complaints_url.startswith("https://") for agency in partnership.agencies.all())


def test_loading_the_demo_twice_changes_nothing() -> None:
    call_command("load_demo")
    first = list(Agency.objects.values_list("pk", "name", "kind"))

    call_command("load_demo")

    assert Partnership.objects.count() == 1
    assert list(Agency.objects.values_list("pk", "name", "kind")) == first


def test_loading_the_demo_repairs_a_changed_demo_agency() -> None:
    partnership = demo_partnership_load()
    partnership.agencies.filter(kind="police").update(complaints_url="")

    demo_partnership_load()

    assert partnership.agencies.get(kind="police").complaints_url


def test_a_partnership_can_only_use_a_policy_the_product_knows() -> None:
    partnership = Partnership(name="Elsewhere", slug="elsewhere", reference_prefix="ELS", policy="nope")

    with pytest.raises(ValidationError) as raised:
        partnership.full_clean()

    assert "policy" in raised.value.message_dict
    assert "statutory-default" in raised.value.message_dict["policy"][0]


@pytest.mark.parametrize("slug", ["staff", "admin", "api"])
def test_a_partnership_cannot_take_an_address_the_service_uses(slug: str) -> None:
    partnership = Partnership(name="Clash", slug=slug, reference_prefix="CLA", policy="test-valley")

    with pytest.raises(ValidationError) as raised:
        partnership.full_clean()

    assert "slug" in raised.value.message_dict


def test_a_partnership_counts_its_figures_in_financial_years_unless_set_to_calendar_years() -> None:
    partnership = demo_partnership_load()

    assert partnership.reporting_basis == "financial"
    partnership.year_basis = "calendar"
    partnership.full_clean()
    partnership.year_basis = "lunar"
    with pytest.raises(ValidationError) as raised:
        partnership.full_clean()
    assert "year_basis" in raised.value.message_dict
