"""A submitted application for a case review, with everything the agencies and the engine need.

An application is the case: the back office works on it, the applicant follows it on the status page.
Its people, incidents, reports and consents are kept as the applicant gave them; its assessment keeps
the engine's answer with the policy and version it was made under. History is appended as events.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from community_trigger.agencies.models import Agency, Partnership
from community_trigger.common.models import (
    AppendOnlyModel,
    TimeStampedModel,
    WrittenWords,
    known,
    written_words,
)
from community_trigger.common.wording import STATE_WORDS
from community_trigger.domain.workflow import REVIEW_DECIDED, State

STATE_CHOICES = [(state.value, STATE_WORDS[state]) for state in State]
# The decisions to hold a review: the threshold met, or at the partnership's discretion.
REVIEW_DECISION_CHOICES = [
    (State.THRESHOLD_MET.value, "Threshold met"),
    (State.DISCRETIONARY_REVIEW.value, "Discretionary"),
]


class Channel(models.TextChoices):
    ONLINE = "online", "Online"
    PHONE = "phone", "Phone"
    POST = "post", "Post"
    EMAIL = "email", "Email"
    IN_PERSON = "in_person", "In person"

    @property
    def how(self) -> str:
        """How the request came, in words that follow "received": online, by phone, in person."""
        if self in (Channel.ONLINE, Channel.IN_PERSON):
            return self.label.lower()
        return f"by {self.label.lower()}"


class ApplicantRole(models.TextChoices):
    VICTIM = "victim", "The victim"
    REPRESENTATIVE = "representative", "Acting for the victim"
    GROUP_REPRESENTATIVE = "group_representative", "Acting for a group"


class Satisfaction(models.TextChoices):
    NO_ACTION = "no_action", "No action was taken"
    NOT_SATISFIED = "not_satisfied", "Action was taken but I am not satisfied with it"
    SATISFIED = "satisfied", "I am satisfied with the action taken"


class LetterFormat(models.TextChoices):
    """The format the applicant needs letters in, asked once in the application. Large print and easy
    read are made by the service; braille, audio and another language are the partnership's to arrange
    (the standard letter is made, and the case page says what to arrange)."""

    STANDARD = "standard", "Standard print"
    LARGE_PRINT = "large_print", "Large print"
    EASY_READ = "easy_read", "Easy read"
    BRAILLE = "braille", "Braille"
    AUDIO = "audio", "Audio"
    OTHER_LANGUAGE = "other_language", "Another language"

    @property
    def to_arrange(self) -> bool:
        """The partnership must arrange it: the service makes only the standard letter."""
        return self in (LetterFormat.BRAILLE, LetterFormat.AUDIO, LetterFormat.OTHER_LANGUAGE)


# The languages the service speaks to the public in, by their own names (settings.LANGUAGES agrees).
LANGUAGE_CHOICES = [("en", "English"), ("cy", "Cymraeg")]


class Application(TimeStampedModel):
    """One request for a case review (s104(1)), from the moment it is submitted."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="applications")
    reference = models.CharField(max_length=30, unique=True, help_text="As in TVP-2026-0007.")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField(help_text="The application's number within its year.")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    state = models.CharField(max_length=30, choices=STATE_CHOICES, default=State.RECEIVED)
    submitted_at = models.DateTimeField()
    applicant_role = models.CharField(max_length=30, choices=ApplicantRole.choices)
    about_single_organisation = models.BooleanField(default=False)
    satisfaction = models.CharField(max_length=20, choices=Satisfaction.choices)
    impact = models.TextField(blank=True, help_text="How the behaviour affects them.")
    vulnerability = models.TextField(blank=True)
    support_wanted = models.TextField(blank=True)
    acknowledge_by = models.DateField(help_text="The date promised for the acknowledgement.")
    due_by = models.DateField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When the case's next step is due; empty when none is.",
    )
    review_date = models.DateField(null=True, blank=True)
    language = models.CharField(
        max_length=8,
        choices=LANGUAGE_CHOICES,
        default="en",
        help_text="The applicant's language: every later message uses it.",
    )
    letter_format = models.CharField(
        max_length=20,
        choices=LetterFormat.choices,
        default=LetterFormat.STANDARD,
        help_text="The format the applicant needs letters in: every letter follows it.",
    )
    letter_format_detail = models.CharField(
        max_length=100,
        blank=True,
        help_text="Which language, when letters are needed in another language.",
    )
    review_decision = models.CharField(
        max_length=30,
        blank=True,
        choices=REVIEW_DECISION_CHOICES,
        help_text="The decision to hold a review (threshold met, or at the partnership's discretion).",
    )
    # The applicant's single point of contact: a coordinator, named when the request arrives (the
    # partnership's rule) and changed only with a reason kept in the history.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_cases",
        help_text="The coordinator who owns the case and signs its letters.",
    )
    # When the case last moved into a state it ends in (closed, threshold not met, withdrawn), kept by
    # the one place moves are recorded (history.event_record): the retention schedule counts from it.
    ended_at = models.DateTimeField(
        null=True, blank=True, help_text="When the case ended; empty while it is open."
    )
    # Set once the case's personal data has been removed (retention, or an erasure request): its
    # history, states and dates stay for the figures; its pages say what happened to the rest.
    anonymised_at = models.DateTimeField(
        null=True, blank=True, help_text="When the case's personal data was removed."
    )

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            # The worklist's "my cases", soonest due first, and whose turn it is to own the next case.
            models.Index(fields=["owner", "due_by"], name="case_owner_due"),
            # Its "new requests": a partnership's cases in one state, soonest due first.
            models.Index(fields=["partnership", "state", "due_by"], name="case_partnership_state_due"),
            # The case list's sorts by state and by when received, the id breaking ties (cases.selectors).
            models.Index(fields=["state", "id"], name="case_state_sort"),
            models.Index(fields=["submitted_at", "id"], name="case_received_sort"),
            # The same sorts within one partnership, the list's usual shape: its first page, and any
            # page up to the count's bound, read in order from these (the reverse orders by reading
            # them backwards; the due date's reverse, empty dates last, has a PostgreSQL index of
            # its own, cases 0023).
            models.Index(fields=["partnership", "due_by", "submitted_at", "id"], name="case_p_due_sort"),
            models.Index(fields=["partnership", "submitted_at", "id"], name="case_p_received_sort"),
            models.Index(fields=["partnership", "state", "id"], name="case_p_state_sort"),
            models.Index(fields=["partnership", "reference", "id"], name="case_p_reference_sort"),
            # The retention schedule's cases due to be anonymised, soonest first (retention.selectors).
            models.Index(fields=["partnership", "ended_at", "id"], name="case_p_ended"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year", "number"], name="application_number_unique_in_year"
            ),
            known("channel", Channel.choices),
            known("state", STATE_CHOICES),
            known("applicant_role", ApplicantRole.choices),
            known("satisfaction", Satisfaction.choices),
            known("language", LANGUAGE_CHOICES),
            known("letter_format", LetterFormat.choices),
            known("review_decision", REVIEW_DECISION_CHOICES, blank=True),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def public_state(self) -> str:
        return str(STATE_WORDS[State(self.state)])

    @property
    def review_decided(self) -> bool:
        """The partnership has decided to hold a review (threshold met, or at its discretion)."""
        return State(self.state) in REVIEW_DECIDED


