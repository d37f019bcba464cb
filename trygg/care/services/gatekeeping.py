"""Gatekeeping: is care necessary, and is it suitable?

A placement starts as a request on a child's case (for the child and any brothers and sisters to
be placed with them). The necessity and suitability assessment says why the child cannot stay
with or return to the family, what family-based options were tried first, and what the child
thinks; a named panel then decides. Poverty alone is never accepted as the reason (UN Guidelines
for the Alternative Care of Children, §15). In an emergency the child may be placed at once, and
the assessment must then be completed within the country's deadline.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.cases.models import Case
from trygg.core.models import ReferenceCounter
from trygg.core.services import OutOfScope, ensure_in_scope, save_versioned
from trygg.people.models import Person

from ..codes import POVERTY_ONLY, NecessityReason, OptionTried, PanelDecision, PlacementStatus, RequestStatus
from ..models import Placement, PlacementRequest
from .config import check_version, holds_on, permits, settings_for

POVERTY_ALONE_MESSAGE = gettext_lazy(
    "Poverty alone is never a reason to take a child into care (UN Guidelines for the Alternative "
    "Care of Children, §15): a family's poverty calls for support to the family, not for "
    "separating the child from it. Record the other reasons why the child cannot stay with or "
    "return to the family, or refer the family to family strengthening instead."
)

OPEN_STATUSES = (RequestStatus.ASSESSING, RequestStatus.AWAITING_PANEL)
ASSESSMENT_FIELDS = (
    "necessity_reasons",
    "necessity_explanation",
    "options_tried",
    "options_explanation",
    "childs_views",
    "suitability",
)


def next_request_reference(country) -> str:
    """KE-PR-000001 ("placement request"; the P series belongs to persons)."""
    return f"{country.code}-PR-{ReferenceCounter.next_value(f'{country.code}-PR'):06d}"


def validate_necessity(reasons) -> None:
    """Refuse an empty list, unknown codes and poverty alone (forms and the API call this too)."""
    reasons = list(reasons or [])
    if not reasons:
        raise ValidationError(
            {
                "necessity_reasons": _(
                    "Give at least one reason why the child cannot stay with or return to the family."
                )
            }
        )
    unknown = [code for code in reasons if code not in NecessityReason.values]
    if unknown:
        raise ValidationError(
            {"necessity_reasons": _("Unknown reason: %(codes)s.") % {"codes": ", ".join(map(str, unknown))}}
        )
    if set(reasons) <= POVERTY_ONLY:
        raise ValidationError({"necessity_reasons": str(POVERTY_ALONE_MESSAGE)})


def _lock(request) -> PlacementRequest:
    return PlacementRequest.objects.select_for_update().get(pk=request.pk)


def _require_change(request, user) -> None:
    ensure_in_scope(request, user, "view")
    if not holds_on(user, "placement.change", request):
        raise OutOfScope(_("You cannot work on this placement request."))


@transaction.atomic
def request_placement(
    case, *, acting_user, children, is_emergency=False, site=None, requested_at=None
) -> PlacementRequest:
    """Ask for care for the case's child (and brothers and sisters to be placed with them).

    An emergency request lets the child be placed at once; its assessment is due within the
    country's `emergency_assessment_hours`.
    """
    if not Case.objects.for_user(acting_user, "view").filter(pk=case.pk).exists():
        raise OutOfScope(_("The case is not in your scope."))
    if not permits(acting_user, "placement.add", case.country_id, site):
        raise OutOfScope(_("You cannot request placements in this country or village."))
    now = timezone.now()
    requested_at = requested_at or now
    children = list(dict.fromkeys(children or []))
    errors = {}
    if case.is_closed:
        errors["case"] = _("This case is closed. A supervisor can reopen it before care is requested.")
    if site is not None and site.country_id != case.country_id:
        errors["site"] = _("The village or provider must be in the case's country.")
    if requested_at > now:
        errors["requested_at"] = _("A request cannot be made in the future.")
    if case.child_id not in {child.pk for child in children}:
        errors["children"] = _("The child of the case is one of the children to be placed.")
    else:
        errors.update(_check_children(children, case, acting_user, requested_at))
    if errors:
        raise ValidationError(errors)

    settings = settings_for(case.country_id)
    request = PlacementRequest.objects.create(
        reference=next_request_reference(case.country),
        country_id=case.country_id,
        site=site,
        case=case,
        is_emergency=bool(is_emergency),
        status=RequestStatus.ASSESSING,
        requested_at=requested_at,
        requested_by=acting_user,
        assessment_due=(
            requested_at + timedelta(hours=settings.emergency_assessment_hours) if is_emergency else None
        ),
        created_by=acting_user,
        updated_by=acting_user,
    )
    request.children.set(children)
    record_event(
        AuditEvent.Action.CREATE,
        actor=acting_user,
        obj=request,
        fields=["case", "children", "is_emergency", "site", "requested_at"],
        detail={
            "case": str(case.uuid),
            "children": [str(child.uuid) for child in children],
            "is_emergency": request.is_emergency,
        },
        subjects=[child.uuid for child in children],
    )
    ensure_in_scope(request, acting_user, "view")
    return request


def _check_children(children, case, user, requested_at) -> dict:
    visible = set(
        Person.objects.for_user(user, "view")
        .filter(pk__in=[c.pk for c in children])
        .values_list("pk", flat=True)
    )
    placed = set(
        Placement.objects.filter(
            child__in=children, status=PlacementStatus.ACTIVE, is_deleted=False
        ).values_list("child_id", flat=True)
    )
    waiting = dict(
        PlacementRequest.children.through.objects.filter(
            person__in=children,
            placementrequest__status__in=OPEN_STATUSES,
            placementrequest__is_deleted=False,
        ).values_list("person_id", "placementrequest__reference")
    )
    day = timezone.localtime(requested_at).date()
    problems = []
    for child in children:
        name = {"name": child.full_name}
        if child.pk not in visible:
            problems.append(_("%(name)s is not in your scope.") % name)
        elif child.country_id != case.country_id:
            problems.append(_("%(name)s is registered in another country.") % name)
        elif child.pk in placed:
            problems.append(_("%(name)s already lives in a home: move the placement instead.") % name)
        elif child.pk in waiting:
            problems.append(
                _("%(name)s is already in placement request %(reference)s.")
                % {**name, "reference": waiting[child.pk]}
            )
        elif (child.age_on(day) or 0) >= 18:
            problems.append(_("%(name)s is 18 or older: care is requested for children.") % name)
    return {"children": " ".join(problems)} if problems else {}


@transaction.atomic
def complete_assessment(
    request,
    *,
    acting_user,
    expected_version,
    necessity_reasons,
    necessity_explanation,
    options_tried,
    options_explanation,
    childs_views,
    suitability="",
) -> PlacementRequest:
    """Record the necessity and suitability assessment; the request waits for the panel."""
    request = _lock(request)
    _require_change(request, acting_user)
    check_version(request, expected_version)
    if request.status != RequestStatus.ASSESSING:
        raise ValidationError(_("The assessment of this request is already complete."))
    errors = {}
    try:
        validate_necessity(necessity_reasons)
    except ValidationError as error:
        errors.update(error.message_dict)
    if not (necessity_explanation or "").strip():
        errors["necessity_explanation"] = _("Explain why the child cannot stay with or return to the family.")
    options = list(options_tried or [])
    if not options:
        errors["options_tried"] = _(
            "Say which family-based options were tried or weighed first, or that none was possible."
        )
    elif any(code not in OptionTried.values for code in options):
        errors["options_tried"] = _("Choose the options from the list.")
    elif OptionTried.NONE_POSSIBLE in options and len(options) > 1:
        errors["options_tried"] = _("Choose the options tried, or that none was possible, not both.")
    if not (options_explanation or "").strip():
        errors["options_explanation"] = _(
            "Say what was tried and why it was not enough, or why no family-based option was possible."
        )
    if not (childs_views or "").strip():
        errors["childs_views"] = _(
            "Write down the child's views: every child is heard before care is decided."
        )
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    request.necessity_reasons = list(dict.fromkeys(necessity_reasons))
    request.necessity_explanation = necessity_explanation.strip()
    request.options_tried = list(dict.fromkeys(options))
    request.options_explanation = options_explanation.strip()
    request.childs_views = childs_views.strip()
    request.suitability = (suitability or "").strip()
    request.status = RequestStatus.AWAITING_PANEL
    request.assessment_completed_at = now
    request.assessment_completed_by = acting_user
    save_versioned(
        request,
        expected_version=request.version,
        acting_user=acting_user,
        changed=[*ASSESSMENT_FIELDS, "status", "assessment_completed_at", "assessment_completed_by"],
    )
    record_event(
        AuditEvent.Action.UPDATE,
        actor=acting_user,
        obj=request,
        fields=[*ASSESSMENT_FIELDS, "status"],
        detail={
            "status": request.status,
            "necessity_reasons": request.necessity_reasons,
            "late": bool(request.assessment_due and now > request.assessment_due),
        },
    )
    return request


@transaction.atomic
def record_panel_decision(
    request, *, acting_user, expected_version, decision, panel_members, panel_reasons
) -> PlacementRequest:
    """The named panel's decision. Care not necessary declines the request; an emergency
    placement already made stays until it is ended through leaving care."""
    request = _lock(request)
    ensure_in_scope(request, acting_user, "view")
    if not holds_on(acting_user, "placement.approve", request):
        raise OutOfScope(_("Only a supervisor or the village director records the panel's decision."))
    check_version(request, expected_version)
    if request.status != RequestStatus.AWAITING_PANEL:
        raise ValidationError(_("The panel decides once the assessment is complete, and only once."))
    errors = {}
    if decision not in PanelDecision.values:
        errors["decision"] = _("Choose the panel's decision.")
    members = [line.strip() for line in (panel_members or "").splitlines() if line.strip()]
    if not members:
        errors["panel_members"] = _("Name the panel members, one per line.")
    if not (panel_reasons or "").strip():
        errors["panel_reasons"] = _("Give the reasons for the panel's decision.")
    if errors:
        raise ValidationError(errors)
    request.panel_decision = decision
    request.panel_members = "\n".join(members)
    request.panel_reasons = panel_reasons.strip()
    request.status = (
        RequestStatus.APPROVED if decision == PanelDecision.CARE_NECESSARY else RequestStatus.DECLINED
    )
    request.decided_at = timezone.now()
    request.decided_by = acting_user
    save_versioned(
        request,
        expected_version=request.version,
        acting_user=acting_user,
        changed=["panel_decision", "panel_members", "panel_reasons", "status", "decided_at", "decided_by"],
    )
    record_event(
        AuditEvent.Action.UPDATE,
        actor=acting_user,
        obj=request,
        fields=["panel_decision", "panel_members", "panel_reasons", "status"],
        detail={"status": request.status, "decision": decision},
    )
    return request


@transaction.atomic
def withdraw_request(request, *, acting_user, expected_version, reason) -> PlacementRequest:
    """Withdraw a request that is no longer needed; children already placed from it stay until
    their placement ends through leaving care, so a request with children living in care cannot
    be withdrawn."""
    request = _lock(request)
    _require_change(request, acting_user)
    check_version(request, expected_version)
    if request.status not in (*OPEN_STATUSES, RequestStatus.APPROVED):
        raise ValidationError(_("This request is already decided or withdrawn."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the request is withdrawn.")})
    if request.placements.filter(status=PlacementStatus.ACTIVE, is_deleted=False).exists():
        raise ValidationError(
            _(
                "Children placed from this request live in care: end their placements through leaving "
                "care first."
            )
        )
    request.status = RequestStatus.WITHDRAWN
    request.withdrawn_reason = reason.strip()
    save_versioned(
        request,
        expected_version=request.version,
        acting_user=acting_user,
        changed=["status", "withdrawn_reason"],
    )
    record_event(
        AuditEvent.Action.UPDATE,
        actor=acting_user,
        obj=request,
        fields=["status", "withdrawn_reason"],
        detail={"status": request.status},
    )
    return request
