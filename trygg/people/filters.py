"""Filters for the people pages and API.

The API filters take codes (country ISO code, site UUID); the page filters offer the same choices
as select boxes, limited to what the user can see.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.geo.models import Country, Site

from .models import Gender, Household, HouseholdMember, Person, Relationship
from .querysets import adult_cutoff, search_text

SEARCH_WIDGET = forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"})


ANY = _("Any")


class AgeGroup:
    CHILD = "child"
    ADULT = "adult"
    CHOICES = [(CHILD, _("Children (under 18)")), (ADULT, _("Adults (18 and over)"))]


class _PersonFilterBase(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        widget=SEARCH_WIDGET,
        label=_("Name or reference"),
        help_text=_("Any of the names, or a reference such as KE-P-000123. Accents and case do not matter."),
    )
    gender = django_filters.ChoiceFilter(choices=Gender.choices, label=_("Sex / gender"), empty_label=ANY)
    age_group = django_filters.ChoiceFilter(
        choices=AgeGroup.CHOICES, method="filter_age_group", label=_("Child or adult"), empty_label=ANY
    )

    class Meta:
        model = Person
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_age_group(self, queryset, name, value):
        cutoff = adult_cutoff()
        if value == AgeGroup.CHILD:
            return queryset.filter(date_of_birth__gt=cutoff)
        if value == AgeGroup.ADULT:
            return queryset.filter(date_of_birth__lte=cutoff)
        return queryset


class PersonFilter(_PersonFilterBase):
    """API filters for persons."""

    country = django_filters.CharFilter(
        field_name="country__code", lookup_expr="iexact", label=_("Country (ISO 3166-1 code)")
    )
    site = django_filters.UUIDFilter(field_name="site__uuid", label=_("Site (UUID)"))
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Changed at or after (ISO 8601)")
    )


def _choice_filters(filterset, request, permission: str) -> None:
    """Fill the country and site select boxes with what the user may see."""
    user = getattr(request, "user", None)
    countries = Country.objects.offered_to(user, permission, whole_country_only=False).order_by("name")
    filterset.filters["country"].extra["choices"] = [(c.code, str(c)) for c in countries]
    sites = Site.objects.for_user(user).select_related("country").order_by("country__name", "name")
    several = len({site.country_id for site in sites}) > 1
    filterset.filters["site"].extra["choices"] = [
        (str(site.uuid), f"{site.name} ({site.country.code})" if several else site.name) for site in sites
    ]
    # Where first (country, site), then who (sex, age).
    first = ["q", "country", "site"]
    filterset.filters = {
        name: filterset.filters[name] for name in first + [n for n in filterset.filters if n not in first]
    }


class PersonSearchFilter(_PersonFilterBase):
    """The person search page: countries and sites as select boxes of what the user can see."""

    country = django_filters.ChoiceFilter(
        field_name="country__code", choices=[], label=_("Country"), empty_label=ANY
    )
    site = django_filters.ChoiceFilter(field_name="site__uuid", choices=[], label=_("Site"), empty_label=ANY)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        _choice_filters(self, request, "person.view")


class _HouseholdFilterBase(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        widget=SEARCH_WIDGET,
        label=_("Name or reference"),
        help_text=_("The household's name or a reference such as KE-H-000123."),
    )

    class Meta:
        model = Household
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        return search_text(queryset, value)


class HouseholdFilter(_HouseholdFilterBase):
    """API filters for households."""

    country = django_filters.CharFilter(
        field_name="country__code", lookup_expr="iexact", label=_("Country (ISO 3166-1 code)")
    )
    site = django_filters.UUIDFilter(field_name="site__uuid", label=_("Site (UUID)"))
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Changed at or after (ISO 8601)")
    )


class HouseholdSearchFilter(_HouseholdFilterBase):
    country = django_filters.ChoiceFilter(
        field_name="country__code", choices=[], label=_("Country"), empty_label=ANY
    )
    site = django_filters.ChoiceFilter(field_name="site__uuid", choices=[], label=_("Site"), empty_label=ANY)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        _choice_filters(self, request, "household.view")


class RelationshipFilter(django_filters.FilterSet):
    person = django_filters.UUIDFilter(field_name="person__uuid", label=_("Person (UUID)"))
    relative = django_filters.UUIDFilter(field_name="relative__uuid", label=_("Relative (UUID)"))
    kind = django_filters.ChoiceFilter(choices=Relationship.Kind.choices, label=_("Relationship"))
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Changed at or after (ISO 8601)")
    )

    class Meta:
        model = Relationship
        fields: list[str] = []


class HouseholdMemberFilter(django_filters.FilterSet):
    household = django_filters.UUIDFilter(field_name="household__uuid", label=_("Household (UUID)"))
    person = django_filters.UUIDFilter(field_name="person__uuid", label=_("Person (UUID)"))
    role = django_filters.ChoiceFilter(choices=HouseholdMember.Role.choices, label=_("Role in household"))

    class Meta:
        model = HouseholdMember
        fields: list[str] = []