class PersonRole(models.TextChoices):
    APPLICANT = "applicant", "Applicant"
    VICTIM = "victim", "Victim"
    MEMBER = "member", "Group member"


class ContactPreference(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    TEXT = "text", "Text message"
    POST = "post", "Post"


class Person(models.Model):
    """Someone named in the application: the applicant, the victim they act for, or a group member."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(max_length=20, choices=PersonRole.choices)
    position = models.PositiveSmallIntegerField(help_text="Order within the application.")
    engine_id = models.CharField(
        max_length=10, blank=True, help_text="The id the threshold engine knows them by (P1...), if any."
    )
    name = models.CharField(max_length=200)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    contact_preference = models.CharField(max_length=10, choices=ContactPreference.choices, blank=True)
    help_needed = models.TextField(blank=True, help_text="Help to take part: language, format, access.")
    relationship_to_victim = models.CharField(max_length=200, blank=True)
    dissatisfied = models.BooleanField(
        null=True, help_text="Feels no action was taken or is not satisfied; unknown when not asked."
    )
    # Safe contact: someone may be watched by the person harming them. Every message obeys these.
    safe_channels = models.JSONField(
        default=list,
        blank=True,
        help_text="The ways it is safe to contact them: email, text, phone, post (ContactPreference codes).",
    )
    avoid_times = models.CharField(
        max_length=200, blank=True, help_text="Times it is not safe to contact them."
    )
    voicemail_safe = models.BooleanField(
        null=True, help_text="Whether a voicemail is safe; unknown when not asked."
    )
    letters_home_safe = models.BooleanField(
        null=True, help_text="Whether letters to their home address are safe; unknown when not asked."
    )
    safe_alternative = models.TextField(
        blank=True,
        help_text="A safe other address or contact (a friend, a support worker) for letters or calls.",
    )

    class Meta:
        ordering = ["application", "position"]
        constraints = [
            known("role", PersonRole.choices),
            known("contact_preference", ContactPreference.choices, blank=True),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.position}"


class ConsentMethod(models.TextChoices):
    ONLINE = "online", "Ticked on the online form"
    IN_WRITING = "in_writing", "In writing"
    BY_EMAIL = "by_email", "By email"
    BY_PHONE = "by_phone", "By phone"
    IN_PERSON = "in_person", "In person"
    CONFIRMED_BY_REPRESENTATIVE = "confirmed_by_representative", "Confirmed by the group's representative"


class Consent(models.Model):
    """A person's agreement to their information being shared with the partnership's agencies."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    given = models.BooleanField()
    recorded_at = models.DateTimeField()
    method = models.CharField(max_length=40, choices=ConsentMethod.choices)
    wording_version = models.CharField(max_length=40, help_text="The version of the consent wording shown.")

    class Meta:
        ordering = ["person", "recorded_at"]
        constraints = [known("method", ConsentMethod.choices)]

    def __str__(self) -> str:
        return f"Consent {'given' if self.given else 'refused'} ({self.get_method_display()})"


class Incident(models.Model):
    """One occurrence of the behaviour, as the applicant describes it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="incidents")
    position = models.PositiveSmallIntegerField()
    engine_id = models.CharField(max_length=10)
    date = models.DateField()
    description = models.TextField()
    location = models.CharField(max_length=300)
    caused_harassment_alarm_or_distress = models.BooleanField()
    motivated_by_hate = models.BooleanField()

    class Meta:
        ordering = ["application", "position"]

    def __str__(self) -> str:
        return f"Incident {self.engine_id}"


class Report(models.Model):
    """One person telling one agency about one incident."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="reports")
    position = models.PositiveSmallIntegerField()
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reports")
    made_by_representative = models.BooleanField(
        default=False, help_text="Made by the applicant on the victim's behalf."
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True)
    other_organisation = models.CharField(
        max_length=200,
        blank=True,
        help_text="Set when the report went to an organisation outside the partnership.",
    )
    date = models.DateField()
    reference = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["incident", "position"]

    def __str__(self) -> str:
        return f"Report {self.position + 1} of {self.incident}"


class Assessment(models.Model):
    """The threshold engine's answer for an application, with the policy it applied."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assessments")
    created_at = models.DateTimeField(default=timezone.now)
    policy = models.CharField(max_length=60)
    policy_version = models.CharField(max_length=20)
    engine_input = models.JSONField()
    engine_output = models.JSONField()
    threshold_met = models.BooleanField()
    route = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["application", "-created_at"]

    def __str__(self) -> str:
        return f"Assessment under {self.policy} ({'met' if self.threshold_met else 'not met'})"


class Happened(models.TextChoices):
    """What kind of change a case event records. A move from one state to another is MOVED; the other
    kinds change a case without moving it. What follows from each (the audit entry, the figures'
    counts, the letters and emails) is decided in one place: community_trigger/consequences."""

    MOVED = "moved", "Moved on"
    DUE_DATE_CHANGED = "due_date_changed", "An agency's answer given a new due date"
    ANSWERED = "answered", "An agency answered"
    MEETING_CHANGED = "meeting_changed", "The meeting changed"
    RECOMMENDATION_ADDED = "recommendation_added", "A recommendation added"
    RECOMMENDATION_UPDATED = "recommendation_updated", "A recommendation moved on"
    PLAN_SHARED = "plan_shared", "The draft action plan sent to the applicant"
    PLAN_COMMENTS = "plan_comments", "The applicant's comments on the plan recorded"
    PLAN_FINAL = "plan_final", "The action plan made final"
    LETTER_POSTED = "letter_posted", "A letter posted"
    OWNER_CHANGED = "owner_changed", "The case given a new owner"
    NOTE_ADDED = "note_added", "A note or contact added to the case diary"
    DOCUMENT_ADDED = "document_added", "A document added"
    CASE_LINKED = "case_linked", "Linked to another case"
    DETAILS_RECORDED = "details_recorded", "Where it happens, or who is said to be responsible, recorded"
    RECOMMENDATION_CHANGED = "recommendation_changed", "A recommendation's wording or due date changed"
    LETTER_FORMAT_CHANGED = "letter_format_changed", "The format the applicant needs letters in changed"
    # Data protection: the case's personal data removed (its retention period over, or an erasure
    # request carried out), a legal hold placed on it or lifted, a record corrected on request.
    ANONYMISED = "anonymised", "Personal data removed"
    HOLD_PLACED = "hold_placed", "A legal hold placed"
    HOLD_LIFTED = "hold_lifted", "A legal hold lifted"
    RECTIFIED = "rectified", "A record corrected on request"


class CaseEvent(AppendOnlyModel):
    """One change to an application, appended in the same transaction as the change, never edited.

    It holds references, kinds, times and actors: `facts` holds ids, dates and flags, never words a
    person wrote, which are kept beside it (CaseEventWords) so they can be removed without touching
    the history.
    """

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=30, choices=Happened.choices, default=Happened.MOVED)
    at = models.DateTimeField(default=timezone.now)
    from_state = models.CharField(max_length=30, blank=True, choices=STATE_CHOICES)
    to_state = models.CharField(
        max_length=30, blank=True, choices=STATE_CHOICES, help_text="Empty for a change that is not a move."
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    actor_label = models.CharField(max_length=100, help_text="Who, in words: 'the applicant', a user's name.")
    facts = models.JSONField(
        default=dict, blank=True, help_text="Ids, dates and flags about the change; never free text."
    )

    class Meta:
        ordering = ["application", "at", "pk"]
        constraints = [
            known("kind", Happened.choices),
            known("from_state", STATE_CHOICES, blank=True),
            known("to_state", STATE_CHOICES, blank=True),
            # A move names where it went; any other change names no state at all.
            models.CheckConstraint(
                condition=(models.Q(kind=Happened.MOVED) & ~models.Q(to_state=""))
                | (~models.Q(kind=Happened.MOVED) & models.Q(to_state="", from_state="")),
                name="case_event_moves_name_their_state",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == Happened.MOVED:
            return f"{self.from_state or 'new'} → {self.to_state}"
        return self.get_kind_display()

    @property
    def what(self) -> str:
        """What happened, in words: the state it moved to, or the kind of change."""
        return self.get_to_state_display() if self.kind == Happened.MOVED else self.get_kind_display()

    @property
    def reason(self) -> str:
        """Why, as written at the time (kept beside the event, see CaseEventWords)."""
        return written_words(self, "words")


class CaseEventWords(WrittenWords):
    event = models.OneToOneField(CaseEvent, on_delete=models.PROTECT, related_name="words")


class ReferenceCounter(models.Model):
    """The last application number used by a partnership in a year, for gap-free references."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="one_counter_per_partnership_year")
        ]

    def __str__(self) -> str:
        return f"{self.partnership} {self.year}: {self.last}"


class ThresholdOutcome(models.TextChoices):
    MET = "threshold_met", "The threshold is met: hold a review"
    NOT_MET = "threshold_not_met", "The threshold is not met"
    DISCRETIONARY = "discretionary_review", "Not met, but hold a review at our discretion (s104(5))"


class ThresholdDecision(models.Model):
    """The partnership's decision on the threshold, made by a person with the engine's answer in view.

    Reasons are kept whenever the decision differs from the engine or is discretionary (s104(5)).
    """

    Outcome = ThresholdOutcome

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    reasons = models.TextField(blank=True)
    engine_threshold_met = models.BooleanField(help_text="What the threshold engine said at the time.")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["application", "-decided_at"]
        constraints = [known("outcome", ThresholdOutcome.choices)]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_outcome_display()}"


class StatusCode(models.Model):
    """A short code that, with the reference, opens the applicant's status page, for someone with no
    email to bring the link: shown on the confirmation page and printed in the acknowledgement letter.
    Only its hash is kept; each one issued stays valid, so the page's and the letter's both work."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="status_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["application", "created_at"]

    def __str__(self) -> str:
        return f"status code for {self.application}"
