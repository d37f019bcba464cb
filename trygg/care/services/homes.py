"""Homes where children live: create and change them, count who lives there, and propose homes
with room for a whole group of brothers and sisters.

Occupancy is never stored: it is counted from the active placements, so it is always current.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trygg.accounts.models import Membership, User
from trygg.accounts.roles import roles_granting
from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.core.models import ReferenceCounter
from trygg.core.services import OutOfScope, apply_changes, ensure_in_scope, save_versioned

from ..codes import HomeKind, PlacementStatus
from ..models import CareHome, Placement
from .config import check_version, permits

# Supported independent living takes young people who left care, into their twenties.
MAX_AGE_TAKEN = 25
HOME_FIELDS = (
    "site",
    "name",
    "kind",
    "capacity",
    "age_min",
    "age_max",
    "carer_names",
    "notes",
    "is_active",
)


@dataclass(frozen=True)
class HomeProposal:
    """A home with room for the whole group: how many places are free now and taken now."""

    home: CareHome
    free: int
    occupied: int


def next_home_reference(country) -> str:
    """KE-CH-000001 ("care home"; the H series belongs to households)."""
    return f"{country.code}-CH-{ReferenceCounter.next_value(f'{country.code}-CH'):06d}"


def occupied_count(home) -> int:
    return Placement.objects.filter(home=home, status=PlacementStatus.ACTIVE, is_deleted=False).count()


def with_occupancy(qs):
    """The homes annotated `occupied` (children living there now) and `free` (places left; below
    zero after an override). A subquery each, so that joins elsewhere never repeat a count."""
    living = (
        Placement.objects.filter(home=OuterRef("pk"), status=PlacementStatus.ACTIVE, is_deleted=False)
        .order_by()
        .values("home")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(
        occupied=Coalesce(Subquery(living, output_field=IntegerField()), Value(0)),
    ).annotate(free=F("capacity") - F("occupied"))


def eligible_carers(country, site=None):
    """Active users who would see a home's children if listed as its carers: those holding the
    own-home permission in the home's country (and its site)."""
    today = timezone.localdate()
    reach = Q(country=country, site__isnull=True, programme__isnull=True)
    if site is not None:
        reach |= Q(country=country, site=site)
        if site.programme_id:
            reach |= Q(country=country, programme_id=site.programme_id)
    memberships = Membership.objects.filter(
        reach,
        Q(valid_from__isnull=True) | Q(valid_from__lte=today),
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        is_active=True,
        role__in=roles_granting("placement.view_own_home"),
    )
    return User.objects.filter(is_active=True, pk__in=memberships.values("user_id")).order_by(
        "full_name", "email"
    )


