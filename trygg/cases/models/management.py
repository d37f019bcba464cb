"""Managing the case: assessment, case plan, services and referrals, follow-ups, notes, transfers.

Every model here lists itself in __all__ so that `trygg.cases.models` exports it. (Consent and the
legal basis live with the case core in consent.py.)
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygg.core.models import DomainModel
from trygg.core.querysets import ScopedQuerySet

from ..codes import OrganisationType, SupportType
from .case import Case, CasePart

__all__ = [
    "AssessmentDomain",
    "AssessmentRating",
    "Assessment",
    "CasePlan",
    "CasePlanGoal",
    "CasePlanAction",
    "ServiceReferral",
    "FollowUp",
    "CaseNote",
    "Transfer",
]

# Who may read the restricted parts of these records (the permission names from accounts.roles).
HEALTH_TRAUMA_PERMISSION = "sensitive.health_trauma"
TRAFFICKING_PERMISSION = "sensitive.trafficking"


class AssessmentDomain(models.TextChoices):
    """The domains of a child protection assessment (inter-agency case management guidelines)."""

    SAFETY = "safety", _("Safety")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial wellbeing")
    FAMILY = "family", _("Family and care")
    LEGAL_DOCUMENTS = "legal_documents", _("Legal status and documents")


class AssessmentRating(models.TextChoices):
    NO_CONCERN = "no_concern", _("No concern")
    SOME_CONCERN = "some_concern", _("Some concern")
    SERIOUS_CONCERN = "serious_concern", _("Serious concern")
    NOT_ASSESSED = "not_assessed", _("Not assessed")


def _rating_field(label):
    return models.CharField(
        label, max_length=20, choices=AssessmentRating.choices, default=AssessmentRating.NOT_ASSESSED
    )


class Assessment(CasePart):
    """The child's situation in each domain, rated and described, by whom and when it was completed.

    Health and psychosocial notes are health and trauma data: only users holding the health and
    trauma permission in the case's scope read them (see `RESTRICTED_NOTES`).
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assessments")
    safety_rating = _rating_field(_("safety"))
    safety_notes = models.TextField(_("safety notes"), blank=True)
    health_rating = _rating_field(_("health"))
    health_notes = models.TextField(_("health notes"), blank=True)
    education_rating = _rating_field(_("education"))
    education_notes = models.TextField(_("education notes"), blank=True)
    psychosocial_rating = _rating_field(_("psychosocial wellbeing"))
    psychosocial_notes = models.TextField(_("psychosocial notes"), blank=True)
    family_rating = _rating_field(_("family and care"))
    family_notes = models.TextField(_("family and care notes"), blank=True)
    legal_documents_rating = _rating_field(_("legal status and documents"))
    legal_documents_notes = models.TextField(_("legal status and documents notes"), blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assessed by"),
    )

    # Notes that need the health and trauma permission to read, by domain.
    RESTRICTED_NOTES = {
        AssessmentDomain.HEALTH: HEALTH_TRAUMA_PERMISSION,
        AssessmentDomain.PSYCHOSOCIAL: HEALTH_TRAUMA_PERMISSION,
    }

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self):
        return f"{self.case_id} assessment {self.pk}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    @staticmethod
    def rating_field(domain: str) -> str:
        return f"{domain}_rating"

    @staticmethod
    def notes_field(domain: str) -> str:
        return f"{domain}_notes"


class CasePlanQuerySet(ScopedQuerySet):
    def current(self):
        """The plan that is in force: the approved one that no later plan has superseded."""
        return self.alive().filter(status=CasePlan.Status.APPROVED)

    def open_drafts(self):
        return self.alive().filter(status__in=CasePlan.EDITABLE_STATUSES + [CasePlan.Status.SUBMITTED])


