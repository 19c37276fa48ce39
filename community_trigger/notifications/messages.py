"""The messages the service sends, one typed structure each: the plain values its words need, how it
reads, and nothing else. The outbox keeps them as rows; the worker renders and sends them."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

import msgspec
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community_trigger.common.dates import long_date
from community_trigger.notifications.calendar import CANCEL, REQUEST, invitation_ics

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


# Before the link to a PDF sent through GOV.UK Notify's file sending (notifications.notify), which asks
# for the recipient's email address before it downloads the file.
FILE_LINK = _("Your letter as a PDF, to download. You will be asked for your email address first:")


class Sender(msgspec.Struct, frozen=True, kw_only=True):
    """The partnership a message to an applicant comes from, as it signs off: signed by the case's
    owner (`signed_by`, their `job_title`) with their direct line and email when it has one."""

    name: str
    phone: str = ""
    email: str = ""
    signed_by: str = ""
    job_title: str = ""


class Content(msgspec.Struct, frozen=True, kw_only=True, tag_field="kind"):
    """What one message says. Each kind has a plain-text template of the same name; values are plain
    (text, numbers, dates), never models, so a message reads the same whenever the worker sends it."""

    template: ClassVar[str] = ""
    # The language it is written in: the applicant's for a message to them, English for staff. Kept
    # with the values, so the worker writes it in that language whatever language it runs in.
    language: str = "en"

    def email(self, *, to: str, letter: Any = None) -> EmailMessage:
        """The email to send to `to`: this message's subject and its template's words. `letter` is the
        letter the outbox row points at, which only a letter's email reads."""
        with translation.override(self.language):
            return EmailMessage(
                self.subject(),
                self.body(),
                settings.DEFAULT_FROM_EMAIL,
                [to],
                headers=_language(self.language),
            )

    def subject(self) -> str:
        # Each kind says its own subject; only the letter's email, whose words are the letter's, has none.
        raise NotImplementedError(f"{type(self).__name__} has no subject of its own")

    def body(self) -> str:
        return self._render(f"notifications/{self.template}")

    def text(self) -> str:
        """The message as a text: short, plain and neutral, from `notifications/text/<template>`. A
        phone may be seen by anyone nearby, so it names the partnership and the reference, not why."""
        return self._render(f"notifications/text/{self.template}").strip()

    def _render(self, template: str, **more: Any) -> str:
        values: dict[str, Any] = {name: getattr(self, name) for name in self.__struct_fields__}
        # "Today" is the day it is sent: a message retried tomorrow promises nothing already past. In
        # its own language, for a text as for an email, whatever language the worker runs in.
        with translation.override(self.language):
            return render_to_string(template, {**values, "today": timezone.localdate(), **more})


def calendars_attached() -> bool:
    """Whether the email backend sends a calendar file with an invitation (SMTP does; GOV.UK Notify
    cannot, and its backend says so)."""
    return getattr(import_string(settings.EMAIL_BACKEND), "attaches_calendars", True) is not False


def _language(code: str) -> dict[str, str]:
    # Says which language the email is written in (RFC 3282), to the mail program and to a backend that
    # adds words of its own (the link to a PDF, through GOV.UK Notify).
    return {"Content-Language": code}


class ApplicationReceived(Content, frozen=True, kw_only=True, tag="application_received"):
    """Confirms a request was received, with its reference, what happens next and the status link."""

    template = "application_received.txt"
    reference: str
    partnership: Sender
    acknowledge_by: date
    status_url: str = ""

    def subject(self) -> str:
        # Seen in an inbox list by whoever shares it: the partnership and reference only, never why.
        return gettext("Your request to %(partnership)s: %(reference)s") % {
            "partnership": self.partnership.name,
            "reference": self.reference,
        }


class ResumeLinkEmail(Content, frozen=True, kw_only=True, tag="resume_link"):
    """The signed link to carry on with a saved request."""

    template = "resume_link.txt"
    partnership_name: str
    link: str
    expires: date

    def subject(self) -> str:
        return gettext("Your saved request to %(partnership)s") % {"partnership": self.partnership_name}


class SaveCodeText(Content, frozen=True, kw_only=True, tag="save_code"):
    """A text message with the code that reopens saved answers. Its words say nothing of what the
    answers are about: the phone may be seen by the person causing the harm."""

    template = "save_code.txt"
    partnership_name: str
    code: str
    expires: date

    def subject(self) -> str:
        return gettext("Your code")


class InformationRequested(Content, frozen=True, kw_only=True, tag="information_requested"):
    """Tells an agency officer their agency has been asked about a case, and by when, with the link to
    the case page. No personal data travels by email: the officer signs in to see the case."""

    template = "information_requested.txt"
    reference: str
    partnership_name: str
    agency_name: str
    due_by: date
    link: str = ""  # the case page; empty only where the site's address is not set

    def subject(self) -> str:
        return gettext("Information requested for case review %(reference)s") % {"reference": self.reference}


