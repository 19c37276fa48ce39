"""A partnership in Wales: the demo partnership, offering English and Welsh."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from community_trigger.agencies.models import Partnership


@pytest.fixture
def bilingual() -> Partnership:
    # Imported here, not above: a conftest is read before the test settings are made (tests/conftest.py
    # makes background tasks run at once), and the builders' imports would fix the tasks' backend first.
    from applications.builders import partnership

    tvp = partnership()
    tvp.languages = ["en", "cy"]
    tvp.save(update_fields=["languages"])
    return tvp
