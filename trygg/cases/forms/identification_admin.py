"""Forms for the administrator's pages: indicator lists, indicators and their translations, rules.

Translations get one field per language besides English (settings.LANGUAGES), so that adding a
language to the settings adds its fields here.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from trygg.geo.models import Country

from ..codes import IndicatorStrength, ScreeningDimension
from ..services.identification_admin import translation_languages
from ..services.screening_rule import COMBINATION_KEYS
from .identification import VersionedForm

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _language_name(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code, code))


class TranslatedFieldsMixin:
    """`<name>_<language>` fields for each translated field, read from and written to a JSON dict."""

    translated: dict[str, str] = {}  # form field name -> model translations field

    def add_translation_fields(self, *, textarea: set[str] = frozenset()):
        for name in self.translated:
            for language in translation_languages():
                widget = forms.Textarea(attrs={"rows": 3}) if name in textarea else forms.TextInput
                self.fields[f"{name}_{language}"] = forms.CharField(
                    label=_("%(field)s in %(language)s")
                    % {"field": self.fields[name].label, "language": _language_name(language)},
                    required=False,
                    max_length=2000,
                    widget=widget,
                )
                if self.instance is not None:
                    stored = getattr(self.instance, self.translated[name]) or {}
                    self.initial.setdefault(f"{name}_{language}", stored.get(language, ""))

    def translations(self, name: str) -> dict:
        return {
            language: self.cleaned_data.get(f"{name}_{language}", "")
            for language in translation_languages()
            if self.cleaned_data.get(f"{name}_{language}", "").strip()
        }


class IndicatorListForm(TranslatedFieldsMixin, VersionedForm):
    code = forms.SlugField(
        label=_("Code"),
        max_length=50,
        help_text=_("A short stable identifier, e.g. child_sexual_exploitation. It cannot change later."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    source = forms.CharField(
        label=_("Source"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where the list comes from, its licence and review status."),
    )
    is_draft = forms.BooleanField(
        label=_("Draft: to be reviewed by the organisation"),
        required=False,
        initial=True,
        help_text=_("Screenings with a draft list say so next to their result."),
    )
    is_active = forms.BooleanField(label=_("In use for new screenings"), required=False, initial=True)

    translated = {"name": "name_translations", "description": "description_translations"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            del self.fields["code"]
            for name in ("name", "description", "source", "is_draft", "is_active"):
                self.initial.setdefault(name, getattr(self.instance, name))
        self.add_translation_fields(textarea={"description"})

    def service_data(self) -> dict:
        data = {
            name: self.cleaned_data[name]
            for name in ("name", "description", "source", "is_draft", "is_active")
        }
        data["name_translations"] = self.translations("name")
        data["description_translations"] = self.translations("description")
        if "code" in self.fields:
            data["code"] = self.cleaned_data["code"]
        return data


class IndicatorForm(TranslatedFieldsMixin, VersionedForm):
    code = forms.SlugField(
        label=_("Code"),
        max_length=80,
        help_text=_("A short stable identifier, e.g. ec_forced_clients. It cannot change later."),
    )
    dimension = forms.ChoiceField(label=_("Dimension"), choices=ScreeningDimension.choices)
    strength = forms.ChoiceField(label=_("Strength"), choices=IndicatorStrength.choices)
    text = forms.CharField(label=_("Text in English"), max_length=500)
    order = forms.IntegerField(
        label=_("Order"), min_value=0, required=False, help_text=_("Empty: after the last indicator.")
    )
    is_active = forms.BooleanField(label=_("In use for new screenings"), required=False, initial=True)

    translated = {"text": "translations"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            del self.fields["code"]
            for name in ("dimension", "strength", "text", "order", "is_active"):
                self.initial.setdefault(name, getattr(self.instance, name))
        self.add_translation_fields()

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in ("dimension", "strength", "text", "is_active")}
        if self.cleaned_data.get("order") is not None:
            data["order"] = self.cleaned_data["order"]
        data["translations"] = self.translations("text")
        if "code" in self.fields:
            data["code"] = self.cleaned_data["code"]
        return data


class ScreeningRuleForm(VersionedForm):
    """The combinations as rows of minimum counts; empty rows are ignored."""

    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.none(),
        to_field_name="code",
        help_text=_("The rule applies to screenings of this country's cases instead of the default."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    KEY_LABELS = {
        "strong": _("Strong"),
        "medium": _("Medium"),
        "weak": _("Weak"),
        "medium_or_weak": _("Medium or weak"),
    }

    def __init__(self, *args, countries=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            del self.fields["country"]
            self.initial.setdefault("note", self.instance.note)
            combinations = list(self.instance.combinations)
        else:
            self.fields["country"].queryset = countries if countries is not None else Country.objects.none()
            combinations = []
        self.row_count = max(4, len(combinations) + 2)
        for index in range(self.row_count):
            stored = combinations[index] if index < len(combinations) else {}
            for key in COMBINATION_KEYS:
                name = f"c{index}_{key}"
                self.fields[name] = forms.IntegerField(
                    label=_("Combination %(number)s: %(grade)s")
                    % {"number": index + 1, "grade": self.KEY_LABELS[key]},
                    required=False,
                    min_value=0,
                    max_value=99,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )
                self.initial.setdefault(name, stored.get(key) or None)

    def rows(self) -> list[dict]:
        return [
            {"number": index + 1, "fields": [self[f"c{index}_{key}"] for key in COMBINATION_KEYS]}
            for index in range(self.row_count)
        ]

    def combinations(self) -> list[dict]:
        result = []
        for index in range(self.row_count):
            counts = {key: self.cleaned_data.get(f"c{index}_{key}") or 0 for key in COMBINATION_KEYS}
            if any(counts.values()):
                result.append(counts)
        return result

    def service_data(self) -> dict:
        data = {"combinations": self.combinations(), "note": self.cleaned_data["note"]}
        if "country" in self.fields:
            data["country"] = self.cleaned_data["country"]
        return data