class InformationDueDateChanged(Content, frozen=True, kw_only=True, tag="information_due_date_changed"):
    """Tells an agency officer (or the contact address of an agency with none) the date their agency's
    answer is due by has changed."""

    template = "information_due_date_changed.txt"
    reference: str
    partnership_name: str
    agency_name: str
    due_by: date
    was_due_by: date
    # Sent to an agency's contact address, which answers through its secure link, not by signing in.
    by_link: bool = False

    def subject(self) -> str:
        return gettext("New due date for information on case review %(reference)s") % {
            "reference": self.reference
        }


class InformationRequestedByLink(Content, frozen=True, kw_only=True, tag="information_requested_by_link"):
    """Asks an agency with nobody who may answer in the service, at its contact address, for what it
    knows, with the secure link that answers this one request. Like every email to an agency it holds
    no personal data: the case is shown once the code sent to the same address is entered."""

    template = "information_requested_by_link.txt"
    reference: str
    partnership_name: str
    agency_name: str
    due_by: date
    link: str
    expires: date

    def subject(self) -> str:
        return gettext("Information requested for case review %(reference)s") % {"reference": self.reference}


class AnswerLinkCode(Content, frozen=True, kw_only=True, tag="answer_link_code"):
    """The 6-digit code that opens a secure answer link, sent to the address the link was sent to."""

    template = "answer_link_code.txt"
    reference: str
    partnership_name: str
    agency_name: str
    code: str

    def subject(self) -> str:
        return gettext("Your code for case review %(reference)s") % {"reference": self.reference}


class InformationOverdue(Content, frozen=True, kw_only=True, tag="information_overdue"):
    """Chases an agency whose answer is late (its officers, or its contact address), or tells its lead
    contact (`to_lead`) once it is long overdue. No personal data, as above; `link` is the case page
    for an officer, empty for an address without an account."""

    template = "information_overdue.txt"
    reference: str
    partnership_name: str
    agency_name: str
    due_by: date
    days_late: int
    link: str = ""
    to_lead: bool = False

    def subject(self) -> str:
        return gettext("Overdue: information for case review %(reference)s") % {"reference": self.reference}


class DeadlineApproaching(Content, frozen=True, kw_only=True, tag="deadline_approaching"):
    """Reminds a member of staff that something on a case falls due in a few working days. Like every
    email to staff it holds no personal data: the reference, what is due, when, and the link."""

    template = "deadline_approaching.txt"
    reference: str
    what: str
    due_on: date
    link: str

    def subject(self) -> str:
        return gettext("Reminder: %(what)s for case review %(reference)s by %(due_on)s") % {
            "what": self.what,
            "reference": self.reference,
            "due_on": long_date(self.due_on),
        }


class DeadlineToday(Content, frozen=True, kw_only=True, tag="deadline_today"):
    """Tells a member of staff that something on a case is due today; no personal data, as above."""

    template = "deadline_today.txt"
    reference: str
    what: str
    due_on: date
    link: str

    def subject(self) -> str:
        return gettext("Due today: %(what)s for case review %(reference)s") % {
            "what": self.what,
            "reference": self.reference,
        }


class CaseOwnerChanged(Content, frozen=True, kw_only=True, tag="case_owner_changed"):
    """Tells a coordinator that a case has been given to them. Like every email to staff it holds no
    personal data (not even the reason, which a person wrote): the reference and the link."""

    template = "case_owner_changed.txt"
    reference: str
    partnership_name: str
    given_by: str
    link: str

    def subject(self) -> str:
        return gettext("Case review %(reference)s is now yours") % {"reference": self.reference}


class AccessAlertRaised(Content, frozen=True, kw_only=True, tag="access_alert_raised"):
    """Tells a data protection officer that an unusual access alert was raised. It names no one (who
    looked, and at what, is read signed in): the partnership, the day, the kind of alert, the link."""

    template = "access_alert_raised.txt"
    partnership_name: str
    day: date
    why: str
    link: str

    def subject(self) -> str:
        return gettext("Unusual access alert: %(partnership)s") % {"partnership": self.partnership_name}


class LetterEmail(Content, frozen=True, kw_only=True, tag="letter"):
    """A letter to the applicant: its words are the email and its PDF is attached. Both are the letter's
    own, kept once on the letter; the outbox row points at it rather than copying them."""

    def email(self, *, to: str, letter: Any = None) -> EmailMessage:
        if letter is None:
            raise ValueError("a letter's email needs the letter it sends")
        language = letter.application.language
        email = EmailMessage(
            letter.subject, letter.body_text, settings.DEFAULT_FROM_EMAIL, [to], headers=_language(language)
        )
        email.attach(letter.filename, bytes(letter.pdf), "application/pdf")
        return email


class Attendee(msgspec.Struct, frozen=True, kw_only=True):
    """Someone invited to a meeting, as the calendar names them."""

    email: str
    name: str = ""


