"""Filters of the care API: by record UUID, code and country. They narrow the scoped queryset;
they never widen it."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..codes import HomeKind, IncidentStatus, PlacementStatus, RequestStatus
from ..models import CareHome, ContactRestriction, Placement, PlacementRequest, SafeguardingIncident

COUNTRY = {"field_name": "country__code", "lookup_expr": "iexact", "label": _("Country (ISO 3166-1 code)")}


class CareHomeFilter(django_filters.FilterSet):
    site = django_filters.UUIDFilter(field_name="site__uuid", label=_("Village or provider UUID"))
    country = django_filters.CharFilter(**COUNTRY)
    kind = django_filters.ChoiceFilter(choices=HomeKind.choices)
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = CareHome
        fields: list[str] = []


class PlacementRequestFilter(django_filters.FilterSet):
    case = django_filters.UUIDFilter(field_name="case__uuid", label=_("Case UUID"))
    site = django_filters.UUIDFilter(field_name="site__uuid", label=_("Village or provider UUID"))
    country = django_filters.CharFilter(**COUNTRY)
    status = django_filters.ChoiceFilter(choices=RequestStatus.choices)

    class Meta:
        model = PlacementRequest
        fields: list[str] = []


class PlacementFilter(django_filters.FilterSet):
    home = django_filters.UUIDFilter(field_name="home__uuid", label=_("Home UUID"))
    child = django_filters.UUIDFilter(field_name="child__uuid", label=_("Child's person UUID"))
    request = django_filters.UUIDFilter(field_name="request__uuid", label=_("Placement request UUID"))
    site = django_filters.UUIDFilter(field_name="site__uuid", label=_("Village or provider UUID"))
    country = django_filters.CharFilter(**COUNTRY)
    status = django_filters.ChoiceFilter(choices=PlacementStatus.choices)
    review_overdue = django_filters.BooleanFilter(method="filter_review_overdue", label=_("Review overdue"))

    class Meta:
        model = Placement
        fields: list[str] = []

    def filter_review_overdue(self, queryset, name, value):
        overdue = {"status": PlacementStatus.ACTIVE, "next_review_due__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)


def placement_part_filter(model):
    """`?placement=<uuid>` and `?child=<uuid>` for the records of a placement."""
    filters = {
        "placement": django_filters.UUIDFilter(field_name="placement__uuid", label=_("Placement UUID")),
        "child": django_filters.UUIDFilter(
            field_name="placement__child__uuid", label=_("Child's person UUID")
        ),
    }
    return type(
        f"{model.__name__}Filter",
        (django_filters.FilterSet,),
        {**filters, "Meta": type("Meta", (), {"model": model, "fields": []})},
    )


class ContactRestrictionFilter(django_filters.FilterSet):
    child = django_filters.UUIDFilter(field_name="child__uuid", label=_("Child's person UUID"))
    in_force = django_filters.BooleanFilter(method="filter_in_force", label=_("In force today"))

    class Meta:
        model = ContactRestriction
        fields: list[str] = []

    def filter_in_force(self, queryset, name, value):
        in_force = queryset.in_force()
        return in_force if value else queryset.exclude(pk__in=in_force.values("pk"))


class IncidentFilter(django_filters.FilterSet):
    placement = django_filters.UUIDFilter(field_name="placement__uuid", label=_("Placement UUID"))
    child = django_filters.UUIDFilter(field_name="placement__child__uuid", label=_("Child's person UUID"))
    status = django_filters.ChoiceFilter(choices=IncidentStatus.choices)

    class Meta:
        model = SafeguardingIncident
        fields: list[str] = []