class CasePlan(CasePart):
    """What the case aims for and who does what by when; approved by a supervisor, then reviewed.

    A revision is a new plan that `supersedes` the approved one; when it is approved the old one
    becomes superseded, so a case has at most one approved plan at a time.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Returned for changes")
        SUPERSEDED = "superseded", _("Superseded by a later plan")

    EDITABLE_STATUSES = [Status.DRAFT, Status.REJECTED]

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="case_plans")
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="revisions"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_comment = models.TextField(_("supervisor's comment"), blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    review_due = models.DateField(_("review due"), null=True, blank=True)

    objects = CasePlanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case plan")
        verbose_name_plural = _("case plans")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="approved", is_deleted=False),
                name="one_approved_plan_per_case",
            ),
        ]
        indexes = [models.Index(fields=["status", "review_due"])]

    def __str__(self):
        return f"{self.case_id} plan {self.pk}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES


class PlanPart(DomainModel):
    """Abstract base for goals and actions: scoped through their plan's case."""

    plan = models.ForeignKey(CasePlan, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    scope_subject = "case"
    scope_country_field = "plan__case__country"
    scope_site_field = "plan__case__site"
    scope_programme_field = "plan__case__site__programme"

    class Meta:
        abstract = True

    @property
    def country_id(self):
        return self.plan.case.country_id


class CasePlanGoal(PlanPart):
    """One thing the plan aims to achieve for the child, in one assessment domain."""

    plan = models.ForeignKey(CasePlan, on_delete=models.PROTECT, related_name="goals")
    domain = models.CharField(_("domain"), max_length=20, choices=AssessmentDomain.choices)
    description = models.TextField(_("goal"))

    class Meta:
        ordering = ["plan", "id"]
        verbose_name = _("case plan goal")
        verbose_name_plural = _("case plan goals")

    def __str__(self):
        return f"{self.plan_id} goal {self.pk}"


class CasePlanAction(PlanPart):
    """One step of the plan: what, who is responsible, by when, and how far it has got."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN_STATUSES = [Status.PLANNED, Status.IN_PROGRESS]

    plan = models.ForeignKey(CasePlan, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField(_("action"))
    responsible = models.CharField(
        _("responsible"),
        max_length=200,
        blank=True,
        help_text=_("Who does it, when it is not a Trygg user (e.g. the child's mother, a partner)."),
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_plan_actions",
        verbose_name=_("responsible user"),
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    completed_on = models.DateField(_("completed"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "due_on", "id"]
        verbose_name = _("case plan action")
        verbose_name_plural = _("case plan actions")
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return f"{self.plan_id} action {self.pk}"


class ServiceReferral(CasePart):
    """A service given to the child: by the organisation itself, or by referral to another one."""

    class Provision(models.TextChoices):
        INTERNAL = "internal", _("Internal service")
        REFERRAL = "referral", _("Referral to an outside organisation")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        REFERRED = "referred", _("Referred")
        ACCEPTED = "accepted", _("Accepted")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    CLOSED_STATUSES = [Status.COMPLETED, Status.DECLINED, Status.CANCELLED]

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="service_referrals")
    support_type = models.CharField(_("type of support"), max_length=40, choices=SupportType.choices)
    provision = models.CharField(
        _("provided by"), max_length=10, choices=Provision.choices, default=Provision.INTERNAL
    )
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation_type = models.CharField(
        _("type of organisation"), max_length=40, choices=OrganisationType.choices, blank=True
    )
    description = models.TextField(_("what is provided"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    due_on = models.DateField(_("due"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    # When the service checked that a current consent (or approved legal basis) covers sharing.
    consent_checked_at = models.DateTimeField(_("consent to share checked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("service or referral")
        verbose_name_plural = _("services and referrals")
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return f"{self.case_id} service {self.pk}"

    @property
    def is_referral(self) -> bool:
        return self.provision == self.Provision.REFERRAL


class FollowUp(CasePart):
    """A follow-up contact with the child: when, how, what was found, and when the next is due."""

    class Kind(models.TextChoices):
        HOME_VISIT = "home_visit", _("Home visit")
        PHONE = "phone", _("Phone call")
        OFFICE = "office", _("Office visit")
        SCHOOL = "school", _("School visit")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="follow_ups")
    visited_on = models.DateField(_("date"))
    kind = models.CharField(_("type of contact"), max_length=20, choices=Kind.choices)
    findings = models.TextField(_("findings"), blank=True)
    next_due = models.DateField(_("next follow-up due"), null=True, blank=True)
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("visited by"),
    )

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [models.Index(fields=["next_due"])]

    def __str__(self):
        return f"{self.case_id} follow-up {self.pk}"


class CaseNote(CasePart):
    """A free-text note on the case; a sensitive note needs the trafficking permission to read."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    text = models.TextField(_("note"))
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Only users who may see trafficking details can read a sensitive note."),
    )

    READ_PERMISSION = TRAFFICKING_PERMISSION

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self):
        return f"{self.case_id} note {self.pk}"


class TransferQuerySet(ScopedQuerySet):
    def pending(self):
        return self.alive().filter(status=Transfer.Status.REQUESTED)


class Transfer(DomainModel):
    """A request to continue a child's case in another country, and the receiving country's answer.

    Scope: BOTH countries see a transfer. A grant in the sending country matches through
    `from_country` (or the sending case's site or programme); a grant in the receiving country
    through `to_country` (or, once accepted, the receiving case's site or programme). A third
    country sees nothing: for it the transfer answers 404 like any other record.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    transferred_from = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="transfers_out",
        verbose_name=_("sending case"),
    )
    receiving_case = models.ForeignKey(
        Case,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers_in",
        verbose_name=_("receiving case"),
    )
    from_country = models.ForeignKey(
        "geo.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("from country")
    )
    to_country = models.ForeignKey(
        "geo.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("to country")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    reason = models.TextField(_("reason for the transfer"))
    requested_at = models.DateTimeField(_("requested"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_comment = models.TextField(_("comment on the decision"), blank=True)
    # The receiving country may let the sending country see the whole closed case again.
    share_full = models.BooleanField(_("full case shared with the sending country"), default=False)
    shared_at = models.DateTimeField(null=True, blank=True)

    objects = TransferQuerySet.as_manager()

    scope_subject = "case"

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_country=models.F("to_country")), name="transfer_to_another_country"
            ),
            models.UniqueConstraint(
                fields=["transferred_from"],
                condition=Q(status="requested", is_deleted=False),
                name="one_pending_transfer_per_case",
            ),
        ]
        indexes = [
            models.Index(fields=["to_country", "status"]),
            models.Index(fields=["from_country", "status"]),
        ]

    def __str__(self):
        return f"transfer {self.pk}"

    @property
    def case(self) -> Case:
        """The sending case (the case the transfer belongs to on its timeline)."""
        return self.transferred_from

    @classmethod
    def scope_q_for_grant(cls, grant):
        if grant.site_id is not None:
            return Q(transferred_from__site=grant.site_id) | Q(receiving_case__site=grant.site_id)
        if grant.programme_id is not None:
            return Q(transferred_from__site__programme=grant.programme_id) | Q(
                receiving_case__site__programme=grant.programme_id
            )
        return Q(from_country=grant.country_id) | Q(to_country=grant.country_id)