class MeetingInvitation(Content, frozen=True, kw_only=True, tag="meeting_invitation"):
    """Invites one member of staff (or an agency's contact) to a case review meeting, with the meeting
    as a calendar attachment, or tells them it no longer involves them (`method` CANCEL). It names the
    case by its reference only: nothing about the applicant travels by email."""

    template = "meeting_invitation.txt"
    reference: str
    partnership_name: str
    organizer_email: str = ""
    uid: str
    sequence: int
    method: str = REQUEST
    starts_at: datetime
    ends_at: datetime
    place: str = ""
    online_link: str = ""
    attendees: list[Attendee] = msgspec.field(default_factory=list)

    def subject(self) -> str:
        if self.method == CANCEL:
            return gettext("Cancelled: case review meeting %(reference)s") % {"reference": self.reference}
        if self.sequence:
            return gettext("Changed: case review meeting %(reference)s") % {"reference": self.reference}
        return gettext("Invitation: case review meeting %(reference)s") % {"reference": self.reference}

    def calendar(self) -> bytes:
        """The meeting as a calendar file: this version of it, or its cancellation."""
        with translation.override(self.language):
            summary = gettext("Case review meeting %(reference)s") % {"reference": self.reference}
        return invitation_ics(
            uid=self.uid,
            sequence=self.sequence,
            method=self.method,
            summary=summary,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            location=self.place or self.online_link,
            url=self.online_link,
            organizer_name=self.partnership_name,
            organizer_email=self.organizer_email,
            attendees=[(attendee.email, attendee.name) for attendee in self.attendees],
            stamp=timezone.now(),
        )

    def body(self) -> str:
        return self._render(f"notifications/{self.template}", calendar_attached=calendars_attached())

    def email(self, *, to: str, letter: Any = None) -> EmailMessage:
        email = super().email(to=to, letter=letter)
        # The method in the content type is what makes a mail program offer it as an invitation.
        email.attach("invite.ics", self.calendar(), f"text/calendar; method={self.method}; charset=utf-8")
        return email


class _PlanNews(Content, frozen=True, kw_only=True):
    """News of one action in the plan the applicant was sent: who it is for and what it is."""

    reference: str
    partnership: Sender
    agency_name: str
    action: str

    def subject(self) -> str:
        return gettext("News about your request to %(partnership)s: %(reference)s") % {
            "partnership": self.partnership.name,
            "reference": self.reference,
        }


class PlanDateChanged(_PlanNews, frozen=True, kw_only=True, tag="plan_date_changed"):
    """Tells the applicant that an action in the plan they were sent is now due on another day."""

    template = "plan_date_changed.txt"
    due_by: date
    was_due_by: date


class ActionDone(_PlanNews, frozen=True, kw_only=True, tag="action_done"):
    """Tells the applicant that one action of their plan has been done, as the outcome letter promised."""

    template = "action_done.txt"
    remaining: int


AnyContent = (
    ApplicationReceived
    | ResumeLinkEmail
    | SaveCodeText
    | InformationRequested
    | InformationDueDateChanged
    | InformationRequestedByLink
    | AnswerLinkCode
    | InformationOverdue
    | DeadlineApproaching
    | DeadlineToday
    | CaseOwnerChanged
    | AccessAlertRaised
    | LetterEmail
    | MeetingInvitation
    | PlanDateChanged
    | ActionDone
)

# The kinds in words, for the case page and "Due and overdue".
LABELS: dict[str, StrOrPromise] = {
    "application_received": _("The confirmation to the applicant"),
    "resume_link": _("The link to carry on a saved request"),
    "save_code": _("The text message with a code to carry on a saved request"),
    "information_requested": _("The email telling an agency it was asked for information"),
    "information_due_date_changed": _("The email telling an agency of a new due date"),
    "information_requested_by_link": _("The email asking an agency for information through a secure link"),
    "answer_link_code": _("The email with a code to open a secure answer link"),
    "information_overdue": _("The email chasing an agency's late answer"),
    "deadline_approaching": _("A reminder email"),
    "deadline_today": _("A reminder email"),
    "case_owner_changed": _("The email telling a coordinator a case is now theirs"),
    "access_alert_raised": _("The email telling the data protection officer of an unusual access alert"),
    "letter": _("A letter to the applicant"),
    "meeting_invitation": _("An invitation to the review meeting"),
    "plan_date_changed": _("The message telling the applicant an action's date changed"),
    "action_done": _("The message telling the applicant an action is done"),
}


def to_values(content: Content) -> dict[str, Any]:
    """The message as the outbox row keeps it: JSON-ready, with its kind."""
    values = msgspec.to_builtins(content)
    assert isinstance(values, dict)
    return values


def from_values(values: dict[str, Any]) -> AnyContent:
    """The message again, from the outbox row."""
    content: AnyContent = msgspec.convert(values, type=AnyContent)
    return content
