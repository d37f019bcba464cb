"""Forms for the people pages. Plain forms: the services do the writing, never `form.save()`.

Choice fields are restricted the same way as querysets: countries where the user may add records,
sites and places the user can see.
"""

import re

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trygg.geo.models import Country, Location, Site
from trygg.geo.names import is_language_code

from .models import Gender, Household, HouseholdMember, Person, Relationship
from .services import estimated_date_of_birth

# A select of places shows at most this many; more are found with the place filter (htmx) or
# described in the details field.
PLACE_OPTIONS_LIMIT = 300


def _model_field(model, name, **kwargs):
    return model._meta.get_field(name).formfield(**kwargs)


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as YYYY-MM-DD whatever the display language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class LanguageCodesField(forms.CharField):
    """ISO 639 language codes separated by commas, e.g. "sw, en"."""

    def to_python(self, value):
        value = super().to_python(value)
        codes = []
        for code in re.split(r"[,\s;]+", value.strip().lower()):
            if code and code not in codes:
                codes.append(code)
        return codes

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        unknown = [code for code in value if not is_language_code(code)]
        if unknown:
            raise forms.ValidationError(
                _("Unknown language codes: %(codes)s. Use ISO 639 codes such as sw, ne or en."),
                code="unknown_language",
                params={"codes": ", ".join(unknown)},
            )

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value


def place_label(location: Location) -> str:
    if location.parent_id:
        return f"{location.name} ({location.parent.name})"
    return location.name


def places_for(user, country_ids, query: str = ""):
    """Places the user can see in these countries, broad ones first, optionally filtered by name."""
    qs = (
        Location.objects.for_user(user)
        .filter(country__in=country_ids)
        .select_related("parent")
        .order_by("level", "name", "pk")
    )
    if query:
        qs = qs.filter(name__icontains=query.strip())
    return qs


def _refresh_places_on_country_change(country_field: forms.Field, place_field_name: str) -> None:
    """With JavaScript, choosing another country reloads the place options (htmx)."""
    country_field.widget.attrs.update(
        {
            "hx-get": reverse("people:place_options"),
            "hx-trigger": "change",
            "hx-target": f"#id_{place_field_name}",
            "hx-include": "[name='country']",
        }
    )


def _chosen_country_id(form: forms.Form, record):
    """The country whose places the select shows: the record's, the one posted, or the first offered."""
    if record is not None:
        return record.country_id
    countries = list(form.fields["country"].queryset)
    code = form.data.get("country") if form.is_bound else None
    country = next((c for c in countries if c.code == code), None) or (countries[0] if countries else None)
    return country.pk if country else None


def _limit_place_choices(field: forms.ModelChoiceField, shown, current=None) -> None:
    """Render a short list of places while validating against every place in scope."""
    shown = list(shown[:PLACE_OPTIONS_LIMIT])
    if current is not None and current not in shown:
        shown.insert(0, current)
    field.widget.choices = [("", "---------")] + [(str(loc.uuid), place_label(loc)) for loc in shown]


