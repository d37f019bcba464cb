"""Filters for the case list page and the case API.

The page offers select boxes limited to what the user can see; the API takes codes (country ISO
code, site and user UUIDs). The exploitation-type filter reads the trafficking profile, so it is
offered only to users with the trafficking permission, and applies only to cases where they hold
it: otherwise the filter itself would tell what they may not read. For the same reason filters on
what a transferred case's summary hides (risk level, caseworker, exploitation type) never match
such a case (`CaseQuerySet.visible_in_full`).
"""

import re
import uuid

import django_filters
from django import forms
from django.apps import apps
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygg.core.scoping import country_ids_for, has_perm_anywhere
from trygg.geo.models import Country, Site
from trygg.people.models import Person
from trygg.people.querysets import NameMatch

from .codes import CaseStatus, ExploitationType, RiskLevel, Stage
from .models import Case, Consent, LegalBasis
from .services.case import eligible_users

ANY = _("Any")
SEARCH_WIDGET = forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"})
TRAFFICKING = "sensitive.trafficking"
ME = "me"
NOBODY = "none"
# A case reference, whole or in part: KE-2026-000123, ke-2026-0001, 2026-000123, 000123. Names hold
# no digits, so a query with digits and nothing but letters, digits and hyphens is a reference.
REFERENCE_SHAPE = re.compile(r"^(?=.*\d)[a-z0-9-]+$", re.IGNORECASE)
# A name search fetches the children's ids first when its words match at most this many keys.
FEW_CHILDREN = 3000
WHOLE_REFERENCE = re.compile(r"^[a-z]{2}-\d{4}-\d+$", re.IGNORECASE)


def _trafficking_profiles():
    try:
        return apps.get_model("cases", "TraffickingProfile").objects.filter(is_deleted=False)
    except LookupError:
        return None


def _exploitation_q(code: str) -> Q:
    """Profiles whose list of exploitation types holds `code` (a JSON list)."""
    if connection.vendor == "postgresql":
        return Q(types_of_exploitation__contains=[code])
    # SQLite has no JSON containment: match the quoted code in the stored JSON text.
    return Q(types_of_exploitation__icontains=f'"{code}"')


