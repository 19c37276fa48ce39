"""Publishing a year: a dated snapshot that later corrections never change, shown as a new version when
published again; who may publish (the partnership's coordinator), and what is refused and why."""

from __future__ import annotations

from typing import Any

import pytest
from accounts.people import persona, staff, verified
from applications.builders import partnership
from django.test import Client
from reviews.builders import team

from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application
from community_trigger.common.models import AppendOnly
from community_trigger.domain.access import Role
from community_trigger.domain.reporting_years import ReportingYear, YearBasis
from community_trigger.domain.workflow import State
from community_trigger.reviews.models import Meeting
from community_trigger.statistics.models import PublishedFigures
from community_trigger.statistics.selectors import figures_fingerprint, year_statement
from community_trigger.statistics.services import PublishRefused, figures_publish

from .builders import Casebook, local

pytestmark = pytest.mark.django_db

YEAR = ReportingYear(YearBasis.FINANCIAL, 2023)
STAFF_PAGE = "/staff/statistics/test-valley/"
PUBLISH = "/staff/statistics/test-valley/2023-24/publish/"


@pytest.fixture
def book(time_machine: Any) -> Casebook:
    """2023/24 with a case waiting for a meeting held on 28 March 2024 but not yet written up, and a
    case waiting for its threshold decision; the clock then stops on 10 April 2024."""
    time_machine.move_to(local("2023-05-01 09:00"), tick=False)
    book = Casebook(clock=time_machine, people=team())
    reviewed = book.received("2023-06-01 10:00")
    book.to_review(reviewed, "2023-06-12 10:00")
    book.scheduled(reviewed, "2024-03-28 14:00")
    waiting = book.received("2023-07-03 10:00", incidents=1)
    book.acknowledged(waiting, "2023-07-04 10:00")
    book.at("2024-04-10 09:00")
    return book


def publish(client: Client) -> Any:
    statement = year_statement(partnership(), YEAR)
    assert statement is not None
    return client.post(PUBLISH, {"seen": figures_fingerprint(statement)})


def correct_last_year(book: Casebook) -> None:
    """The March meeting written up in April, and the waiting case decided: both change 2023/24."""
    meeting = Meeting.objects.get()
    book.held(meeting, "2024-04-12 10:00", recommendations=False)
    book.decided(
        Application.objects.get(state=State.ACKNOWLEDGED), "2024-04-15 10:00", State.THRESHOLD_NOT_MET
    )
    book.at("2024-04-20 09:00")


def test_the_coordinator_publishes_a_year_that_has_ended(client: Client, book: Casebook) -> None:
    verified(client, book.people.coordinator)

    response = publish(client)

    assert response.status_code == 302
    assert response["Location"] == STAFF_PAGE
    published = PublishedFigures.objects.get()
    assert (published.year, published.version, published.published_by) == (YEAR, 1, book.people.coordinator)
    assert published.published_at == local("2024-04-10 09:00")
    assert published.figures["received"] == 2
    assert published.figures["reviews_carried_out"] == 0
    assert published.sentence == (
        "2 community trigger requests were received in 2023/24. Of these one met the criteria and is pending "
        "review, and the other is awaiting a decision."
    )
    entry = AuditEntry.objects.get(subject="publishedfigures")
    assert (entry.action, entry.actor, entry.detail) == (
        AuditEntry.Action.CHANGE,
        book.people.coordinator,
        "published the figures for 2023/24, version 1",
    )
    page = client.get(STAFF_PAGE)
    assert "The figures for 2023/24 are published: version 1." in page.content.decode()


def test_a_published_snapshot_does_not_change_when_a_case_is_corrected(
    client: Client, book: Casebook
) -> None:
    first = figures_publish(partnership=partnership(), year=YEAR, actor=book.people.coordinator)
    frozen = (first.figures, first.cohort, first.sentence)

    correct_last_year(book)

    first.refresh_from_db()
    assert (first.figures, first.cohort, first.sentence) == frozen
    statement = year_statement(partnership(), YEAR)
    assert statement is not None
    assert statement.live.figures.reviews_carried_out == 1
    assert statement.figures.reviews_carried_out == 0  # what the public sees: version 1
    assert statement.changed_since_published
    # The public page still says what was published, and says it is version 1.
    public = client.get("/test-valley/statistics/").content.decode()
    assert "Version 1, published 10 April 2024" in public
    assert "the other is awaiting a decision." in public


def test_publishing_again_after_a_correction_adds_a_version_and_keeps_the_first(
    client: Client, book: Casebook
) -> None:
    figures_publish(partnership=partnership(), year=YEAR, actor=book.people.coordinator)
    correct_last_year(book)
    verified(client, book.people.coordinator)

    staff_page = client.get(STAFF_PAGE).content.decode()
    assert "Changed since published" in staff_page
    assert "Publish 2023/24 again" in staff_page
    response = publish(client)

    assert response.status_code == 302
    first, second = PublishedFigures.objects.order_by("version")
    assert (first.figures["reviews_carried_out"], second.figures["reviews_carried_out"]) == (0, 1)
    assert second.sentence.endswith(
        "Of these one met the criteria and was reviewed, and the other did not meet the criteria."
    )
    public = client.get("/test-valley/statistics/").content.decode()
    assert "Version 2, published 20 April 2024, replacing version 1 of 10 April 2024" in public
    assert "Earlier versions of 2023/24" in public
    assert first.sentence in public


