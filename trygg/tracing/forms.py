"""Forms for the tracing pages. Plain forms: the services do the writing, never `form.save()`.

Choice fields are restricted like querysets: countries where the user may file requests, sites
the user can see. An edit form carries the version it started from (hidden), so that a concurrent
edit is a conflict the user sees, not a silent overwrite.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.geo.models import Country, Site
from trygg.people.forms import DateInput, LanguageCodesField

from .codes import BestInterestsDecision, VerificationOutcome, VisitOutcome
from .models import SHAREABLE_FIELDS, TracingRequest
from .services.requests import REQUEST_FIELDS

CONFIRM = "confirm"
REJECT = "reject"
APPROVE = "approve"
RETURN = "return"

SHAREABLE_LABELS = {
    "given_name": _("Given name"),
    "family_name": _("Family name"),
    "other_names": _("Other names"),
    "name_in_own_script": _("Name in own script"),
    "sex": _("Sex"),
    "date_of_birth": _("Date of birth"),
    "place_of_origin": _("Place of origin"),
    "current_location": _("Where the child is now"),
    "contact": _("Whom to contact (you)"),
}


def _textarea(rows: int = 3):
    return forms.Textarea(attrs={"rows": rows})


def _model_field(name, **kwargs):
    return TracingRequest._meta.get_field(name).formfield(**kwargs)


class VersionedForm(forms.Form):
    """A form about an existing record: carries the version it was opened at."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        self.user = user
        self.instance = instance
        if instance is not None:
            kwargs["initial"] = {"version": instance.version, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)


