"""What the case core contributes to the stage rules, the case page and the timeline.

- Beyond registration (assessment and every later working stage) the child's data may only be
  processed with a consent in force that covers registration, or a legal basis a supervisor
  approved.
- The consent panel on the case page.
- Labels for the timeline lines the case core writes. Other parts add theirs with
  `register_event_labels({"screening_recorded": _("Screening recorded")})`, and a short
  description of a line with `register_event_describers({"screening_recorded": fn})`, where
  `fn(detail) -> str` reads the line's `detail` only (no queries: a timeline page runs a
  constant number of them).
"""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from .codes import Stage
from .models import CONSENT_CHECKLIST, Consent, ConsentPurpose, LegalBasis
from .panels import register_panel
from .services.stages import register_requirement

EVENT_LABELS: dict[str, str] = {}


def register_event_labels(labels: dict) -> None:
    EVENT_LABELS.update(labels)


def event_label(kind: str) -> str:
    """A translated label for a timeline kind; an unknown kind reads as its code, never fails."""
    return EVENT_LABELS.get(kind) or kind.replace("_", " ").capitalize()


EVENT_DESCRIBERS: dict[str, Callable] = {}


def register_event_describers(describers: dict[str, Callable]) -> None:
    EVENT_DESCRIBERS.update(describers)


def event_description(event) -> str:
    """A sentence about a line's detail from its part's describer; empty when it has none."""
    describer = EVENT_DESCRIBERS.get(event.kind)
    return str(describer(event.detail or {})) if describer else ""


def code_labels(choices, codes) -> str:
    """The labels of a list of codes, joined; an unknown code reads as itself."""
    labels = dict(choices)
    return ", ".join(str(labels.get(code, code)) for code in codes or [] if code)


register_event_labels(
    {
        "opened": _("Case opened"),
        "risk_changed": _("Risk level changed"),
        "first_action": _("First action taken"),
        "stage_changed": _("Stage changed"),
        "assigned": _("Assignment changed"),
        "closure_requested": _("Closure requested"),
        "closure_rejected": _("Closure refused"),
        "closed": _("Case closed"),
        "reopened": _("Case reopened"),
        "consent_recorded": _("Consent recorded"),
        "consent_withdrawn": _("Consent withdrawn"),
        "legal_basis_requested": _("Legal basis requested"),
        "legal_basis_approved": _("Legal basis approved"),
        "legal_basis_rejected": _("Legal basis refused"),
    }
)


def consent_or_legal_basis(case):
    from .services.consent import consent_allows

    if consent_allows(case, ConsentPurpose.REGISTRATION):
        return None
    return _(
        "Record a consent to registration and the interview (from the child, a caregiver or a "
        "guardian), or have a supervisor approve a legal basis, before processing beyond registration."
    )


for _stage in (Stage.ASSESSMENT, Stage.CASE_PLANNING, Stage.IMPLEMENTATION, Stage.FOLLOW_UP):
    register_requirement(_stage, consent_or_legal_basis)


def consent_panel_context(case, request) -> dict:
    """Consents and legal bases of the case (two queries), and what the user may do with them."""
    from .services.case import case_permits

    user = request.user
    consents = list(
        Consent.objects.for_user(user)
        .filter(case=case)
        .select_related("given_by_person")
        .order_by("-given_at")
    )
    legal_bases = list(
        LegalBasis.objects.for_user(user)
        .filter(case=case)
        .select_related("created_by", "decided_by")
        .order_by("-created_at")
    )
    allowed = set()
    for consent in consents:
        if consent.is_current:
            allowed.update(consent.purposes)
    for basis in legal_bases:
        if basis.is_approved:
            allowed.update(basis.purposes)
    labels = dict(ConsentPurpose.choices)
    can_change = not case.is_closed and case_permits(user, "case.change", case)
    return {
        "consents": consents,
        "legal_bases": legal_bases,
        "purposes": [(code, labels[code], code in allowed) for code in ConsentPurpose.values],
        "registration_allowed": ConsentPurpose.REGISTRATION in allowed,
        "checklist": CONSENT_CHECKLIST,
        "can_change": can_change,
        "can_approve": not case.is_closed and case_permits(user, "case.approve", case),
    }


register_panel(
    "consent",
    order=5,
    template="cases/case/consent_panel.html",
    context=consent_panel_context,
)
