"""Stored codes for family tracing and reunification (stable values; labels are translated)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RequestStatus(models.TextChoices):
    """Where a tracing request stands, from filing to reunification (or care)."""

    OPEN = "open", _("Open: searching")
    MATCH_PROPOSED = "match_proposed", _("Match proposed")
    MATCH_CONFIRMED = "match_confirmed", _("Match confirmed")
    REUNIFIED = "reunified", _("Reunified")
    CLOSED = "closed", pgettext_lazy("tracing request", "Closed")
    NOT_IN_BEST_INTEREST = (
        "not_in_best_interest",
        _("Return not in the child's best interest: referred to care"),
    )


# Requests that are still searching: matching runs for these (when consent is recorded).
SEARCHING = (RequestStatus.OPEN, RequestStatus.MATCH_PROPOSED)
# Requests whose story has ended: nothing more is recorded on them.
FINAL = (RequestStatus.CLOSED, RequestStatus.NOT_IN_BEST_INTEREST)


class RequesterRelationship(models.TextChoices):
    """How the person asking is related to the child they are looking for."""

    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    SIBLING = "sibling", _("Sibling")
    GRANDPARENT = "grandparent", _("Grandparent")
    AUNT_UNCLE = "aunt_uncle", _("Aunt or uncle")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    CAREGIVER = "caregiver", _("Caregiver")
    COMMUNITY_MEMBER = "community_member", _("Community member")
    ORGANISATION = "organisation", _("Organisation acting for the family")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed: waiting for review")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    # Another proposal of the same request was confirmed; this one is no longer in question.
    WITHDRAWN = "withdrawn", _("Withdrawn: another match was confirmed")


class VerificationOutcome(models.TextChoices):
    CONFIRMED = "confirmed", _("Relationship confirmed")
    NOT_RELATED = "not_related", _("Not related: the match was wrong")
    INCONCLUSIVE = "inconclusive", _("Inconclusive: more verification needed")


class BestInterestsDecision(models.TextChoices):
    REUNIFY = "reunify", _("Reunify with the family")
    NOT_IN_BEST_INTEREST = (
        "not_in_best_interest",
        _("Return is not in the child's best interest: refer to alternative care"),
    )


class DeterminationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")


class VisitOutcome(models.TextChoices):
    SETTLED = "settled", _("Settled and safe")
    CONCERNS = "concerns", _("Settled, with concerns to follow up")
    AT_RISK = "at_risk", _("At risk: protection action needed")
    NOT_FOUND = "not_found", _("Child not found at home")
    MOVED = "moved", _("Family moved away")


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class BatchPhase(models.TextChoices):
    INDEXING = "indexing", _("Indexing the children")
    MATCHING = "matching", _("Matching the open requests")
