"""A community safety partnership and the agencies whose reports count towards its threshold."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy

from community_trigger.common.models import TimeStampedModel, known
from community_trigger.domain.access import Role
from community_trigger.domain.deadlines import Timescales
from community_trigger.domain.policy import STATUTORY_PARTNERS, builtin_policies
from community_trigger.domain.reporting_years import BASIS_LABELS, YearBasis


def validate_policy_id(value: str) -> None:
    """A partnership's threshold policy must be one the product knows."""
    if value not in builtin_policies():
        known = ", ".join(sorted(builtin_policies()))
        raise ValidationError(f"Unknown threshold policy {value!r}; choose one of {known}.")


# Addresses the product itself uses at the top of the site; a partnership's pages live at /<slug>/.
RESERVED_SLUGS = frozenset({"staff", "admin", "api", "static", "assets", "leave", "language"})


def validate_slug_free(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(f"{value!r} is used by the service itself; choose another short name.")


def default_languages() -> list[str]:
    return ["en"]


class OwnerRule(models.TextChoices):
    ROUND_ROBIN = "round_robin", gettext_lazy("The coordinators in turn")
    DEFAULT = "default", gettext_lazy("The default owner")


class Partnership(TimeStampedModel):
    """The relevant bodies of one area acting together (s104): runs its own Community Trigger."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True, validators=[validate_slug_free])
    reference_prefix = models.CharField(
        max_length=8,
        unique=True,
        help_text="Starts each case reference, as in TVP-2026-0007.",
    )
    policy = models.CharField(
        max_length=60,
        default="test-valley",
        validators=[validate_policy_id],
        help_text="The threshold policy this partnership publishes.",
    )
    # Other ways to ask for a review, shown on the start page.
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    postal_address = models.TextField(blank=True)
    # The partnership's promises, in working days (England and Wales bank holidays excluded).
    acknowledge_within_days = models.PositiveSmallIntegerField(
        default=5, help_text="Working days to acknowledge a request."
    )
    decide_within_days = models.PositiveSmallIntegerField(
        default=10, help_text="Working days from acknowledgement to the threshold decision."
    )
    respond_within_days = models.PositiveSmallIntegerField(
        default=10, help_text="Working days for agencies to answer an information request."
    )
    review_within_days = models.PositiveSmallIntegerField(
        default=20, help_text="Working days from a threshold-met decision to the review meeting."
    )
    outcome_within_days = models.PositiveSmallIntegerField(
        default=10, help_text="Working days from the review meeting to the outcome letter."
    )
    plan_comments_within_days = models.PositiveSmallIntegerField(
        default=10, help_text="Working days the applicant has to comment on the draft action plan."
    )
    escalation_window_days = models.PositiveSmallIntegerField(
        default=20, help_text="Working days the applicant has to ask for an escalation."
    )
    escalation_decision_within_days = models.PositiveSmallIntegerField(
        default=20, help_text="Working days from an escalation request to its decision."
    )
    # When its phone line answers, shown beside the number.
    phone_hours = models.CharField(
        max_length=200,
        blank=True,
        help_text="When the phone line is open, as in Monday to Friday, 9am to 5pm.",
    )
    # Which languages its public pages, emails and letters are offered in (Welsh Language Standards).
    languages = models.JSONField(
        default=default_languages,
        help_text='Language codes offered to the public, English first: ["en"] or ["en", "cy"].',
    )
    # What its privacy notice and accessibility statement say (UK GDPR Articles 13 and 14; the Public
    # Sector Bodies Accessibility Regulations 2018).
    data_controller = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who decides how the information is used (the controller), usually the council.",
    )
    dpo_contact = models.TextField(
        blank=True, help_text="How to contact the controller's data protection officer."
    )
    # Accountability (UK GDPR Articles 5(2), 13, 24 and 26): who answers for the information, and on
    # what terms the agencies share it. Staff read them on /staff/data-protection/; the privacy notice
    # tells the public.
    joint_controllers = models.TextField(
        blank=True,
        help_text="Other organisations that decide with the controller how the information is used "
        "(joint controllers, UK GDPR Article 26), one a line. Leave empty when there is one controller.",
    )
    sharing_agreement_reference = models.CharField(
        max_length=100,
        blank=True,
        help_text="The reference of the information sharing agreement the agencies share cases under.",
    )
    sharing_agreement_review_on = models.DateField(
        null=True, blank=True, help_text="When the information sharing agreement is next due for review."
    )
    lawful_bases = models.TextField(
        blank=True,
        help_text="The lawful bases, in English, one a line. Leave empty for the standard wording: "
        "UK GDPR Article 6(1)(e) public task; Article 9(2)(g) and Article 10 with the Data Protection "
        "Act 2018, Schedule 1 (see the README).",
    )
    lawful_bases_cy = models.TextField(
        blank=True,
        help_text="The same lawful bases in Welsh, for a partnership that offers Welsh. Leave empty for "
        "the standard wording.",
    )
    accessibility_checked_on = models.DateField(
        null=True, blank=True, help_text="When the public pages were last tested for accessibility."
    )
    # The twelve months its published figures count (s104 asks for them at least once a year).
    # Who owns a new request from the moment it arrives: the coordinators in turn, or one named person.
    owner_rule = models.CharField(
        max_length=20,
        choices=OwnerRule.choices,
        default=OwnerRule.ROUND_ROBIN,
        help_text="How a new case is given its owner.",
    )
    default_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Owns every new case under the default rule; a coordinator of the partnership.",
    )
    year_basis = models.CharField(
        max_length=10,
        choices=[(basis.value, label) for basis, label in BASIS_LABELS.items()],
        default=YearBasis.FINANCIAL.value,
        help_text="The years its published figures are counted in.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [known("owner_rule", OwnerRule.choices)]

    def __str__(self) -> str:
        return self.name

    @property
    def reporting_basis(self) -> YearBasis:
        return YearBasis(self.year_basis)

    @property
    def timescales(self) -> Timescales:
        return Timescales(
            acknowledge=self.acknowledge_within_days,
            decide=self.decide_within_days,
            agency_response=self.respond_within_days,
            review=self.review_within_days,
            outcome=self.outcome_within_days,
            escalation_decision=self.escalation_decision_within_days,
        )


class SupportService(models.Model):
    """A local service that supports victims, which the partnership lists beside 999, 101, Victim
    Support and ASB Help on its public pages."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="support_services")
    name = models.CharField(max_length=200)
    description = models.CharField(max_length=300, blank=True, help_text="What it helps with, in a line.")
    phone = models.CharField(max_length=40, blank=True)
    url = models.URLField(blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the page.")

    class Meta:
        ordering = ["partnership", "position", "name"]

    def __str__(self) -> str:
        return self.name


class Agency(TimeStampedModel):
    """One body in a partnership: its council, police force, health board or social landlord."""

    class Kind(models.TextChoices):
        COUNCIL = STATUTORY_PARTNERS[0].value, gettext_lazy("Council")
        POLICE = STATUTORY_PARTNERS[1].value, gettext_lazy("Police")
        HEALTH = STATUTORY_PARTNERS[2].value, gettext_lazy("Health (integrated care board)")
        HOUSING = STATUTORY_PARTNERS[3].value, gettext_lazy("Housing (registered social landlord)")
        OTHER = "other", gettext_lazy("Other organisation")

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    complaints_url = models.URLField(
        blank=True,
        help_text="Where the public can complain about this agency's own service.",
    )
    # How the partnership reaches the agency when no one there answers in the service itself.
    contact_name = models.CharField(
        max_length=200, blank=True, help_text="The named contact for case reviews, as in 'ASB team'."
    )
    contact_email = models.EmailField(
        blank=True, help_text="Where information requests go when no one at the agency may answer here."
    )
    lead_contact_email = models.EmailField(
        blank=True, help_text="The agency's lead contact, told when an answer is long overdue."
    )

    class Meta:
        ordering = ["partnership", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="agency_name_unique_in_partnership"),
        ]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """A member of staff's place in an agency, with one role there. A user may hold several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(
        max_length=30, choices=[(role.value, role.value.replace("_", " ").capitalize()) for role in Role]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="one_membership_per_role_in_agency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}, {self.agency}"


class StaffDetails(models.Model):
    """How a member of staff signs the letters and emails of the cases they own: their job title and
    direct line, beside the email address of their account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_details"
    )
    job_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True, help_text="Their direct line.")

    class Meta:
        verbose_name_plural = "staff details"

    def __str__(self) -> str:
        return f"Details of {self.user}"


class PublicPages(models.Model):
    """Which version of its public pages a partnership is at. The pages the same for everyone are kept
    ready-made under this number (common/public_cache.py); anything that changes what they show adds
    one (agencies/public_pages.py), so the old copies are never served again."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="public_pages")
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name_plural = "public pages"

    def __str__(self) -> str:
        return f"Public pages of {self.partnership_id}, version {self.version}"
