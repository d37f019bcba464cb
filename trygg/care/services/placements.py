"""Placements: placing children in homes, moves and care plan reviews (leaving care and aftercare
are in `leaving.py`).

The rules hold whatever page or endpoint calls them:
- a child is placed after the panel found care necessary, or at once in an emergency;
- brothers and sisters of one request live in one home unless a recorded reason says why not;
- a home never takes more children than its places, unless someone who may approve placements
  records an explicit reason (the override is audited);
- each placement is reviewed at least every three months, with the child taking part;
- many moves in a short time flag the child (placement stability).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.cases.models import Case
from trygg.core.services import OutOfScope, ensure_in_scope, save_versioned

from ..codes import LeavingRoute, PlacementStatus, PlacementType, RequestStatus
from ..models import CareHome, CareReview, Placement, PlacementRequest
from .config import check_version, permits, require_wide, settings_for


@dataclass(frozen=True)
class PlacementSpec:
    """One child and the home chosen for them."""

    child: object
    home: CareHome


@dataclass(frozen=True)
class Stability:
    """How often a child moved lately, and whether that raises the stability flag."""

    moves: int
    threshold: int
    window_days: int
    flagged: bool


def _locked(placement) -> Placement:
    return (
        Placement.objects.select_for_update(of=("self",))
        .select_related("site", "home", "child")
        .get(pk=placement.pk)
    )


def _check_day(day, field, *, not_before=None, before_message=None) -> None:
    if day is None:
        raise ValidationError({field: _("Give the date.")})
    if day > timezone.localdate():
        raise ValidationError({field: _("This date cannot be in the future.")})
    if not_before is not None and day < not_before:
        raise ValidationError({field: before_message})


def _specs(homes) -> list[PlacementSpec]:
    if isinstance(homes, dict):
        return [PlacementSpec(child, home) for child, home in homes.items()]
    return list(homes or [])


def _check_capacity(arriving: dict, *, user, over_capacity_reason) -> dict:
    """Lock the homes, count who lives there, and refuse a home that would overflow unless the
    override is given by someone who may approve placements. Returns home pk -> override detail."""
    locked = {
        home.pk: home
        for home in CareHome.objects.select_for_update().filter(pk__in=list(arriving)).order_by("pk")
    }
    occupied = dict(
        Placement.objects.filter(home__in=list(arriving), status=PlacementStatus.ACTIVE, is_deleted=False)
        .order_by()
        .values("home")
        .annotate(n=Count("pk"))
        .values_list("home", "n")
    )
    overrides = {}
    for home_pk, count in arriving.items():
        home = locked[home_pk]
        now_living = occupied.get(home_pk, 0)
        if now_living + count <= home.capacity:
            continue
        if not (over_capacity_reason or "").strip():
            raise ValidationError(
                {
                    "home": _(
                        "%(home)s has no room for %(count)s more (places: %(capacity)s, children living "
                        "there: %(occupied)s). Choose another home, or record an explicit override with "
                        "the reason (a supervisor or the village director)."
                    )
                    % {"home": home.name, "capacity": home.capacity, "occupied": now_living, "count": count}
                }
            )
        if not permits(user, "placement.approve", home.country_id, home.site):
            raise ValidationError(
                {
                    "over_capacity_reason": _(
                        "Only a supervisor or the village director may place a child in a home beyond "
                        "its places."
                    )
                }
            )
        overrides[home_pk] = {
            "capacity_override": True,
            "capacity": home.capacity,
            "occupied_after": now_living + count,
            "home": str(home.uuid),
        }
    return overrides


def _check_home(home, child, *, user, country_id, day, current_home_id=None) -> None:
    if not CareHome.objects.for_user(user, "view").filter(pk=home.pk).exists():
        raise ValidationError({"home": _("This home is not in your scope.")})
    if not home.is_active:
        raise ValidationError({"home": _("%(home)s does not take children now.") % {"home": home.name}})
    if home.country_id != country_id:
        raise ValidationError({"home": _("The home must be in the country of the request.")})
    if home.pk == current_home_id:
        raise ValidationError({"home": _("The child already lives in %(home)s.") % {"home": home.name}})
    if not permits(user, "placement.add", home.country_id, home.site):
        raise OutOfScope(_("You cannot place children in this home."))
    age = child.age_on(day)
    if not home.takes_age(age):
        raise ValidationError(
            {
                "home": ngettext(
                    "%(child)s is %(age)s year old; %(home)s takes children aged %(min)s to %(max)s.",
                    "%(child)s is %(age)s years old; %(home)s takes children aged %(min)s to %(max)s.",
                    age,
                )
                % {
                    "child": child.full_name,
                    "age": age,
                    "home": home.name,
                    "min": home.age_min,
                    "max": home.age_max,
                }
            }
        )


def _case_for(child, request):
    own = Case.objects.alive().open().filter(child=child, country_id=request.country_id).first()
    return own or request.case


@transaction.atomic
def place_children(
    request,
    *,
    acting_user,
    homes,
    placement_type,
    started_on,
    care_plan_goals="",
    separation_reason="",
    over_capacity_reason="",
) -> list[Placement]:
    """Place children of a request in homes (`homes`: {child: home} or a list of PlacementSpec).

    An approved request allows any placement type; an emergency request still in gatekeeping
    allows an emergency placement only.
    """
    request = PlacementRequest.objects.select_for_update().get(pk=request.pk)
    ensure_in_scope(request, acting_user, "view")
    if placement_type not in PlacementType.values:
        raise ValidationError({"placement_type": _("Choose the type of placement.")})
    in_gatekeeping = request.status in (RequestStatus.ASSESSING, RequestStatus.AWAITING_PANEL)
    if request.status != RequestStatus.APPROVED:
        if not (request.is_emergency and in_gatekeeping):
            raise ValidationError(
                _(
                    "A child is placed once the panel found care necessary and suitable, or at once "
                    "on an emergency request."
                )
            )
        if placement_type != PlacementType.EMERGENCY:
            raise ValidationError(
                {
                    "placement_type": _(
                        "Before the panel's decision, an emergency request allows an emergency "
                        "placement only."
                    )
                }
            )
    _check_day(
        started_on,
        "started_on",
        not_before=timezone.localtime(request.requested_at).date(),
        before_message=_("A placement cannot start before it was requested."),
    )
    specs = _specs(homes)
    if not specs:
        raise ValidationError({"home": _("Choose a home for each child to be placed.")})
    in_request = set(request.children.values_list("pk", flat=True))
    children = [spec.child for spec in specs]
    if len({c.pk for c in children}) != len(children):
        raise ValidationError({"home": _("Choose one home for each child.")})
    placed = set(
        Placement.objects.filter(
            child__in=children, status=PlacementStatus.ACTIVE, is_deleted=False
        ).values_list("child_id", flat=True)
    )
    for spec in specs:
        if spec.child.pk not in in_request:
            raise ValidationError(
                {
                    "home": _("%(child)s is not one of this request's children.")
                    % {"child": spec.child.full_name}
                }
            )
        if spec.child.pk in placed:
            raise ValidationError(
                {"home": _("%(child)s already lives in a home.") % {"child": spec.child.full_name}}
            )
        _check_home(spec.home, spec.child, user=acting_user, country_id=request.country_id, day=started_on)

    # Brothers and sisters together: the homes of this request's children living in care now.
    homes_used = {spec.home.pk for spec in specs} | set(
        request.placements.filter(status=PlacementStatus.ACTIVE, is_deleted=False).values_list(
            "home_id", flat=True
        )
    )
    separation_reason = (separation_reason or "").strip()
    if len(homes_used) > 1 and not separation_reason:
        raise ValidationError(
            {
                "separation_reason": _(
                    "Brothers and sisters are placed together unless that is not in their best "
                    "interest: say why they are placed in different homes."
                )
            }
        )
    arriving: dict[int, int] = {}
    for spec in specs:
        arriving[spec.home.pk] = arriving.get(spec.home.pk, 0) + 1
    overrides = _check_capacity(arriving, user=acting_user, over_capacity_reason=over_capacity_reason)

    interval = settings_for(request.country_id).review_interval_days
    placements = []
    for spec in specs:
        override = overrides.get(spec.home.pk)
        placement = Placement.objects.create(
            country_id=request.country_id,
            site_id=spec.home.site_id,
            request=request,
            case=_case_for(spec.child, request),
            child=spec.child,
            home=spec.home,
            placement_type=placement_type,
            status=PlacementStatus.ACTIVE,
            started_on=started_on,
            care_plan_goals=(care_plan_goals or "").strip(),
            next_review_due=started_on + timedelta(days=interval),
            separation_reason=separation_reason if len(homes_used) > 1 else "",
            over_capacity_reason=over_capacity_reason.strip() if override else "",
            created_by=acting_user,
            updated_by=acting_user,
        )
        record_event(
            AuditEvent.Action.CREATE,
            actor=acting_user,
            obj=placement,
            fields=[
                "child",
                "home",
                "placement_type",
                "started_on",
                "care_plan_goals",
                *(["separation_reason"] if placement.separation_reason else []),
                *(["over_capacity_reason"] if override else []),
            ],
            detail={
                "request": str(request.uuid),
                "home": str(spec.home.uuid),
                "placement_type": placement_type,
                "siblings_separated": len(homes_used) > 1,
                **(override or {}),
            },
            subjects=[spec.child.uuid],
        )
        ensure_in_scope(placement, acting_user, "view")
        placements.append(placement)
    return placements


@transaction.atomic
def move_placement(
    placement,
    *,
    acting_user,
    expected_version,
    to_home,
    moved_on,
    reason,
    placement_type=None,
    over_capacity_reason="",
) -> Placement:
    """Move a child to another home: the old placement ends (moved), a new one follows it."""
    placement = _locked(placement)
    require_wide(acting_user, "placement.change", placement, _("You cannot move this child."))
    check_version(placement, expected_version)
    if placement.status != PlacementStatus.ACTIVE:
        raise ValidationError(_("This placement has ended."))
    placement_type = placement_type or placement.placement_type
    if placement_type not in PlacementType.values:
        raise ValidationError({"placement_type": _("Choose the type of placement.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the child moves.")})
    _check_day(
        moved_on,
        "moved_on",
        not_before=placement.started_on,
        before_message=_("A move cannot come before the placement started."),
    )
    _check_home(
        to_home,
        placement.child,
        user=acting_user,
        country_id=placement.country_id,
        day=moved_on,
        current_home_id=placement.home_id,
    )
    overrides = _check_capacity({to_home.pk: 1}, user=acting_user, over_capacity_reason=over_capacity_reason)
    placement.status = PlacementStatus.ENDED
    placement.ended_on = moved_on
    placement.leaving_route = LeavingRoute.MOVED
    placement.leaving_notes = reason.strip()
    save_versioned(
        placement,
        expected_version=placement.version,
        acting_user=acting_user,
        changed=["status", "ended_on", "leaving_route", "leaving_notes"],
    )
    record_event(
        AuditEvent.Action.UPDATE,
        actor=acting_user,
        obj=placement,
        fields=["status", "ended_on", "leaving_route"],
        detail={"route": LeavingRoute.MOVED},
    )
    interval = settings_for(placement.country_id).review_interval_days
    override = overrides.get(to_home.pk)
    moved = Placement.objects.create(
        country_id=placement.country_id,
        site_id=to_home.site_id,
        request=placement.request,
        case=_case_for(placement.child, placement.request),
        child=placement.child,
        home=to_home,
        placement_type=placement_type,
        status=PlacementStatus.ACTIVE,
        started_on=moved_on,
        care_plan_goals=placement.care_plan_goals,
        # The review rhythm goes on: a move never puts off a review that was due sooner.
        next_review_due=min(placement.next_review_due, moved_on + timedelta(days=interval)),
        previous=placement,
        move_reason=reason.strip(),
        separation_reason=placement.separation_reason,
        over_capacity_reason=over_capacity_reason.strip() if override else "",
        created_by=acting_user,
        updated_by=acting_user,
    )
    record_event(
        AuditEvent.Action.CREATE,
        actor=acting_user,
        obj=moved,
        fields=["child", "home", "placement_type", "started_on", "previous", "move_reason"],
        detail={"home": str(to_home.uuid), "moved_from": str(placement.uuid), **(override or {})},
        subjects=[placement.child.uuid],
    )
    ensure_in_scope(moved, acting_user, "view")
    return moved


def stability(child, *, today=None) -> Stability:
    """Moves of the child that started within the country's window; flagged at the threshold."""
    settings = settings_for(child.country_id)
    today = today or timezone.localdate()
    since = today - timedelta(days=settings.stability_window_days)
    moves = Placement.objects.filter(
        child=child, previous__isnull=False, is_deleted=False, started_on__gte=since, started_on__lte=today
    ).count()
    return Stability(
        moves=moves,
        threshold=settings.stability_moves,
        window_days=settings.stability_window_days,
        flagged=moves >= settings.stability_moves,
    )


