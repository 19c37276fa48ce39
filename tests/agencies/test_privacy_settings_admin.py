"""What a partnership's privacy notice and accessibility statement say is kept up to date in the admin,
in a group of its own, and the public pages follow at once."""

from __future__ import annotations

import re

import pytest
from accounts.test_admin import _admin, _form
from applications.builders import partnership
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_privacy_settings_are_grouped_and_change_the_privacy_notice(client: Client) -> None:
    _admin(client)
    tvp = partnership()
    url = f"/admin/agencies/partnership/{tvp.pk}/change/"
    page = client.get(url).content.decode()
    assert "Privacy notice and accessibility statement" in page
    form = _form(
        client,
        url,
        data_controller=["Hampshire County Council"],
        phone_hours=["Weekdays, 8am to 6pm"],
    )

    response = client.post(url, form)

    assert response.status_code == 302, response.content.decode()
    notice = re.sub(r"\s+", " ", client.get("/test-valley/privacy/").content.decode())
    assert "Hampshire County Council is the data controller" in notice
    assert "Weekdays, 8am to 6pm" in client.get("/test-valley/accessibility/").content.decode()
