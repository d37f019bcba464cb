"""Consent and assent to the processing of a child's data, and the legal basis used without it.

The checklist follows the HTCDS 2.0 consent guidance (con_Consent, from IOM's screening form): the
person consents (or, for a younger child, assents) to the interview and has been told the purpose,
the use of the data, research use of non-identifying data, the right to ask for their data, how long
it is kept and how to withdraw.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .case import Case, CasePart

__all__ = [
    "CONSENT_CHECKLIST",
    "Consent",
    "ConsentGiver",
    "ConsentKind",
    "ConsentPurpose",
    "LegalBasis",
    "LegalBasisCode",
    "LegalBasisStatus",
]


class ConsentGiver(models.TextChoices):
    CHILD = "child", _("The child")
    CAREGIVER = "caregiver", _("A parent or caregiver")
    GUARDIAN = "guardian", _("A legal guardian")


class ConsentKind(models.TextChoices):
    CONSENT = "consent", _("Consent")
    ASSENT = "assent", _("Assent (a younger child's agreement)")


class ConsentPurpose(models.TextChoices):
    """What the data may be used for."""

    REGISTRATION = "registration", _("Registration and case management")
    SHARING = "sharing", _("Sharing with other organisations (referrals, transfers)")
    TRACING = "tracing", _("Family tracing")
    RESEARCH = "research", _("Research use of non-identifying data")


def _purpose_labels(codes) -> list[str]:
    labels = dict(ConsentPurpose.choices)
    return [str(labels.get(code, code)) for code in codes or []]


# The HTCDS checklist, in its order: (field name, question).
CONSENT_CHECKLIST = [
    ("consents_to_interview", _("Does the person consent (or assent) to the interview?")),
    ("informed_of_purpose", _("Has the person been told the purpose of the interview?")),
    (
        "informed_of_data_use",
        _("Has the person been told the actual and potential use of the data gathered?"),
    ),
    (
        "informed_of_research_use",
        _("Has the person been told about the use of non-identifying data for research?"),
    ),
    (
        "informed_of_right_to_request_data",
        _("Has the person been told they may ask for their personal data at any time?"),
    ),
    ("informed_of_storage_period", _("Has the person been told how long the data will be stored?")),
    ("informed_how_to_withdraw", _("Has the person been told how to withdraw consent?")),
]


class Consent(CasePart):
    """A consent or assent given for a case: by whom, when, for which purposes, and its withdrawal."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="consents")
    given_by = models.CharField(_("given by"), max_length=20, choices=ConsentGiver.choices)
    given_by_person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person who gave it"),
    )
    kind = models.CharField(_("consent or assent"), max_length=10, choices=ConsentKind.choices)
    purposes = models.JSONField(_("purposes"), default=list)
    given_at = models.DateTimeField(_("given"))
    consents_to_interview = models.BooleanField(_("consents or assents to the interview"), default=False)
    informed_of_purpose = models.BooleanField(_("informed of the purpose"), default=False)
    informed_of_data_use = models.BooleanField(_("informed of the use of the data"), default=False)
    informed_of_research_use = models.BooleanField(
        _("informed of research use of non-identifying data"), default=False
    )
    informed_of_right_to_request_data = models.BooleanField(
        _("informed of the right to request their data"), default=False
    )
    informed_of_storage_period = models.BooleanField(_("informed how long data is stored"), default=False)
    informed_how_to_withdraw = models.BooleanField(_("informed how to withdraw"), default=False)
    note = models.TextField(_("note"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_note = models.TextField(_("withdrawal note"), blank=True)

    class Meta:
        ordering = ["-given_at", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self):
        return f"{self.case_id} {self.given_by} {self.kind}"

    @property
    def is_current(self) -> bool:
        """In force: agreed, not withdrawn, and a consent (an assent alone does not authorise)."""
        return (
            self.kind == ConsentKind.CONSENT
            and self.consents_to_interview
            and self.withdrawn_at is None
            and not self.is_deleted
        )

    def purpose_labels(self) -> list[str]:
        return _purpose_labels(self.purposes)

    def checklist(self) -> list[tuple[str, bool]]:
        return [(question, getattr(self, name)) for name, question in CONSENT_CHECKLIST]


class LegalBasisCode(models.TextChoices):
    BEST_INTERESTS = "best_interests_protection", _("The child's best interests and protection")
    LEGAL_OBLIGATION = "legal_obligation", _("A legal obligation")
    COURT_ORDER = "court_order", _("A court order")
    VITAL_INTERESTS = "vital_interests", _("The child's vital interests (life or safety at risk)")


class LegalBasisStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for a supervisor")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class LegalBasis(CasePart):
    """The legal ground for processing a child's data without consent, approved by a supervisor."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="legal_bases")
    basis = models.CharField(_("legal basis"), max_length=40, choices=LegalBasisCode.choices)
    purposes = models.JSONField(_("purposes"), default=list)
    explanation = models.TextField(_("why consent cannot be obtained and why this basis applies"))
    status = models.CharField(
        _("status"), max_length=20, choices=LegalBasisStatus.choices, default=LegalBasisStatus.REQUESTED
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")

    def __str__(self):
        return f"{self.case_id} {self.basis} {self.status}"

    def purpose_labels(self) -> list[str]:
        return _purpose_labels(self.purposes)

    @property
    def is_approved(self) -> bool:
        return self.status == LegalBasisStatus.APPROVED and not self.is_deleted
