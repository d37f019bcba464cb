"""Helpers that bring care to the point a test needs, through the services (as users would).

Children are registered and cases opened by the country's caseworker; homes are added by the
village director (the care provider); panels are recorded by the supervisor.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from trygg.accounts.roles import Role
from trygg.cases.codes import RiskLevel
from trygg.cases.services.case import open_case
from trygg.people import services as people
from trygg.people.models import Gender, Relationship

from ..codes import HomeKind, NecessityReason, OptionTried, PanelDecision, PlacementType
from ..services import gatekeeping, homes, placements


def caseworker(world, code="KE"):
    return world.user(code, Role.CASEWORKER)


def supervisor(world, code="KE"):
    return world.user(code, Role.SUPERVISOR)


def director(world, code="KE"):
    """The village director (care provider role)."""
    return world.user(code, Role.CARE_PROVIDER)


def sos_parent(world, code="KE"):
    return world.user(code, Role.SOS_PARENT)


def born(years: int, days: int = 40) -> date:
    """A date of birth that makes the child `years` old today."""
    return timezone.localdate() - timedelta(days=365 * years + days)


def register_child(world, code="KE", *, given_name="Achieng", family_name="Odhiambo", age=9, **fields):
    return people.register_person(
        country=world.countries[code],
        acting_user=caseworker(world, code),
        given_name=given_name,
        family_name=family_name,
        gender=fields.pop("gender", Gender.FEMININE),
        date_of_birth=fields.pop("date_of_birth", born(age)),
        **fields,
    )


def siblings(world, code="KE", *, ages=(9, 12), family_name="Odhiambo", names=("Achieng", "Otieno")):
    """Brothers and sisters registered with a sibling relationship between the first and each other."""
    children = [
        register_child(world, code, given_name=name, family_name=family_name, age=age)
        for name, age in zip(names, ages, strict=False)
    ]
    for other in children[1:]:
        people.add_relationship(
            person=children[0],
            relative=other,
            kind=Relationship.Kind.SIBLING,
            acting_user=caseworker(world, code),
        )
    return children


def open_case_for(world, child, code=None):
    code = code or child.country.code
    return open_case(
        child=child,
        country=world.countries[code],
        risk_level=RiskLevel.HIGH,
        acting_user=caseworker(world, code),
    )


def village_home(world, code="KE", *, capacity=4, name=None, age_min=0, age_max=17, carers=(), **fields):
    """An SOS family in the country's children's village, added by the village director."""
    return homes.create_home(
        acting_user=director(world, code),
        country=world.countries[code],
        site=fields.pop("site", world.sites[code]),
        name=name or f"SOS family {code} {capacity}-{age_min}-{age_max}",
        kind=fields.pop("kind", HomeKind.SOS_FAMILY),
        capacity=capacity,
        age_min=age_min,
        age_max=age_max,
        carer_names=fields.pop("carer_names", "Mama Grace"),
        carers=carers,
        **fields,
    )


def requested(world, children, *, code="KE", emergency=False, case=None, requested_at=None):
    """A placement request on the first child's case (opened here unless given)."""
    children = list(children)
    case = case or open_case_for(world, children[0], code)
    return gatekeeping.request_placement(
        case,
        acting_user=caseworker(world, code),
        children=children,
        is_emergency=emergency,
        site=world.sites[code],
        requested_at=requested_at,
    )


ASSESSMENT = {
    "necessity_reasons": [NecessityReason.FAMILY_INVOLVED_IN_TRAFFICKING, NecessityReason.POVERTY],
    "necessity_explanation": "The uncle sold the children to a recruiter; the mother could not protect them.",
    "options_tried": [OptionTried.KINSHIP_CARE],
    "options_explanation": "The grandmother was asked; she lives with the uncle.",
    "childs_views": "Wants to stay with her brother and go to school.",
    "suitability": "An SOS family near the school, with room for both.",
}


def assessed(world, request, *, code="KE", **fields):
    return gatekeeping.complete_assessment(
        request,
        acting_user=caseworker(world, code),
        expected_version=request.version,
        **(ASSESSMENT | fields),
    )


def decided(world, request, *, code="KE", decision=PanelDecision.CARE_NECESSARY):
    return gatekeeping.record_panel_decision(
        request,
        acting_user=supervisor(world, code),
        expected_version=request.version,
        decision=decision,
        panel_members="Grace Wambui, supervisor\nPeter Mwangi, village director",
        panel_reasons="No safe family option; the children need a home together.",
    )


def approved_request(world, children, *, code="KE", **kwargs):
    """A request assessed and approved by the panel."""
    request = requested(world, children, code=code, **kwargs)
    request = assessed(world, request, code=code)
    return decided(world, request, code=code)


def place(world, request, homes_by_child, *, code="KE", user=None, started_on=None, **kwargs):
    """Place children ({child: home} or [PlacementSpec]) by the caseworker (long-term by default)."""
    return placements.place_children(
        request,
        acting_user=user or caseworker(world, code),
        homes=homes_by_child,
        placement_type=kwargs.pop("placement_type", PlacementType.LONG_TERM),
        started_on=started_on or timezone.localdate(),
        **kwargs,
    )


def placed_child(world, code="KE", *, home=None, age=9, given_name="Achieng", started_on=None, **kwargs):
    """(child, placement): one child placed in a home (a new village home unless given)."""
    child = register_child(world, code, given_name=given_name, age=age)
    home = home or village_home(world, code)
    request = approved_request(
        world,
        [child],
        code=code,
        requested_at=timezone.make_aware(datetime.combine(started_on, time(9))) if started_on else None,
    )
    (placement,) = place(world, request, {child: home}, code=code, started_on=started_on, **kwargs)
    return child, placement
