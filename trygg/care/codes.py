"""Stored codes for alternative care (stable values; labels are translated).

The rules behind them follow the UN Guidelines for the Alternative Care of Children
(A/RES/64/142): care only when necessary and suitable, poverty alone never a reason, siblings kept
together, reviews at least every three months with the child, contact with the family.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class HomeKind(models.TextChoices):
    """What kind of home a child lives in."""

    SOS_FAMILY = "sos_family", _("SOS family")
    FOSTER_FAMILY = "foster_family", _("Foster family")
    KINSHIP_CARE = "kinship_care", _("Kinship carers")
    RESIDENTIAL = "residential_facility", _("Partner residential facility")
    INDEPENDENT_LIVING = "independent_living", _("Supported independent living")


class PlacementType(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency")
    SHORT_TERM = "short_term", _("Short-term")
    LONG_TERM = "long_term", _("Long-term")


class RequestStatus(models.TextChoices):
    """Where a placement request stands in gatekeeping."""

    ASSESSING = "assessing", _("Necessity and suitability being assessed")
    AWAITING_PANEL = "awaiting_panel", _("Assessment done: waiting for the panel")
    APPROVED = "approved", _("Care found necessary and suitable")
    DECLINED = "declined", _("Care not necessary: support the family instead")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class NecessityReason(models.TextChoices):
    """Why the child cannot stay with or return to the family."""

    ABUSE_OR_NEGLECT = "abuse_or_neglect", _("Abuse or neglect in the family")
    FAMILY_INVOLVED_IN_TRAFFICKING = (
        "family_involved_in_trafficking",
        _("A family member took part in the trafficking"),
    )
    ABANDONED = "abandoned", _("Abandoned")
    ORPHANED = "orphaned", _("Orphaned, no relative able to care")
    CAREGIVER_UNABLE = "caregiver_unable", _("Caregiver unable to care (illness, disability, prison)")
    FAMILY_NOT_TRACED = "family_not_traced", _("Family not yet traced")
    RETURN_NOT_IN_BEST_INTEREST = (
        "return_not_in_best_interest",
        _("Return found not to be in the child's best interest"),
    )
    POVERTY = "poverty", _("Poverty or material hardship")


# Poverty (or material hardship directly imputable to it) is never by itself a reason for care
# (UN Guidelines §15): a request needs at least one reason other than these.
POVERTY_ONLY = frozenset({NecessityReason.POVERTY})


class OptionTried(models.TextChoices):
    """What was tried, or weighed, before care: keeping the child in a family comes first."""

    FAMILY_STRENGTHENING = "family_strengthening", _("Family strengthening support")
    FINANCIAL_SUPPORT = "financial_support", _("Cash or material support")
    PARENTING_SUPPORT = "parenting_support", _("Parenting support")
    KINSHIP_CARE = "kinship_care", _("Care by relatives (kinship care)")
    COMMUNITY_CARE = "community_care", _("Care within the community")
    NONE_POSSIBLE = "none_possible", _("None possible (explain why)")


class PanelDecision(models.TextChoices):
    CARE_NECESSARY = "care_necessary", _("Care is necessary and suitable")
    NOT_NECESSARY = "not_necessary", _("Care is not necessary: support the family")


class PlacementStatus(models.TextChoices):
    ACTIVE = "active", _("Living here")
    ENDED = "ended", pgettext_lazy("placement", "Ended")


class LeavingRoute(models.TextChoices):
    """How a placement ends."""

    REINTEGRATION = "reintegration", _("Returned to the family (reintegration)")
    INDEPENDENT_LIVING = "independent_living", _("Moved to independent living")
    MOVED = "moved", _("Moved to another placement")
    OTHER = "other", _("Other (explain)")


class ContactKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    CALL = "call", _("Phone call")
    VIDEO_CALL = "video_call", _("Video call")
    LETTER = "letter", _("Letter or message")


class ContactStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HAPPENED = "happened", _("Happened")
    CANCELLED = "cancelled", pgettext_lazy("contact", "Cancelled")


class ContactOutcome(models.TextChoices):
    """How a contact went, from the child's point of view."""

    WENT_WELL = "went_well", _("Went well")
    MIXED = "mixed", _("Mixed")
    DIFFICULT = "difficult", _("Difficult for the child")


class RestrictionKind(models.TextChoices):
    NO_CONTACT = "no_contact", _("No contact at all")
    SUPERVISED_ONLY = "supervised_only", _("Supervised contact only")


class IncidentCategory(models.TextChoices):
    PHYSICAL_HARM = "physical_harm", _("Physical harm")
    SEXUAL_ABUSE = "sexual_abuse", _("Sexual abuse")
    EMOTIONAL_ABUSE = "emotional_abuse", _("Emotional abuse")
    NEGLECT = "neglect", _("Neglect")
    BULLYING = "bullying", _("Bullying by other children")
    SELF_HARM = "self_harm", _("Self-harm")
    MISSING = "missing", _("Child went missing")
    TRAFFICKER_CONTACT = "trafficker_contact", _("Contact or approach by a trafficker")
    OTHER = "other", _("Other")


class IncidentSeverity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("Open: follow-up under way")
    CLOSED = "closed", pgettext_lazy("incident", "Closed")


class AftercareSituation(models.TextChoices):
    """How a young person who left care is doing."""

    HOUSING_STABLE = "housing_stable", _("Has a stable place to live")
    IN_EDUCATION = "in_education", _("In education or training")
    IN_WORK = "in_work", _("In work")
    NEEDS_SUPPORT = "needs_support", _("Needs support")
    AT_RISK = "at_risk", _("At risk (exploitation, homelessness)")
    NOT_REACHED = "not_reached", _("Could not be reached")
