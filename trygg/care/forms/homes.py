"""Forms for homes (SOS families, foster and kinship families, partner facilities, supported
independent living) and the list filter."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygg.accounts.models import Membership, User
from trygg.accounts.roles import roles_granting
from trygg.geo.models import Country, Site

from ..codes import HomeKind
from ..models import CareHome
from ..services.homes import eligible_carers
from .base import model_field, textarea

ANY = _("Any")
HOME_FIELDS = ("site", "name", "kind", "capacity", "age_min", "age_max", "carer_names", "carers", "notes")


def carers_for(country_ids):
    """Users who may be named carers of a new home: SOS parents and carers of these countries (the
    service checks them against the village chosen)."""
    memberships = Membership.objects.filter(
        is_active=True, role__in=roles_granting("placement.view_own_home"), country__in=country_ids
    )
    return User.objects.filter(is_active=True, pk__in=memberships.values("user_id")).order_by(
        "full_name", "email"
    )


class HomeForm(forms.Form):
    """Register a home (with `country`) or change one (with `version`)."""

    country = forms.ModelChoiceField(
        queryset=Country.objects.none(), to_field_name="code", label=_("Country"), empty_label=None
    )
    site = forms.ModelChoiceField(
        queryset=Site.objects.none(),
        to_field_name="uuid",
        required=False,
        label=_("Village or provider"),
        help_text=_("The SOS Children's Village the home belongs to. Empty for a foster or kinship family."),
    )
    name = model_field(CareHome, "name")
    kind = model_field(CareHome, "kind")
    capacity = model_field(CareHome, "capacity", min_value=1, max_value=50)
    age_min = model_field(CareHome, "age_min", max_value=25)
    age_max = model_field(CareHome, "age_max", max_value=25)
    carer_names = model_field(CareHome, "carer_names", widget=textarea(2))
    carers = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        to_field_name="uuid",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Carers with a Trygg account"),
        help_text=_("SOS parents and other carers who see this home's children in Trygg."),
    )
    notes = model_field(CareHome, "notes", widget=textarea(2))
    is_active = forms.BooleanField(
        required=False,
        label=_("Takes children"),
        help_text=_("Untick when the home no longer takes children; it is then never proposed."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, user, instance: CareHome | None = None, **kwargs):
        self.user = user
        self.instance = instance
        if instance is not None:
            initial = {name: getattr(instance, name) for name in HOME_FIELDS if name != "carers"}
            initial["carers"] = list(instance.carers.all())
            kwargs["initial"] = {
                **initial,
                "is_active": instance.is_active,
                "version": instance.version,
                **(kwargs.get("initial") or {}),
            }
        super().__init__(*args, **kwargs)
        if instance is None:
            del self.fields["version"]
            del self.fields["is_active"]
            countries = Country.objects.offered_to(user, "carehome.add", whole_country_only=False).order_by(
                "name"
            )
            self.fields["country"].queryset = countries
            country_ids = [c.pk for c in countries]
        else:
            del self.fields["country"]
            country_ids = [instance.country_id]
        self.fields["site"].queryset = (
            Site.objects.for_user(user).filter(country__in=country_ids).order_by("name")
        )
        if instance is None:
            self.fields["carers"].queryset = carers_for(country_ids)
        else:
            self.fields["carers"].queryset = eligible_carers(instance.country, instance.site)

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("age_min"), cleaned.get("age_max")
        if low is not None and high is not None and low > high:
            self.add_error("age_max", _("The oldest age taken cannot be below the youngest."))
        country, site = cleaned.get("country"), cleaned.get("site")
        if country is not None and site is not None and site.country_id != country.pk:
            self.add_error("site", _("Choose a village or provider in the home's country."))
        return cleaned

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in HOME_FIELDS}
        data["carers"] = list(data["carers"])
        if self.instance is not None:
            data["is_active"] = self.cleaned_data["is_active"]
        return data


class HomeFilter(django_filters.FilterSet):
    """The home list: name or reference, kind, village, with room."""

    q = django_filters.CharFilter(method="filter_q", label=_("Name or reference"))
    kind = django_filters.ChoiceFilter(choices=HomeKind.choices, label=_("Kind"), empty_label=ANY)
    site = django_filters.ModelChoiceFilter(
        field_name="site", to_field_name="uuid", queryset=Site.objects.none(), label=_("Village or provider")
    )
    with_room = django_filters.BooleanFilter(
        method="filter_with_room", label=_("Only homes with free places"), widget=forms.CheckboxInput
    )

    class Meta:
        model = CareHome
        fields: list[str] = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        self.filters["site"].queryset = Site.objects.for_user(user).order_by("name")

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(reference__iexact=value))

    def filter_with_room(self, queryset, name, value):
        return queryset.filter(free__gt=0) if value else queryset
