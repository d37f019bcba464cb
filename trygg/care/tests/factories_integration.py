"""Care records for the tests of what other pages show about care (work lists, continuum, safety
banner), built directly as a factory does: only the fields those pages read, with the dates a test
needs. The services' own tests build them through the services."""

from django.utils import timezone

from trygg.care.codes import HomeKind, PlacementStatus, PlacementType, RequestStatus, RestrictionKind
from trygg.care.models import CareHome, ContactRestriction, Placement, PlacementRequest
from trygg.core.models import ReferenceCounter


def _reference(country, series: str) -> str:
    return f"{country.code}-{series}-{ReferenceCounter.next_value(f'{country.code}-{series}'):06d}"


def care_home(country, *, site=None, name="SOS family Twiga", capacity=6, carers=()):
    home = CareHome.objects.create(
        reference=_reference(country, "CH"),
        country=country,
        site=site,
        name=name,
        kind=HomeKind.SOS_FAMILY,
        capacity=capacity,
    )
    home.carers.set(carers)
    return home


def placement_request(case, *, by, children=(), is_emergency=False, assessment_due=None, **fields):
    request = PlacementRequest.objects.create(
        reference=_reference(case.country, "PR"),
        country=case.country,
        site=case.site,
        case=case,
        is_emergency=is_emergency,
        requested_at=fields.pop("requested_at", timezone.now()),
        requested_by=by,
        assessment_due=assessment_due,
        status=fields.pop("status", RequestStatus.ASSESSING),
        **fields,
    )
    request.children.set([case.child, *children])
    return request


def placement(request, home, *, started_on, next_review_due, child=None, case=None, ended_on=None):
    return Placement.objects.create(
        country=request.country,
        site=home.site,
        request=request,
        case=case or request.case,
        child=child or request.case.child,
        home=home,
        placement_type=PlacementType.LONG_TERM,
        status=PlacementStatus.ENDED if ended_on else PlacementStatus.ACTIVE,
        started_on=started_on,
        ended_on=ended_on,
        next_review_due=next_review_due,
    )


def restriction(child, *, valid_from, kind=RestrictionKind.NO_CONTACT, **fields):
    fields.setdefault("restricted_name", "Uncle Musa")
    fields.setdefault("reason", "Sold the child to the traffickers.")
    return ContactRestriction.objects.create(
        country=child.country, child=child, kind=kind, valid_from=valid_from, **fields
    )
