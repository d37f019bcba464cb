"""Forms of the geo administration pages. Every choice comes from the user's scope."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .models import Country, Location, Programme, Site
from .services import MAX_IMPORT_BYTES


def country_choices(user, permission: str):
    """Countries the user may pick for a new record: theirs, or for a global role where we work."""
    return Country.objects.offered_to(user, permission)


def _no_such_location(country, code: str) -> str:
    return _("No location in %(country)s has the code %(code)s.") % {"country": country, "code": code}


class CountryChoiceField(forms.ModelChoiceField):
    """Countries by their ISO code (in the submitted value), shown by their translated name."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Country.objects.none())
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("label", _("Country"))
        super().__init__(**kwargs)


class VersionedForm(forms.Form):
    """Edits carry the version they started from, so that a concurrent edit is caught."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CountrySearchForm(forms.Form):
    OPERATING_CHOICES = [
        ("", _("All countries")),
        ("yes", _("Where the organisation works")),
        ("no", _("Where the organisation does not work")),
    ]

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    operating = forms.ChoiceField(label=_("Show"), choices=OPERATING_CHOICES, required=False)


class CountryOperatingForm(forms.Form):
    operating = forms.TypedChoiceField(
        choices=[("1", _("Yes")), ("0", _("No"))], coerce=lambda value: value == "1", empty_value=None
    )


class LocationForm(forms.Form):
    """A location; its level follows from its parent (one level below it, or 1 without one)."""

    parent = forms.CharField(
        label=_("Parent code"),
        required=False,
        max_length=50,
        help_text=_("The code of the location one level up. Leave empty for a level 1 location (region)."),
    )
    code = forms.CharField(label=_("Code"), max_length=50)
    name = forms.CharField(label=_("Name"), max_length=200)

    def __init__(self, *args, user, country, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.country = country

    def clean_parent(self):
        code = (self.cleaned_data.get("parent") or "").strip()
        if not code:
            return None
        parent = Location.objects.for_user(self.user, "view").filter(country=self.country, code=code).first()
        if parent is None:
            raise ValidationError(_no_such_location(self.country, code))
        return parent

    def service_data(self) -> dict:
        parent = self.cleaned_data.get("parent")
        return {
            "parent": parent,
            "level": parent.level + 1 if parent is not None else 1,
            "code": self.cleaned_data["code"],
            "name": self.cleaned_data["name"],
        }


class LocationEditForm(VersionedForm, LocationForm):
    pass


class LocationImportForm(forms.Form):
    country = CountryChoiceField()
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 text (with or without a byte order mark) whose first row names the columns "
            "level, code, name and parent_code. At most 2 MB."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = country_choices(user, "location.add")
        self.content = ""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(
                _(
                    "The file is %(size)s, more than the limit of %(limit)s. Split it, for example by "
                    "region, and import the parts one after the other."
                )
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_IMPORT_BYTES)}
            )
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                _("The file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8” and try again.")
            ) from exc
        if "\x00" in text:
            raise ValidationError(_("The file is not a CSV text file."))
        self.content = text
        return upload


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Programme.Kind.choices)

    def __init__(self, *args, user, instance=None, **kwargs):
        if instance is not None:
            current = {"name": instance.name, "kind": instance.kind, "version": instance.version}
            kwargs["initial"] = current | (kwargs.get("initial") or {})
        super().__init__(*args, **kwargs)
        if instance is None:
            self.fields = {"country": CountryChoiceField(), **self.fields}
            self.fields["country"].queryset = country_choices(user, "programme.add")


class ProgrammeEditForm(VersionedForm, ProgrammeForm):
    pass


class SiteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Site.Kind.choices)
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False, to_field_name="uuid"
    )
    location = forms.CharField(
        label=_("Location code"),
        required=False,
        max_length=50,
        help_text=_("The code of the place where the site is, from the country's locations."),
    )

    def __init__(self, *args, user, instance=None, **kwargs):
        if instance is not None:
            current = {
                "name": instance.name,
                "kind": instance.kind,
                "programme": instance.programme.uuid if instance.programme else None,
                "location": instance.location.code if instance.location else "",
                "version": instance.version,
            }
            kwargs["initial"] = current | (kwargs.get("initial") or {})
        super().__init__(*args, **kwargs)
        self.user = user
        self.instance = instance
        programmes = Programme.objects.for_user(user, "view").select_related("country")
        if instance is None:
            self.fields = {"country": CountryChoiceField(), **self.fields}
            self.fields["country"].queryset = country_choices(user, "site.add")
        else:
            programmes = programmes.filter(country=instance.country_id)
        self.fields["programme"].queryset = programmes
        self.fields["programme"].label_from_instance = lambda p: f"{p.name} ({p.country})"

    def clean(self):
        cleaned = super().clean()
        country = self.instance.country if self.instance is not None else cleaned.get("country")
        code = (cleaned.get("location") or "").strip()
        if not code:
            cleaned["location"] = None
        elif country is not None:
            location = Location.objects.for_user(self.user, "view").filter(country=country, code=code).first()
            if location is None:
                self.add_error(
                    "location",
                    _no_such_location(country, code),
                )
            cleaned["location"] = location
        return cleaned

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ("name", "kind", "programme", "location")}


class SiteEditForm(VersionedForm, SiteForm):
    pass


class DeleteForm(VersionedForm):
    pass
