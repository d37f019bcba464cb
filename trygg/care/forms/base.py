"""What every care form shares: the version an edit started from, date inputs, text areas, and
choice fields restricted the way querysets are (homes and persons the user may see)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.core.scoping import grants_for
from trygg.people.forms import DateInput  # noqa: F401 - re-exported for the care forms

from ..models import CareHome


def textarea(rows: int = 3):
    return forms.Textarea(attrs={"rows": rows})


def model_field(model, name, **kwargs):
    return model._meta.get_field(name).formfield(**kwargs)


def may_approve_in_country(user, country_id) -> bool:
    """True when the user may override capacity somewhere in this country (a country grant, or a
    village's); the service checks the chosen home's village itself."""
    return any(g.is_global or g.country_id == country_id for g in grants_for(user, "placement.approve"))


def home_label(home: CareHome, free: int | None = None) -> str:
    """A home in a choice: name, reference, ages taken and, when known, the places free."""
    text = _("%(name)s (%(reference)s), ages %(min)s–%(max)s") % {
        "name": home.name,
        "reference": home.reference,
        "min": home.age_min,
        "max": home.age_max,
    }
    if free is not None:
        text += " · " + _("places free: %(free)s") % {"free": free}
    return text


class HomeChoiceField(forms.ModelChoiceField):
    """A home chosen by UUID among the active homes the user may see; labelled with its places free
    when the queryset carries them (`with_occupancy`)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("to_field_name", "uuid")
        super().__init__(queryset=CareHome.objects.none(), **kwargs)

    def label_from_instance(self, obj):
        return home_label(obj, getattr(obj, "free", None))


class VersionedForm(forms.Form):
    """A form about an existing record: carries the version it was opened at (hidden)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        self.user = user
        self.instance = instance
        if instance is not None:
            kwargs["initial"] = {"version": instance.version, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)

    def service_data(self) -> dict:
        """The cleaned data for the service, without the version (passed as expected_version)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class PlainForm(forms.Form):
    """A form that creates a record about another one (a review, a contact): no version."""

    def __init__(self, *args, user=None, instance=None, **kwargs):
        self.user = user
        self.instance = instance
        super().__init__(*args, **kwargs)

    def service_data(self) -> dict:
        return dict(self.cleaned_data)
