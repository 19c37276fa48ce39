"""Writes for a request as it comes in and while the applicant may take it back: submit it with its
reference, assess it against the threshold, and withdraw it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from community_trigger.agencies.models import Partnership
from community_trigger.cases.answers import (
    Applicant,
    ApplicationAnswers,
    ByApplicant,
    ByMember,
    ByVictim,
    Reporter,
    Victim,
)
from community_trigger.cases.history import APPLICANT_LABEL, event_record, staff_label
from community_trigger.cases.models import (
    ApplicantRole,
    Application,
    Assessment,
    Channel,
    Consent,
    ConsentMethod,
    Happened,
    Incident,
    Person,
    PersonRole,
    ReferenceCounter,
    Report,
    Satisfaction,
)
from community_trigger.cases.services import TransitionRefused, case_lock, case_transition, step_check
from community_trigger.cases.services.owners import case_owner_assign
from community_trigger.common.calendar import working_days_after
from community_trigger.common.dates import long_date
from community_trigger.common.language import current_language
from community_trigger.domain.actions import Action, Why
from community_trigger.domain.policy import builtin_policies, policy_version
from community_trigger.domain.threshold import assess_document
from community_trigger.domain.workflow import State


def reference_allocate(*, partnership: Partnership, year: int) -> tuple[int, str]:
    """The next application number in `year` for `partnership`, and its reference (TVP-2026-0007).

    Must run inside the caller's transaction: the counter row is locked until it commits, so two
    submissions at once never share a number.
    """
    ReferenceCounter.objects.get_or_create(partnership=partnership, year=year)
    counter = ReferenceCounter.objects.select_for_update().get(partnership=partnership, year=year)
    counter.last = F("last") + 1
    counter.save(update_fields=["last"])
    counter.refresh_from_db(fields=["last"])
    return counter.last, f"{partnership.reference_prefix}-{year}-{counter.last:04d}"


@transaction.atomic
def application_submit(
    *,
    partnership: Partnership,
    answers: ApplicationAnswers,
    consent_wording_version: str,
    actor: Any = None,
    now: datetime | None = None,
) -> Application:
    """Record a complete application from the journey's answers, with everyone's consent, and assess it.

    The answers come checked (cases/answers.py's application_answers); this builds the records the
    back office works from, in one transaction.

    An application made online is received when it is submitted. One made by phone, post, email or in
    person is entered by `actor`, a member of staff, with the day it was received and how the
    applicant agreed to sharing (the answers' `received` and `consent_method`). That day is the
    application's date wherever one counts: its reference's year, the threshold engine's application
    date, and the start of the working days to the acknowledgement.
    """
    now = now or timezone.now()
    channel = answers.received.channel if answers.received else Channel.ONLINE
    received_at = _received_at(answers.received.date if answers.received else None, now)
    received = timezone.localdate(received_at)
    number, reference = reference_allocate(partnership=partnership, year=received.year)
    acknowledge_by = working_days_after(received, partnership.acknowledge_within_days)
    application = Application.objects.create(
        partnership=partnership,
        reference=reference,
        year=received.year,
        number=number,
        channel=channel,
        state=State.RECEIVED,
        submitted_at=received_at,
        applicant_role=answers.role,
        # "Also about how a member of staff behaved": pointed to the complaints procedure, and recorded
        # so staff know, but it does not make the request a complaint about one organisation.
        about_single_organisation=answers.staff_conduct,
        satisfaction=answers.satisfaction,
        impact=answers.impact.impact,
        vulnerability=answers.impact.vulnerability,
        support_wanted=answers.impact.support,
        acknowledge_by=acknowledge_by,
        due_by=acknowledge_by,
        # Online, the page's; entered by staff, the request's own: every later message and letter speaks it.
        language=answers.received.language if answers.received else current_language(),
        # Asked once: every letter follows it (letters/rendering.py).
        letter_format=answers.letter_format.need,
        letter_format_detail=answers.letter_format.language.strip(),
    )
    people = _people_create(application, answers, consent_wording_version, now)
    _incidents_create(application, answers, people)
    if actor is None:
        said = f"Submitted {Channel(channel).how}"
    else:
        on = long_date(received)
        said = f"Received {Channel(channel).how} on {on}; entered by {staff_label(actor)}"
    event_record(
        application=application,
        kind=Happened.MOVED,
        moved_to=State.RECEIVED,
        actor=actor,
        at=now,
        facts={"channel": channel, "received_on": received},
        words=said,
    )
    # The applicant's single point of contact from the first moment, by the partnership's rule.
    case_owner_assign(application=application, now=now)
    application_assess(application=application)
    return application


class ReceivedInTheFuture(ValueError):
    """A request cannot have been received on a day that has not come yet."""


def _received_at(received_on: date | None, now: datetime) -> datetime:
    """When the request was received: `now`, when it is being submitted (or entered) on the day it
    came; otherwise the start of the day it came, as the time of day is not recorded."""
    today = timezone.localdate(now)
    if received_on is None or received_on == today:
        return now
    if received_on > today:
        raise ReceivedInTheFuture(f"{received_on.isoformat()} is after today ({today.isoformat()})")
    return timezone.make_aware(datetime.combine(received_on, time.min))


def _people_create(
    application: Application, answers: ApplicationAnswers, wording_version: str, now: datetime
) -> dict[Reporter, Person]:
    """The people of the application, keyed by how the answers' reports refer to them."""
    representative = answers.role == ApplicantRole.REPRESENTATIVE
    dissatisfied = answers.satisfaction != Satisfaction.SATISFIED
    you = answers.you
    people: dict[Reporter, Person] = {}
    # The engine counts the complaints of the victim (for an individual) or of every group member.
    applicant = Person.objects.create(
        application=application,
        role=PersonRole.APPLICANT,
        position=0,
        engine_id="" if representative else "P1",
        **_contact_details(you),
        contact_preference=you.contact_preference,
        help_needed=you.help_needed,
        **_safe_contact(answers),
        dissatisfied=None if representative else dissatisfied,
    )
    Consent.objects.create(
        person=applicant,
        given=True,
        recorded_at=now,
        method=answers.consent_method,
        wording_version=wording_version,
    )
    people[ByApplicant()] = applicant
    if answers.victim is not None:
        victim = answers.victim
        people[ByVictim()] = Person.objects.create(
            application=application,
            role=PersonRole.VICTIM,
            position=1,
            engine_id="P1",
            **_contact_details(victim),
            relationship_to_victim=victim.relationship,
            dissatisfied=dissatisfied,
        )
        Consent.objects.create(
            person=people[ByVictim()],
            given=True,
            recorded_at=now,
            method=victim.consent_method,
            wording_version=wording_version,
        )
    for position, member in enumerate(answers.members):
        person = Person.objects.create(
            application=application,
            role=PersonRole.MEMBER,
            position=position + 1,
            engine_id=f"P{position + 2}",
            name=member.name,
            email=member.email,
            phone=member.phone,
            dissatisfied=not member.satisfied,
        )
        Consent.objects.create(
            person=person,
            given=member.consent,
            recorded_at=now,
            method=ConsentMethod.CONFIRMED_BY_REPRESENTATIVE,
            wording_version=wording_version,
        )
        people[ByMember(member.key)] = person
    return people


def _safe_contact(answers: ApplicationAnswers) -> dict[str, Any]:
    """The applicant's safe-contact answers as their Person records them (nothing when not asked)."""
    contact = answers.contact
    if contact is None:
        return {}
    return {
        "safe_channels": [str(channel) for channel in contact.channels],
        "avoid_times": contact.avoid_times,
        "voicemail_safe": contact.voicemail_safe,
        "letters_home_safe": contact.letters_home_safe,
        "safe_alternative": contact.safe_alternative,
    }


def _contact_details(person: Applicant | Victim) -> dict[str, str]:
    """A person's name, address and ways to reach them, as a Person records them."""
    return {
        "name": person.name,
        "address": person.address,
        "postcode": person.postcode,
        "email": person.email,
        "phone": person.phone,
    }


def _incidents_create(
    application: Application, answers: ApplicationAnswers, people: Mapping[Reporter, Person]
) -> None:
    agencies = {agency.pk: agency for agency in application.partnership.agencies.all()}
    for position, item in enumerate(answers.incidents):
        incident = Incident.objects.create(
            application=application,
            position=position,
            engine_id=f"I{position + 1}",
            date=item.date,
            description=item.description,
            location=item.location,
            caused_harassment_alarm_or_distress=item.harassment_alarm_distress,
            motivated_by_hate=item.hate,
        )
        for index, report in enumerate(item.reports):
            # A representative's own report on the victim's behalf is the victim's complaint.
            on_behalf = answers.role == ApplicantRole.REPRESENTATIVE and isinstance(report.by, ByApplicant)
            Report.objects.create(
                incident=incident,
                position=index,
                person=people[ByVictim()] if on_behalf else people[report.by],
                made_by_representative=on_behalf,
                agency=None if report.agency is None else agencies.get(report.agency),
                other_organisation=report.other_organisation,
                date=report.date,
                reference=report.reference,
            )


def engine_document(application: Application) -> dict[str, Any]:
    """The threshold engine's input (spec section 5) built from what the application records."""
    people = list(application.people.all())
    engine_people = [person for person in people if person.engine_id]
    consents = {
        consent.person_id: consent.given
        for consent in Consent.objects.filter(person__application=application)
    }
    applicant = next(person for person in people if person.role == PersonRole.APPLICANT)
    role = application.applicant_role
    applicant_entry: dict[str, Any] = {"role": role, "consent": consents.get(applicant.pk, False)}
    if role != ApplicantRole.GROUP_REPRESENTATIVE:
        applicant_entry["person"] = "P1"
    incidents = application.incidents.prefetch_related("reports__person", "reports__agency")
    return {
        "policy": application.partnership.policy,
        "application_date": timezone.localdate(application.submitted_at).isoformat(),
        "applicant": applicant_entry,
        # Not the Application's flag: a person who said their request is also about a member of
        # staff's behaviour chose to go on with a review of the response to the behaviour, which the
        # engine's "only about one organisation's service" would wrongly refuse.
        "about_single_organisation": False,
        "people": [
            {
                "id": person.engine_id,
                "dissatisfied": bool(person.dissatisfied),
                "consent": consents.get(person.pk, False),
            }
            for person in engine_people
        ],
        "incidents": [
            {
                "id": incident.engine_id,
                "date": incident.date.isoformat(),
                "asb": incident.caused_harassment_alarm_or_distress,
                "hate": incident.motivated_by_hate,
                "reports": [
                    {
                        "by": report.person.engine_id,
                        "agency": report.agency.kind if report.agency else "other",
                        "date": report.date.isoformat(),
                        **({"reference": report.reference} if report.reference else {}),
                    }
                    for report in incident.reports.all()
                ],
            }
            for incident in incidents
        ],
    }


@transaction.atomic
def application_assess(*, application: Application) -> Assessment:
    """Run the threshold engine on what the application records, and keep its answer."""
    policy = builtin_policies()[application.partnership.policy]
    document = engine_document(application)
    output = assess_document(document, policies={policy.id: policy}, default_policy=policy.id)
    return Assessment.objects.create(
        application=application,
        policy=policy.id,
        policy_version=policy_version(policy),
        engine_input=document,
        engine_output=output,
        threshold_met=output["threshold_met"],
        route=output["route"] or "",
    )


class WithdrawalRefused(Exception):
    """The application has gone too far to be withdrawn by the applicant."""


@transaction.atomic
def application_withdraw(
    *, application: Application, reason: str = "", now: datetime | None = None
) -> Application:
    """The applicant withdraws their request; refused once the review is held or the threshold not met.
    `now` is when they did, for a withdrawal recorded after the fact.

    One transaction, with the case locked before it is checked: a step taken at the same moment waits,
    and a failure at any point leaves the case as it was.
    """
    now = now or timezone.now()
    locked = case_lock(application)
    too_far = gettext("An application that is %(state)s cannot be withdrawn") % {
        "state": locked.public_state.lower()
    }
    step_check(
        locked,
        Action.WITHDRAW,
        actor=None,
        applicant=True,
        refused=WithdrawalRefused,
        because={Why.NOT_AT_THIS_STEP: lambda _: WithdrawalRefused(too_far)},
        now=now,
    )
    try:
        withdrawn = case_transition(
            application=locked,
            to=State.WITHDRAWN,
            actor_label=APPLICANT_LABEL,
            reason=reason or "Withdrawn by the applicant",
            now=now,
        )
    except TransitionRefused as refused:  # the case moved on since it was read
        raise WithdrawalRefused(str(refused)) from refused
    return withdrawn