class TracingRequestForm(forms.Form):
    """File a tracing request (with `country`) or change one (with `version`)."""

    country = forms.ModelChoiceField(
        queryset=Country.objects.none(), to_field_name="code", label=_("Country"), empty_label=None
    )
    site = forms.ModelChoiceField(
        queryset=Site.objects.none(), to_field_name="uuid", required=False, label=_("Site")
    )
    requester_name = _model_field("requester_name")
    requester_relationship = _model_field("requester_relationship")
    requester_phone = _model_field("requester_phone")
    requester_contact = _model_field("requester_contact", widget=_textarea(2))
    requester_location = _model_field("requester_location")
    given_name = _model_field("given_name")
    family_name = _model_field("family_name")
    other_names = _model_field("other_names")
    name_in_own_script = _model_field("name_in_own_script")
    sex = _model_field("sex")
    date_of_birth = forms.DateField(required=False, widget=DateInput(), label=_("Date of birth"))
    approximate_age = _model_field("approximate_age", min_value=0, max_value=30)
    age_as_of = forms.DateField(
        required=False,
        widget=DateInput(),
        label=_("Age given on"),
        help_text=_("The day the approximate age was true, e.g. the day of separation. Empty: today."),
    )
    place_of_origin = _model_field("place_of_origin")
    last_seen_place = _model_field("last_seen_place")
    last_seen_on = forms.DateField(required=False, widget=DateInput(), label=_("When last seen"))
    separation_circumstances = _model_field("separation_circumstances", widget=_textarea())
    languages = LanguageCodesField(
        required=False, label=_("Languages"), help_text=_("ISO 639 codes separated by commas, e.g. sw, en.")
    )
    distinguishing_features = _model_field("distinguishing_features", widget=_textarea(2))
    mother_name = _model_field("mother_name")
    father_name = _model_field("father_name")
    sibling_names = _model_field("sibling_names")
    consent_to_trace = forms.BooleanField(
        required=False,
        label=_("The family consents to the search"),
        help_text=_("Nothing is matched without consent to trace. You can record it later."),
    )
    consent_given_by = _model_field("consent_given_by")
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, user, instance: TracingRequest | None = None, **kwargs):
        self.user = user
        self.instance = instance
        if instance is not None:
            initial = {name: getattr(instance, name) for name in REQUEST_FIELDS}
            kwargs["initial"] = {**initial, "version": instance.version, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        if instance is None:
            del self.fields["version"]
            countries = Country.objects.offered_to(user, "tracing.add", whole_country_only=False).order_by(
                "name"
            )
            self.fields["country"].queryset = countries
            country_ids = [c.pk for c in countries]
        else:
            for name in ("country", "consent_to_trace", "consent_given_by"):
                del self.fields[name]
            country_ids = [instance.country_id]
        self.fields["site"].queryset = (
            Site.objects.for_user(user).filter(country__in=country_ids).order_by("name")
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_of_birth") and cleaned.get("approximate_age") is not None:
            self.add_error(
                "approximate_age", _("Give either a date of birth or an approximate age, not both.")
            )
        return cleaned

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in REQUEST_FIELDS}
        if self.instance is None:
            data["consent_to_trace"] = self.cleaned_data["consent_to_trace"]
            data["consent_given_by"] = self.cleaned_data["consent_given_by"]
        return data


class ConsentForm(VersionedForm):
    given_by = forms.CharField(
        max_length=200, label=_("Consent given by"), help_text=_("Who agreed that the child is searched for.")
    )


class CloseForm(VersionedForm):
    reason = forms.CharField(widget=_textarea(), label=_("Why close the request"))


class ReviewForm(VersionedForm):
    decision = forms.ChoiceField(
        choices=[(CONFIRM, _("Confirm: this is the child")), (REJECT, _("Reject: this is not the child"))],
        widget=forms.RadioSelect,
        label=_("Decision"),
    )
    reason = forms.CharField(
        required=False,
        widget=_textarea(),
        label=_("Reason"),
        help_text=_("Required when you reject: a rejected pair is never proposed again."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == REJECT and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Say why this is not the child."))
        return cleaned


class ShareForm(forms.Form):
    fields_shared = forms.MultipleChoiceField(
        choices=[(name, SHAREABLE_LABELS[name]) for name in SHAREABLE_FIELDS],
        widget=forms.CheckboxSelectMultiple,
        label=_("What to share with the requesting country"),
    )
    consented_by = forms.CharField(
        max_length=200,
        label=_("Consent to share given by"),
        help_text=_(
            "Who agreed that these details go to the family's country, e.g. the child and a caregiver."
        ),
    )
    note = forms.CharField(required=False, widget=_textarea(2), label=_("Note to the requesting country"))

    def __init__(self, *args, user=None, instance=None, **kwargs):
        self.user = user
        self.instance = instance
        super().__init__(*args, **kwargs)


class VerificationForm(forms.Form):
    outcome = forms.ChoiceField(choices=VerificationOutcome.choices, label=_("Outcome"))
    verified_on = forms.DateField(widget=DateInput(), label=_("Verified on"), initial=timezone.localdate)
    interviews = forms.CharField(
        required=False,
        widget=_textarea(4),
        label=_("Interviews"),
        help_text=_("Who was interviewed, and what each said about the other."),
    )
    documents = forms.CharField(
        required=False,
        widget=_textarea(3),
        label=_("Documents"),
        help_text=_("Birth certificates, photographs, letters, other documents seen."),
    )

    def __init__(self, *args, user=None, instance=None, **kwargs):
        self.user = user
        self.instance = instance
        super().__init__(*args, **kwargs)


class DeterminationForm(forms.Form):
    panel_members = forms.CharField(
        widget=_textarea(3), label=_("Panel members"), help_text=_("Names and roles, one per line.")
    )
    childs_views = forms.CharField(widget=_textarea(3), label=_("The child's views"))
    decision = forms.ChoiceField(
        choices=BestInterestsDecision.choices, widget=forms.RadioSelect, label=_("Decision")
    )
    reasons = forms.CharField(widget=_textarea(4), label=_("Reasons"))
    care_referral_to = forms.CharField(
        required=False,
        max_length=200,
        label=_("Referred to (alternative care)"),
        help_text=_("When return is not in the child's best interest: where the child is referred for care."),
    )
    care_referral_notes = forms.CharField(
        required=False, widget=_textarea(2), label=_("Notes for the care provider")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    FIELDS = (
        "panel_members",
        "childs_views",
        "decision",
        "reasons",
        "care_referral_to",
        "care_referral_notes",
    )

    def __init__(self, *args, user=None, instance=None, **kwargs):
        self.user = user
        self.instance = instance
        if instance is not None:
            initial = {name: getattr(instance, name) for name in self.FIELDS}
            kwargs["initial"] = {**initial, "version": instance.version, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        if instance is None:
            del self.fields["version"]

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class DeterminationDecisionForm(VersionedForm):
    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Approve")), (RETURN, _("Return for changes"))],
        widget=forms.RadioSelect,
        label=_("Decision"),
    )
    comment = forms.CharField(
        required=False, widget=_textarea(), label=_("Comment"), help_text=_("Required when you return it.")
    )


class ReunificationForm(forms.Form):
    reunified_on = forms.DateField(
        widget=DateInput(), label=_("Date of reunification"), initial=timezone.localdate
    )
    place = forms.CharField(max_length=300, label=_("Place"))
    accompanied_by = forms.CharField(
        widget=_textarea(2), label=_("Accompanied by"), help_text=_("Who went with the child, one per line.")
    )
    notes = forms.CharField(required=False, widget=_textarea(3), label=_("Notes"))

    def __init__(self, *args, user=None, instance=None, **kwargs):
        self.user = user
        self.instance = instance
        super().__init__(*args, **kwargs)


class VisitForm(VersionedForm):
    visited_on = forms.DateField(widget=DateInput(), label=_("Visited on"), initial=timezone.localdate)
    outcome = forms.ChoiceField(choices=VisitOutcome.choices, label=_("What the visit found"))
    notes = forms.CharField(required=False, widget=_textarea(3), label=_("Notes"))


class BatchRunForm(forms.Form):
    country = forms.ModelChoiceField(
        queryset=Country.objects.none(), to_field_name="code", label=_("Country"), empty_label=None
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.offered_to(user, "tracing.change").order_by("name")


class MonthsField(forms.CharField):
    """Whole months separated by commas, e.g. "1, 3, 6, 12"."""

    def to_python(self, value):
        value = super().to_python(value)
        months = []
        for part in value.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit():
                raise forms.ValidationError(_("Give whole months separated by commas, e.g. 1, 3, 6, 12."))
            months.append(int(part))
        return months

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(month) for month in value)
        return value


class SettingsForm(forms.Form):
    match_threshold = forms.FloatField(
        min_value=0.05,
        max_value=0.99,
        label=_("Propose a match from this probability"),
        help_text=_("Between 0.05 and 0.99. Lower finds more children and asks for more reviews."),
    )
    duplicate_threshold = forms.FloatField(
        min_value=0.05,
        max_value=0.99,
        label=_("Warn of a possible duplicate from this probability"),
        help_text=_(
            "Shown to the caseworker when a child being registered looks like one already registered."
        ),
    )
    monitoring_months = MonthsField(
        label=_("Monitoring visits (months after return)"),
        help_text=_("Whole months separated by commas, e.g. 1, 3, 6, 12."),
    )

    def __init__(self, *args, user=None, instance=None, **kwargs):
        self.user = user
        self.instance = instance
        if instance is not None:
            kwargs["initial"] = {
                "match_threshold": instance.match_threshold,
                "duplicate_threshold": instance.duplicate_threshold,
                "monitoring_months": instance.monitoring_months,
                **(kwargs.get("initial") or {}),
            }
        super().__init__(*args, **kwargs)