class _CaseFilterBase(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        widget=SEARCH_WIDGET,
        label=_("Child's name or case reference"),
        help_text=_(
            "Any of the child's names, or a reference such as KE-2026-000123. Accents and case do not matter."
        ),
    )
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("Stage"), empty_label=ANY)
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, label=_("Status"), empty_label=ANY)
    risk_level = django_filters.ChoiceFilter(
        choices=RiskLevel.choices, method="filter_risk_level", label=_("Risk level"), empty_label=ANY
    )
    exploitation_type = django_filters.ChoiceFilter(
        choices=ExploitationType.choices,
        method="filter_exploitation_type",
        label=_("Type of exploitation"),
        empty_label=ANY,
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label=_("Overdue"),
        help_text=_("First action or assessment later than its deadline."),
        widget=forms.Select(choices=[("", ANY), ("true", _("Overdue only")), ("false", _("Not overdue"))]),
    )

    class Meta:
        model = Case
        fields: list[str] = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if _trafficking_profiles() is None or not has_perm_anywhere(user, TRAFFICKING):
            del self.filters["exploitation_type"]

    @property
    def user(self):
        return getattr(self.request, "user", None)

    def filter_q(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        # One or the other, chosen by the query's shape: an OR of both would read every case.
        if REFERENCE_SHAPE.match(value):
            reference = value.upper()
            if WHOLE_REFERENCE.match(value):
                return queryset.filter(reference=reference)
            return queryset.filter(reference__contains=reference)
        # Name search: only children whose record the user may read, checked on each case's
        # own child row. The persons the words find are fetched first, up to FEW_CHILDREN: the
        # database then reads just their cases. More than that, and the name is common enough
        # that walking the newest cases until a page is full is quicker.
        queryset = queryset.filter(Person.objects.condition_for_user(self.user, through="child"))
        countries = country_ids_for(self.user, "person.view", whole_country_only=False)
        found = NameMatch(value, country_ids=countries)
        if not found:
            return queryset
        few = found.first(FEW_CHILDREN)
        if few is not None:
            return queryset.filter(child_id__in=few)
        return queryset.filter(found.as_condition("child_id"))

    def filter_risk_level(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.visible_in_full(self.user).filter(risk_level=value)

    def filter_exploitation_type(self, queryset, name, value):
        profiles = _trafficking_profiles()
        if not value or profiles is None:
            return queryset
        matching = profiles.filter(_exploitation_q(value)).values("case_id")
        return (
            queryset.where_user_holds(self.user, TRAFFICKING)
            .visible_in_full(self.user)
            .filter(pk__in=matching)
        )

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        # On the cases already in scope and filtered, so the database reads only those.
        return queryset.overdue() if value else queryset.not_overdue()

    def filter_assigned(self, queryset, name, value):
        if not value:
            return queryset
        queryset = queryset.visible_in_full(self.user)
        if value == ME:
            return queryset.filter(assigned_worker=self.user)
        if value == NOBODY:
            return queryset.filter(assigned_worker__isnull=True)
        return queryset.filter(assigned_worker__uuid=value)


class CaseFilter(_CaseFilterBase):
    """API filters for cases."""

    assigned_worker = django_filters.CharFilter(
        method="filter_assigned",
        label=_("Assigned caseworker"),
        help_text=_('"me", "none" (unassigned) or a user UUID.'),
    )
    country = django_filters.CharFilter(
        field_name="country__code", lookup_expr="iexact", label=_("Country (ISO 3166-1 code)")
    )
    site = django_filters.UUIDFilter(field_name="site__uuid", label=_("Site (UUID)"))
    child = django_filters.UUIDFilter(field_name="child__uuid", label=_("Child (person UUID)"))
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Changed at or after (ISO 8601)")
    )

    def filter_assigned(self, queryset, name, value):
        if value not in (ME, NOBODY, ""):
            try:
                uuid.UUID(str(value))
            except ValueError:
                return queryset.none()
        return super().filter_assigned(queryset, name, value)


class CaseSearchFilter(_CaseFilterBase):
    """The case list page: countries, sites and workers as select boxes of what the user can see."""

    assigned_worker = django_filters.ChoiceFilter(
        method="filter_assigned", choices=[], label=_("Assigned caseworker"), empty_label=ANY
    )
    country = django_filters.ChoiceFilter(
        field_name="country__code", choices=[], label=_("Country"), empty_label=ANY
    )
    site = django_filters.ChoiceFilter(field_name="site__uuid", choices=[], label=_("Site"), empty_label=ANY)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = self.user
        countries = list(Country.objects.where_user_may(user, "case.view").operating().order_by("name"))
        if not countries:
            countries = list(
                Country.objects.filter(pk__in=Site.objects.for_user(user).values("country_id")).order_by(
                    "name"
                )
            )
        self.filters["country"].extra["choices"] = [(c.code, str(c)) for c in countries]
        sites = list(Site.objects.for_user(user).select_related("country").order_by("country__name", "name"))
        several = len({site.country_id for site in sites}) > 1
        self.filters["site"].extra["choices"] = [
            (str(site.uuid), f"{site.name} ({site.country.code})" if several else site.name) for site in sites
        ]
        workers = [
            (str(worker.uuid), worker.full_name or worker.email)
            for worker in eligible_users("case.change", country_ids=[c.pk for c in countries])
            if worker.pk != getattr(user, "pk", None)
        ]
        self.filters["assigned_worker"].extra["choices"] = [
            (ME, _("Assigned to me")),
            (NOBODY, _("Not assigned")),
            *workers,
        ]
        first = ["q", "country", "site", "assigned_worker"]
        self.filters = {
            name: self.filters[name] for name in first + [n for n in self.filters if n not in first]
        }


class ConsentFilter(django_filters.FilterSet):
    case = django_filters.UUIDFilter(field_name="case__uuid", label=_("Case (UUID)"))
    current = django_filters.BooleanFilter(
        field_name="withdrawn_at", lookup_expr="isnull", label=_("Not withdrawn")
    )

    class Meta:
        model = Consent
        fields: list[str] = []


class LegalBasisFilter(django_filters.FilterSet):
    case = django_filters.UUIDFilter(field_name="case__uuid", label=_("Case (UUID)"))
    status = django_filters.ChoiceFilter(
        choices=LegalBasis._meta.get_field("status").choices, label=_("Status")
    )

    class Meta:
        model = LegalBasis
        fields: list[str] = []