def unstable_child_ids(child_ids, country, *, today=None) -> set[int]:
    """The children among `child_ids` flagged by stability (one query, after the settings)."""
    settings = settings_for(country)
    today = today or timezone.localdate()
    since = today - timedelta(days=settings.stability_window_days)
    rows = (
        Placement.objects.filter(
            child_id__in=list(child_ids),
            previous__isnull=False,
            is_deleted=False,
            started_on__gte=since,
            started_on__lte=today,
        )
        .order_by()
        .values("child_id")
        .annotate(moves=Count("pk"))
        .filter(moves__gte=settings.stability_moves)
    )
    return {row["child_id"] for row in rows}


@transaction.atomic
def record_review(
    placement,
    *,
    acting_user,
    reviewed_on,
    progress,
    child_took_part=True,
    why_child_absent="",
    childs_views="",
    decisions="",
    next_review_due=None,
) -> CareReview:
    """Review the care plan with the child; it sets the next review, at most the country's
    interval later (at least every three months)."""
    placement = _locked(placement)
    require_wide(acting_user, "placement.change", placement, _("You cannot review this placement."))
    if placement.status != PlacementStatus.ACTIVE:
        raise ValidationError(_("This placement has ended."))
    _check_day(
        reviewed_on,
        "reviewed_on",
        not_before=placement.started_on,
        before_message=_("A review cannot come before the placement started."),
    )
    errors = {}
    if not (progress or "").strip():
        errors["progress"] = _("Describe the progress on the care plan's goals.")
    if not child_took_part and not (why_child_absent or "").strip():
        errors["why_child_absent"] = _(
            "The child takes part in every review: say why they did not take part this time."
        )
    latest = reviewed_on + timedelta(days=settings_for(placement.country_id).review_interval_days)
    next_review_due = next_review_due or latest
    if next_review_due > latest:
        errors["next_review_due"] = _(
            "Placements are reviewed at least every three months: the next review is due by "
            "%(date)s at the latest."
        ) % {"date": date_format(latest)}
    elif next_review_due <= reviewed_on:
        errors["next_review_due"] = _("The next review comes after this one.")
    if errors:
        raise ValidationError(errors)
    review = CareReview.objects.create(
        country_id=placement.country_id,
        site_id=placement.site_id,
        placement=placement,
        reviewed_on=reviewed_on,
        child_took_part=bool(child_took_part),
        why_child_absent="" if child_took_part else why_child_absent.strip(),
        childs_views=(childs_views or "").strip(),
        progress=progress.strip(),
        decisions=(decisions or "").strip(),
        next_review_due=next_review_due,
        reviewed_by=acting_user,
        created_by=acting_user,
        updated_by=acting_user,
    )
    record_event(
        AuditEvent.Action.CREATE,
        actor=acting_user,
        obj=review,
        fields=["reviewed_on", "child_took_part", "childs_views", "progress", "decisions", "next_review_due"],
        detail={"placement": str(placement.uuid), "child_took_part": review.child_took_part},
    )
    placement.next_review_due = next_review_due
    save_versioned(
        placement, expected_version=placement.version, acting_user=acting_user, changed=["next_review_due"]
    )
    record_event(
        AuditEvent.Action.UPDATE,
        actor=acting_user,
        obj=placement,
        fields=["next_review_due"],
        detail={"next_review_due": next_review_due.isoformat()},
    )
    return review


@transaction.atomic
def update_care_plan(placement, *, acting_user, expected_version, care_plan_goals) -> Placement:
    placement = _locked(placement)
    require_wide(acting_user, "placement.change", placement, _("You cannot change this care plan."))
    check_version(placement, expected_version)
    if placement.status != PlacementStatus.ACTIVE:
        raise ValidationError(_("This placement has ended."))
    placement.care_plan_goals = (care_plan_goals or "").strip()
    save_versioned(
        placement, expected_version=expected_version, acting_user=acting_user, changed=["care_plan_goals"]
    )
    record_event(AuditEvent.Action.UPDATE, actor=acting_user, obj=placement, fields=["care_plan_goals"])
    return placement
