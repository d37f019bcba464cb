"""Filters for geo lists, shared by the pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Country, Location, LocationImport, Programme, Site


class SearchFilterSet(django_filters.FilterSet):
    """A `q` parameter matched against `search_lookups` (any of them)."""

    search_lookups: tuple[str, ...] = ()

    q = django_filters.CharFilter(label=_("Search"), method="search")

    def search(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        condition = Q()
        for lookup in self.search_lookups:
            condition |= Q(**{lookup: value})
        return queryset.filter(condition)


def _country_filter():
    return django_filters.CharFilter(
        field_name="country__code", lookup_expr="iexact", label=_("Country"), help_text=_("ISO code.")
    )


class CountryFilter(SearchFilterSet):
    search_lookups = ("code__iexact", "alpha3__iexact", "name__icontains")

    is_operating = django_filters.BooleanFilter(label=_("Organisation works here"))

    class Meta:
        model = Country
        fields = ["q", "is_operating"]


class LocationFilter(SearchFilterSet):
    search_lookups = ("name__icontains", "code__iexact")

    q = django_filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Part of the name, or the exact code.")
    )

    country = _country_filter()
    level = django_filters.NumberFilter(label=_("Administrative level"))
    parent = django_filters.UUIDFilter(
        field_name="parent__uuid", label=_("Parent"), help_text=_("Only the sub-locations of this one.")
    )

    class Meta:
        model = Location
        fields = ["country", "level", "parent", "q"]


class ProgrammeFilter(SearchFilterSet):
    search_lookups = ("name__icontains",)

    country = _country_filter()
    kind = django_filters.ChoiceFilter(choices=Programme.Kind.choices, label=_("Kind"))

    class Meta:
        model = Programme
        fields = ["country", "kind", "q"]


class SiteFilter(SearchFilterSet):
    search_lookups = ("name__icontains",)

    country = _country_filter()
    kind = django_filters.ChoiceFilter(choices=Site.Kind.choices, label=_("Kind"))
    programme = django_filters.UUIDFilter(field_name="programme__uuid", label=_("Programme"))

    class Meta:
        model = Site
        fields = ["country", "kind", "programme", "q"]


class LocationImportFilter(django_filters.FilterSet):
    country = _country_filter()
    status = django_filters.ChoiceFilter(choices=LocationImport.Status.choices, label=_("Status"))

    class Meta:
        model = LocationImport
        fields = ["country", "status"]
