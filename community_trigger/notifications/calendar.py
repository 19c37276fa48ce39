"""A review meeting as a calendar invitation (.ics, RFC 5545), built from plain values alone, so that a
message reads the same whenever the worker sends it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from icalendar import Calendar, Event, vCalAddress, vText

REQUEST = "REQUEST"
CANCEL = "CANCEL"
PRODUCT = "-//Community Trigger//Case review meetings//EN"


def _address(email: str, name: str = "") -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    return address


def invitation_ics(
    *,
    uid: str,
    sequence: int,
    method: str,
    summary: str,
    starts_at: datetime,
    ends_at: datetime,
    location: str,
    url: str,
    organizer_name: str,
    organizer_email: str,
    attendees: Iterable[tuple[str, str]],
    stamp: datetime,
) -> bytes:
    """One meeting, as a calendar invitation (`method` REQUEST) or its cancellation (CANCEL).

    `uid` names the meeting for good and `sequence` counts its versions, so a calendar replaces the
    meeting it holds with a later version rather than adding a second. Times are written in UTC, so the
    clocks changing between arranging a meeting and holding it cannot move it. `attendees` are (email,
    name) pairs."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", starts_at.astimezone(UTC))
    event.add("dtend", ends_at.astimezone(UTC))
    event.add("summary", summary)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    if organizer_email:
        event["organizer"] = _address(organizer_email, organizer_name)
    for email, name in attendees:
        attendee = _address(email, name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
    ics: bytes = calendar.to_ical()
    return ics