def test_a_snapshot_can_be_neither_changed_nor_deleted(book: Casebook) -> None:
    published = figures_publish(partnership=partnership(), year=YEAR, actor=book.people.coordinator)
    published.figures["received"] = 99

    with pytest.raises(AppendOnly):
        published.save()
    with pytest.raises(AppendOnly):
        PublishedFigures.objects.update(sentence="")
    with pytest.raises(AppendOnly):
        published.delete()
    with pytest.raises(AppendOnly):
        PublishedFigures.objects.all().delete()


def test_a_year_still_in_progress_cannot_be_published(client: Client, book: Casebook) -> None:
    verified(client, book.people.coordinator)
    in_progress = "/staff/statistics/test-valley/2024-25/publish/"

    page = client.get(in_progress)
    posted = client.post(in_progress, {"seen": "anything"})

    for response in (page, posted):
        assert response.status_code == 200
        assert (
            "2024/25 has not ended yet: its figures can be published from 1 April 2025"
            in response.content.decode()
        )
        assert 'href="#figures"' in response.content.decode()
    assert "Publish 2024/25</button>" not in page.content.decode()
    assert not PublishedFigures.objects.exists()


def test_nothing_changed_since_the_last_version_is_not_published_again(
    client: Client, book: Casebook
) -> None:
    figures_publish(partnership=partnership(), year=YEAR, actor=book.people.coordinator)
    verified(client, book.people.coordinator)

    response = publish(client)

    assert response.status_code == 200
    assert (
        "Nothing has changed since version 1 of 2023/24 was published on 10 April 2024"
        in response.content.decode()
    )
    assert PublishedFigures.objects.count() == 1
    with pytest.raises(PublishRefused):
        figures_publish(partnership=partnership(), year=YEAR, actor=book.people.coordinator)


def test_figures_that_changed_while_the_page_was_open_are_not_published(
    client: Client, book: Casebook
) -> None:
    statement = year_statement(partnership(), YEAR)
    assert statement is not None
    seen = figures_fingerprint(statement)
    correct_last_year(book)
    verified(client, book.people.coordinator)

    response = client.post(PUBLISH, {"seen": seen})

    assert response.status_code == 200
    assert (
        "The figures for 2023/24 have changed since you opened this page: check them again"
        in response.content.decode()
    )
    assert not PublishedFigures.objects.exists()
    # The page now shows the corrected figures, and publishing them works.
    assert publish(client).status_code == 302


@pytest.mark.parametrize("year", ["2023-25", "2023", "nonsense", "2030-31", "2019-20"])
def test_a_year_that_is_malformed_or_outside_the_record_is_not_found(
    client: Client, book: Casebook, year: str
) -> None:
    verified(client, book.people.coordinator)

    assert client.get(f"/staff/statistics/test-valley/{year}/publish/").status_code == 404


@pytest.mark.parametrize(
    ("role", "kind"),
    [(Role.PANEL_CHAIR, "council"), (Role.AUDITOR, "council"), (Role.AGENCY_OFFICER, "police")],
)
def test_only_the_coordinator_publishes(client: Client, book: Casebook, role: Role, kind: str) -> None:
    verified(client, staff("not-a-coordinator", role=role, agency_kind=kind))

    assert client.get(STAFF_PAGE).status_code == 403
    assert publish(client).status_code == 403
    assert not PublishedFigures.objects.exists()


def test_another_partnerships_coordinator_cannot_publish_this_ones(client: Client, book: Casebook) -> None:
    user = persona("other partnership")
    assert user is not None
    verified(client, user)

    assert client.get(STAFF_PAGE).status_code == 404
    assert publish(client).status_code == 404
    assert not PublishedFigures.objects.exists()
    # Their own list has their own partnership only.
    listing = client.get("/staff/statistics/").content.decode()
    assert "Elsewhere Partnership" in listing
    assert "Test Valley Partnership" not in listing


def test_the_staff_page_sets_live_beside_published(client: Client, book: Casebook) -> None:
    figures_publish(partnership=partnership(), year=YEAR, actor=book.people.coordinator)
    correct_last_year(book)
    verified(client, book.people.coordinator)

    response = client.get(STAFF_PAGE)

    years = {statement.year: rows for statement, rows in response.context["years"]}
    rows = {label: (live, published) for label, live, published in years[YEAR]}
    assert rows["Reviews carried out"] == (1, 0)
    assert rows["Applications received"] == (2, 2)
    assert len(years) == 2  # 2023/24 and 2024/25
    assert "Version 1 published 10 April 2024 09:00 by Cora Staffer." in response.content.decode()
