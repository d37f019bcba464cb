"""Forms for trafficking identification on a case: the screening checklist, the profile, the route.

Plain forms: the services validate again and write. Edit forms carry the version they started from.
The type of sexual exploitation is left out of the profile form for users without that permission.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.geo.models import Country, Location
from trygg.people.forms import DateInput

from ..codes import (
    DecisionMakingOrg,
    RelationshipToTrafficker,
    ScreeningAnswerValue,
    ScreeningDimension,
    TraffickingAct,
    TraffickingEventType,
    TraffickingStatus,
)
from ..models.identification import PROFILE_MULTI_CHOICES
from ..services.identification import user_may_see_sexual_exploitation

PLACE_OPTIONS_LIMIT = 300


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _blank(choices):
    return [("", "---------"), *choices]


class VersionedForm(forms.Form):
    """Carries the version of the record being edited (absent when creating)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)
        if instance is None:
            del self.fields["version"]
        else:
            self.initial.setdefault("version", instance.version)


class ScreeningForm(VersionedForm):
    """The checklist: each indicator of the list answered yes, no or unknown, with a note."""

    screened_at = forms.DateTimeField(
        label=_("Screened on"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("Leave empty for now."),
    )
    acts = forms.MultipleChoiceField(
        label=_("The act"),
        choices=TraffickingAct.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What was done to the child: tick every act that happened."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, indicators, answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        answers = answers or {}
        if self.instance is not None:
            self.initial.setdefault("screened_at", timezone.localtime(self.instance.screened_at))
            self.initial.setdefault("acts", self.instance.acts)
            self.initial.setdefault("notes", self.instance.notes)
        for indicator in self.indicators:
            answer, note = answers.get(indicator.code, (ScreeningAnswerValue.UNKNOWN, ""))
            self.fields[f"answer__{indicator.code}"] = forms.ChoiceField(
                label=indicator.display_text,
                choices=ScreeningAnswerValue.choices,
                initial=answer,
                widget=forms.RadioSelect,
            )
            self.fields[f"note__{indicator.code}"] = forms.CharField(
                label=_("Note"),
                required=False,
                initial=note,
                max_length=1000,
                widget=forms.TextInput(attrs={"placeholder": _("Note (optional)")}),
            )

    def clean_screened_at(self):
        value = self.cleaned_data["screened_at"]
        if value is not None and value > timezone.now():
            raise forms.ValidationError(_("The screening cannot be in the future."))
        return value

    def groups(self) -> list[dict]:
        """The checklist grouped by dimension, in the order of the six dimensions."""
        groups = []
        for dimension, label in ScreeningDimension.choices:
            rows = [
                {
                    "indicator": indicator,
                    "answer": self[f"answer__{indicator.code}"],
                    "note": self[f"note__{indicator.code}"],
                }
                for indicator in self.indicators
                if indicator.dimension == dimension
            ]
            if rows:
                groups.append({"dimension": dimension, "label": label, "rows": rows})
        return groups

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "answers": [
                {
                    "indicator": indicator.code,
                    "answer": data[f"answer__{indicator.code}"],
                    "note": data.get(f"note__{indicator.code}", ""),
                }
                for indicator in self.indicators
            ],
            "acts": data["acts"],
            "screened_at": data["screened_at"],
            "notes": data["notes"],
        }


class TraffickingProfileForm(VersionedForm):
    trafficking_status = forms.ChoiceField(
        label=_("Trafficking status"), choices=_blank(TraffickingStatus.choices), required=False
    )
    decided_by_org = forms.ChoiceField(
        label=_("Status decided by"), choices=_blank(DecisionMakingOrg.choices), required=False
    )
    decided_at = forms.DateTimeField(
        label=_("Status decided on"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("Leave empty when the status changes today."),
    )
    types_of_exploitation = forms.MultipleChoiceField(
        label=_("Types of exploitation"), required=False, widget=forms.CheckboxSelectMultiple
    )
    type_of_sex_exploitation = forms.MultipleChoiceField(
        label=_("Type of sexual exploitation"), required=False, widget=forms.CheckboxSelectMultiple
    )
    forced_labour_industries = forms.MultipleChoiceField(
        label=_("Forced labour industries"), required=False, widget=forms.CheckboxSelectMultiple
    )
    recruitment_methods = forms.MultipleChoiceField(
        label=_("How the child was recruited"), required=False, widget=forms.CheckboxSelectMultiple
    )
    methods_of_control = forms.MultipleChoiceField(
        label=_("Methods of control"), required=False, widget=forms.CheckboxSelectMultiple
    )
    relationship_to_trafficker = forms.ChoiceField(
        label=_("Relationship to the trafficker"),
        choices=_blank(RelationshipToTrafficker.choices),
        required=False,
    )
    age_when_first_trafficked = forms.IntegerField(
        label=_("Age when first trafficked"), required=False, min_value=0, max_value=120
    )
    non_punishment = forms.BooleanField(
        label=_("Non-punishment applies"),
        required=False,
        help_text=_("The child was forced to commit offences and should not be punished for them."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    service_fields = (
        "trafficking_status",
        "decided_by_org",
        "decided_at",
        *PROFILE_MULTI_CHOICES,
        "relationship_to_trafficker",
        "age_when_first_trafficked",
        "non_punishment",
        "notes",
    )

    def __init__(self, *args, user, case, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in PROFILE_MULTI_CHOICES.items():
            self.fields[name].choices = choices.choices
        if self.instance is not None:
            for name in self.service_fields:
                self.initial.setdefault(name, getattr(self.instance, name))
            if self.instance.decided_at:
                self.initial["decided_at"] = timezone.localtime(self.instance.decided_at)
        if not user_may_see_sexual_exploitation(user, case):
            del self.fields["type_of_sex_exploitation"]

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.service_fields if name in self.fields}
        recorded = self.instance.decided_at if self.instance is not None else None
        given = data.get("decided_at")
        if given is None or (recorded is not None and abs(given - recorded).total_seconds() < 60):
            # An empty or untouched date is not a new decision date: the service keeps the
            # recorded one, or sets today's when the status changes.
            data.pop("decided_at", None)
        return data


class TraffickingEventForm(VersionedForm):
    kind = forms.ChoiceField(label=_("What happened"), choices=TraffickingEventType.choices)
    event_country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.order_by("name"), to_field_name="code"
    )
    place = forms.ModelChoiceField(
        label=_("Place"),
        queryset=Location.objects.none(),
        to_field_name="uuid",
        required=False,
        help_text=_("A place of the case's country; elsewhere, describe the place below."),
    )
    place_text = forms.CharField(label=_("Place (as described)"), required=False, max_length=200)
    started_on = forms.DateField(label=_("From"), required=False, widget=DateInput())
    ended_on = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    service_fields = ("kind", "event_country", "place", "place_text", "started_on", "ended_on", "description")

    def __init__(self, *args, user, case, **kwargs):
        super().__init__(*args, **kwargs)
        places = (
            Location.objects.for_user(user)
            .filter(country_id=case.country_id)
            .select_related("parent")
            .order_by("level", "name", "pk")
        )
        self.fields["place"].queryset = places
        shown = list(places[:PLACE_OPTIONS_LIMIT])
        current = self.instance.place if self.instance is not None else None
        if current is not None and current not in shown:
            shown.insert(0, current)
        self.fields["place"].widget.choices = [("", "---------")] + [
            (str(place.uuid), f"{place.name} ({place.parent.name})" if place.parent_id else place.name)
            for place in shown
        ]
        if self.instance is not None:
            for name in self.service_fields:
                self.initial.setdefault(name, getattr(self.instance, name))
            self.initial["event_country"] = self.instance.event_country.code
        else:
            self.initial.setdefault("event_country", case.country.code)

    def clean(self):
        data = super().clean()
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("The end date cannot be before the start date."))
        return data

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.service_fields}