def _validate_home(data: dict, country, carers) -> None:
    errors = {}
    site = data.get("site")
    if site is not None and site.country_id != country.pk:
        errors["site"] = _("The village or provider must be in the home's country.")
    if not (data.get("name") or "").strip():
        errors["name"] = _("Give the home a name.")
    if data.get("kind") not in HomeKind.values:
        errors["kind"] = _("Choose the kind of home.")
    capacity = data.get("capacity")
    if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 1:
        errors["capacity"] = _("A home has at least one place.")
    age_min, age_max = data.get("age_min"), data.get("age_max")
    if not all(isinstance(a, int) and 0 <= a <= MAX_AGE_TAKEN for a in (age_min, age_max)):
        errors["age_max"] = _("Give ages between 0 and %(max)s.") % {"max": MAX_AGE_TAKEN}
    elif age_min > age_max:
        errors["age_max"] = _("The oldest age taken cannot be below the youngest.")
    if carers is not None:
        allowed = set(eligible_carers(country, site).values_list("pk", flat=True))
        if any(carer.pk not in allowed for carer in carers):
            errors["carers"] = _(
                "Every carer with a Trygg account needs the SOS parent or carer role in this "
                "country or village."
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_home(
    *,
    acting_user,
    country,
    site=None,
    name,
    kind,
    capacity,
    age_min=0,
    age_max=17,
    carer_names="",
    carers=(),
    notes="",
) -> CareHome:
    """Add a home (an SOS family in a village, a foster or kinship family, a partner facility,
    supported independent living)."""
    if not permits(acting_user, "carehome.add", country.pk, site):
        raise OutOfScope(_("You cannot add homes in this country or village."))
    carers = list(carers or ())
    data = {
        "site": site,
        "name": (name or "").strip(),
        "kind": kind,
        "capacity": capacity,
        "age_min": age_min,
        "age_max": age_max,
    }
    _validate_home(data, country, carers)
    home = CareHome.objects.create(
        reference=next_home_reference(country),
        country=country,
        carer_names=carer_names or "",
        notes=notes or "",
        created_by=acting_user,
        updated_by=acting_user,
        **data,
    )
    if carers:
        home.carers.set(carers)
    record_event(
        AuditEvent.Action.CREATE,
        actor=acting_user,
        obj=home,
        fields=[*data, "carer_names", "notes", *(["carers"] if carers else [])],
        detail={"capacity": home.capacity, "kind": home.kind},
    )
    ensure_in_scope(home, acting_user, "view")
    return home


@transaction.atomic
def update_home(home, *, acting_user, expected_version, carers=None, **changes) -> CareHome:
    """Change a home. Its places never go below the number of children living there, and it
    does not move to another village while children live there."""
    unknown = set(changes) - set(HOME_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    home = CareHome.objects.select_for_update().get(pk=home.pk)
    ensure_in_scope(home, acting_user, "change")
    check_version(home, expected_version)
    if changes.get("site") is not None and not permits(
        acting_user, "carehome.change", home.country_id, changes["site"]
    ):
        raise OutOfScope(_("You cannot move a home to this village."))
    if "name" in changes:
        changes["name"] = (changes["name"] or "").strip()
    merged = {name: getattr(home, name) for name in HOME_FIELDS} | changes
    carers = None if carers is None else list(carers)
    _validate_home(merged, home.country, carers)
    occupied = occupied_count(home)
    errors = {}
    if merged["capacity"] < occupied:
        errors["capacity"] = ngettext(
            "%(occupied)s child lives in this home: its places cannot go below that.",
            "%(occupied)s children live in this home: its places cannot go below that.",
            occupied,
        ) % {"occupied": occupied}
    if occupied and "site" in changes and getattr(changes["site"], "pk", None) != home.site_id:
        errors["site"] = _("Children live in this home: it cannot move to another village.")
    if errors:
        raise ValidationError(errors)
    changed = apply_changes(home, changes)
    carers_changed = carers is not None and {c.pk for c in carers} != set(
        home.carers.values_list("pk", flat=True)
    )
    if carers_changed:
        home.carers.set(carers)
    if changed or carers_changed:
        save_versioned(home, expected_version=expected_version, acting_user=acting_user, changed=changed)
        record_event(
            AuditEvent.Action.UPDATE,
            actor=acting_user,
            obj=home,
            fields=[*changed, *(["carers"] if carers_changed else [])],
            detail={"capacity": home.capacity} if "capacity" in changed else None,
        )
    ensure_in_scope(home, acting_user, "change")
    return home


def propose_homes(children, *, user, country, site=None, today=None) -> list[HomeProposal]:
    """Active homes the user may see in the country with room for the whole group and an age
    range that takes every child: the village asked for first, then the best fit (fewest places
    left after placing), then by name. A home elsewhere in the country is still proposed when the
    village has no room, so that siblings can stay together."""
    children = list(children)
    today = today or timezone.localdate()
    country_id = getattr(country, "pk", country)
    ages = [child.age_on(today) for child in children]
    homes = with_occupancy(
        CareHome.objects.for_user(user, "view").active().filter(country_id=country_id)
    ).select_related("site")
    proposals = [
        HomeProposal(home, home.free, home.occupied)
        for home in homes
        if home.free >= len(children) and all(home.takes_age(age) for age in ages)
    ]
    site_id = getattr(site, "pk", site)
    proposals.sort(
        key=lambda p: (site_id is not None and p.home.site_id != site_id, p.free - len(children), p.home.name)
    )
    return proposals
