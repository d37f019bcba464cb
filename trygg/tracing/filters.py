"""Filters for the tracing pages and API. Choices are limited to what the user can see."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.geo.models import Country

from .codes import ProposalStatus, RequestStatus
from .models import MatchProposal, TracingRequest

SEARCH_WIDGET = forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"})
ANY = _("Any")


class TracingRequestFilter(django_filters.FilterSet):
    """The request list: names sought or reference, status, country."""

    q = django_filters.CharFilter(
        method="filter_q",
        widget=SEARCH_WIDGET,
        label=_("Name or reference"),
        help_text=_("A name of the child sought, or a reference such as KE-T-000123."),
    )
    status = django_filters.ChoiceFilter(choices=RequestStatus.choices, label=_("Status"), empty_label=ANY)
    country = django_filters.ChoiceFilter(
        field_name="country__code", label=_("Country"), empty_label=ANY, choices=[]
    )

    class Meta:
        model = TracingRequest
        fields: list[str] = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        countries = Country.objects.offered_to(user, "tracing.view", whole_country_only=False).order_by(
            "name"
        )
        self.filters["country"].extra["choices"] = [(c.code, str(c)) for c in countries]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)


class TracingRequestApiFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Name or reference"))
    status = django_filters.ChoiceFilter(choices=RequestStatus.choices)
    country = django_filters.CharFilter(
        field_name="country__code", lookup_expr="iexact", label=_("Country (ISO 3166-1 code)")
    )
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Changed at or after (ISO 8601)")
    )

    class Meta:
        model = TracingRequest
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        return queryset.search(value)


class MatchProposalFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ProposalStatus.choices)
    request = django_filters.UUIDFilter(field_name="request__uuid", label=_("Tracing request UUID"))

    class Meta:
        model = MatchProposal
        fields: list[str] = []


def request_part_filter(model):
    """`?request=<uuid>` for the records that follow a match."""
    return type(
        f"{model.__name__}Filter",
        (django_filters.FilterSet,),
        {
            "request": django_filters.UUIDFilter(field_name="request__uuid", label=_("Tracing request UUID")),
            "Meta": type("Meta", (), {"model": model, "fields": []}),
        },
    )