class PersonForm(forms.Form):
    """Register a person (with `country`) or edit one (with `version`)."""

    country = forms.ModelChoiceField(
        queryset=Country.objects.none(), to_field_name="code", label=_("Country"), empty_label=None
    )
    site = forms.ModelChoiceField(
        queryset=Site.objects.none(), to_field_name="uuid", required=False, label=_("Site")
    )
    given_name = _model_field(Person, "given_name")
    family_name = _model_field(Person, "family_name")
    other_names = _model_field(Person, "other_names")
    name_in_own_script = _model_field(Person, "name_in_own_script")
    gender = forms.ChoiceField(choices=Gender.choices, initial=Gender.NOT_SPECIFIED, label=_("Sex / gender"))
    date_of_birth = forms.DateField(required=False, widget=DateInput(), label=_("Date of birth"))
    date_of_birth_is_estimate = forms.BooleanField(
        required=False, label=_("The date of birth is an estimate")
    )
    estimated_age = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=120,
        label=_("Estimated age"),
        help_text=_(
            "In years, when the date of birth is not known. Leave the date of birth empty: it is set "
            "to 1 July of the matching year and marked as an estimate."
        ),
    )
    nationalities = forms.ModelMultipleChoiceField(
        queryset=Country.objects.all(),
        to_field_name="code",
        required=False,
        label=_("Nationality"),
        help_text=_("Hold Ctrl (or Cmd) to choose more than one."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    languages = LanguageCodesField(
        required=False,
        label=_("Languages"),
        help_text=_("ISO 639 codes separated by commas, e.g. sw, en."),
    )
    place_of_origin = forms.ModelChoiceField(
        queryset=Location.objects.none(), to_field_name="uuid", required=False, label=_("Place of origin")
    )
    place_of_origin_detail = _model_field(Person, "place_of_origin_detail")
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, user, person: Person | None = None, **kwargs):
        self.user = user
        self.person = person
        if person is not None:
            kwargs["initial"] = {**self.initial_for(person), **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        if person is None:
            del self.fields["version"]
            offered = Country.objects.offered_to(user, "person.add", whole_country_only=False)
            countries = offered.order_by("name")
            self.fields["country"].queryset = countries
            _refresh_places_on_country_change(self.fields["country"], "place_of_origin")
            country_ids = [c.pk for c in countries]
        else:
            del self.fields["country"]
            country_ids = [person.country_id]
        self.country_ids = country_ids
        self.fields["site"].queryset = (
            Site.objects.for_user(user).filter(country__in=country_ids).order_by("name")
        )
        places = places_for(user, country_ids)
        self.fields["place_of_origin"].queryset = places
        _limit_place_choices(
            self.fields["place_of_origin"],
            places.filter(country=_chosen_country_id(self, person)),
            current=person.place_of_origin if person is not None else None,
        )

    @staticmethod
    def initial_for(person: Person) -> dict:
        return {
            "site": person.site,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "other_names": person.other_names,
            "name_in_own_script": person.name_in_own_script,
            "gender": person.gender,
            "date_of_birth": person.date_of_birth,
            "date_of_birth_is_estimate": person.date_of_birth_is_estimate,
            "nationalities": list(person.nationalities.all()),
            "languages": list(person.languages or []),
            "place_of_origin": person.place_of_origin,
            "place_of_origin_detail": person.place_of_origin_detail,
            "version": person.version,
        }

    def clean(self):
        cleaned = super().clean()
        age = cleaned.get("estimated_age")
        born = cleaned.get("date_of_birth")
        if age is not None:
            if born is not None and born != self.initial.get("date_of_birth"):
                self.add_error(
                    "estimated_age",
                    _(
                        "Give either a date of birth or an estimated age, not both. Clear the date of birth "
                        "to use the estimated age."
                    ),
                )
                return cleaned
            cleaned["date_of_birth"] = estimated_date_of_birth(age)
            cleaned["date_of_birth_is_estimate"] = True
        elif born is None:
            cleaned["date_of_birth_is_estimate"] = False
        return cleaned

    def service_data(self) -> dict:
        """Keyword arguments for register_person / update_person."""
        data = {
            name: self.cleaned_data[name]
            for name in (
                "site",
                "given_name",
                "family_name",
                "other_names",
                "name_in_own_script",
                "gender",
                "date_of_birth",
                "date_of_birth_is_estimate",
                "languages",
                "place_of_origin",
                "place_of_origin_detail",
            )
        }
        data["nationalities"] = list(self.cleaned_data["nationalities"])
        return data


class HouseholdForm(forms.Form):
    """Register a household (with `country`) or edit one (with `version`)."""

    country = forms.ModelChoiceField(
        queryset=Country.objects.none(), to_field_name="code", label=_("Country"), empty_label=None
    )
    site = forms.ModelChoiceField(
        queryset=Site.objects.none(), to_field_name="uuid", required=False, label=_("Site")
    )
    name = _model_field(Household, "name")
    location = forms.ModelChoiceField(
        queryset=Location.objects.none(), to_field_name="uuid", required=False, label=_("Location")
    )
    address = _model_field(Household, "address", widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, user, household: Household | None = None, **kwargs):
        self.user = user
        self.household = household
        if household is not None:
            kwargs["initial"] = {
                "site": household.site,
                "name": household.name,
                "location": household.location,
                "address": household.address,
                "version": household.version,
                **(kwargs.get("initial") or {}),
            }
        super().__init__(*args, **kwargs)
        if household is None:
            del self.fields["version"]
            offered = Country.objects.offered_to(user, "household.add", whole_country_only=False)
            countries = offered.order_by("name")
            self.fields["country"].queryset = countries
            _refresh_places_on_country_change(self.fields["country"], "location")
            country_ids = [c.pk for c in countries]
        else:
            del self.fields["country"]
            country_ids = [household.country_id]
        self.fields["site"].queryset = (
            Site.objects.for_user(user).filter(country__in=country_ids).order_by("name")
        )
        places = places_for(user, country_ids)
        self.fields["location"].queryset = places
        _limit_place_choices(
            self.fields["location"],
            places.filter(country=_chosen_country_id(self, household)),
            current=household.location if household is not None else None,
        )

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("site", "name", "location", "address")}


class PersonReferenceField(forms.CharField):
    """A person picked by reference, among the persons the user can see."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(*args, **kwargs)
        self.queryset = Person.objects.none()

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        person = self.queryset.filter(reference__iexact=value.strip()).select_related("site").first()
        if person is None:
            raise forms.ValidationError(
                _(
                    "No person with the reference %(reference)s is in your scope. Check the reference, or "
                    "search by name and pick from the suggestions."
                ),
                code="not_found",
                params={"reference": value.strip().upper()},
            )
        return person

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"list": "person-suggestions", "autocomplete": "off", "spellcheck": "false"})
        return attrs


class RelationshipForm(forms.Form):
    relative = PersonReferenceField(
        label=_("Relative's reference"),
        help_text=_("Type a reference, or part of a name to see suggestions."),
    )
    kind = forms.ChoiceField(choices=Relationship.Kind.choices, label=_("The relative is this person's"))
    is_primary_caregiver = forms.BooleanField(required=False, label=_("Primary caregiver"))
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Notes"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relative"].queryset = Person.objects.for_user(user)


class HouseholdMemberForm(forms.Form):
    person = PersonReferenceField(
        label=_("Person's reference"),
        help_text=_("Type a reference, or part of a name to see suggestions."),
    )
    role = forms.ChoiceField(choices=HouseholdMember.Role.choices, label=_("Role in household"))
    joined_on = forms.DateField(required=False, widget=DateInput(), label=_("Joined on"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.for_user(user)


class VersionForm(forms.Form):
    """Confirms a delete or removal of the version the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RemoveMemberForm(forms.Form):
    left_on = forms.DateField(required=False, widget=DateInput(), label=_("Left on"))
