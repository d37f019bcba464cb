"""Forms for the case core's pages. Plain forms: the services do the writing.

Choices are limited the way querysets are: children the user can see, sites in the user's scope,
colleagues who may work on (or supervise) cases where the case lives.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.accounts.models import User
from trygg.geo.models import Country, Site
from trygg.people.forms import PersonReferenceField
from trygg.people.models import Person

from ..codes import ClosureReason, RiskLevel, Stage
from ..models import CONSENT_CHECKLIST, ConsentGiver, ConsentKind, ConsentPurpose, LegalBasisCode
from ..services.case import eligible_users

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    """The browser's date and time picker; the value travels as YYYY-MM-DDTHH:MM in local time."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


def _datetime_field(label, **kwargs):
    return forms.DateTimeField(label=label, widget=DateTimeInput(), input_formats=[DATETIME_FORMAT], **kwargs)


def _user_field(label, **kwargs):
    return forms.ModelChoiceField(queryset=User.objects.none(), to_field_name="uuid", label=label, **kwargs)


class UserChoiceLabelMixin:
    @staticmethod
    def user_label(user):
        return user.full_name or user.email


class VersionedForm(forms.Form):
    """Carries the version of the case the user saw, so that a concurrent change is a conflict."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, case=None, user=None, **kwargs):
        self.case = case
        self.user = user
        if case is not None:
            kwargs["initial"] = {"version": case.version, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)


class OpenCaseForm(forms.Form):
    """Open a case for a registered child (the child's country is the case's country)."""

    child = PersonReferenceField(
        label=_("Child's reference"),
        help_text=_("Type the child's person reference, or part of a name to see suggestions."),
    )
    site = forms.ModelChoiceField(
        queryset=Site.objects.none(), to_field_name="uuid", required=False, label=_("Site")
    )
    risk_level = forms.ChoiceField(choices=RiskLevel.choices, label=_("Risk level"), initial=RiskLevel.MEDIUM)
    urgent_protection_concern = forms.BooleanField(required=False, label=_("Urgent protection concern"))
    identified_at = _datetime_field(
        _("Identified"), required=False, help_text=_("When the child was identified. Leave empty for now.")
    )
    assigned_worker = _user_field(_("Assigned caseworker"), required=False)

    def __init__(self, *args, user, child: Person | None = None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        if child is not None:
            initial.setdefault("child", child.reference)
            initial.setdefault("site", child.site)
        initial.setdefault("assigned_worker", user)
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["child"].queryset = Person.objects.for_user(user).select_related("country", "site")
        countries = Country.objects.offered_to(user, "case.add", whole_country_only=False)
        self.fields["site"].queryset = (
            Site.objects.for_user(user)
            .filter(country__in=countries)
            .select_related("country")
            .order_by("name")
        )
        workers = eligible_users("case.change", country_ids=list(countries.values_list("pk", flat=True)))
        self.fields["assigned_worker"].queryset = workers
        self.fields["assigned_worker"].label_from_instance = UserChoiceLabelMixin.user_label

    def clean(self):
        cleaned = super().clean()
        child, site = cleaned.get("child"), cleaned.get("site")
        if child is not None and site is not None and site.country_id != child.country_id:
            self.add_error("site", _("The site must be in the child's country."))
        return cleaned


class RiskForm(VersionedForm):
    risk_level = forms.ChoiceField(choices=RiskLevel.choices, label=_("Risk level"))
    urgent_protection_concern = forms.BooleanField(required=False, label=_("Urgent protection concern"))

    def __init__(self, *args, case=None, **kwargs):
        if case is not None:
            kwargs["initial"] = {
                "risk_level": case.risk_level,
                "urgent_protection_concern": case.urgent_protection_concern,
                **(kwargs.get("initial") or {}),
            }
        super().__init__(*args, case=case, **kwargs)


class FirstActionForm(VersionedForm):
    at = _datetime_field(_("When"), required=False, help_text=_("Leave empty for now."))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("What was done"))


class StageForm(VersionedForm):
    to_stage = forms.ChoiceField(choices=[], label=_("Move the case to"))
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Reason"),
        help_text=_("Needed when the case goes back to an earlier stage."),
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        from ..services.case import allowed_stages

        labels = dict(Stage.choices)
        stages = allowed_stages(case) if case is not None else []
        self.fields["to_stage"].choices = [(stage, labels[stage]) for stage in stages]


class AssignForm(VersionedForm):
    worker = _user_field(_("Caseworker"), required=False, empty_label=_("Not assigned"))
    supervisor = _user_field(_("Supervisor"), required=False, empty_label=_("No supervisor"))

    def __init__(self, *args, case=None, **kwargs):
        if case is not None:
            kwargs["initial"] = {
                "worker": case.assigned_worker,
                "supervisor": case.supervisor,
                **(kwargs.get("initial") or {}),
            }
        super().__init__(*args, case=case, **kwargs)
        if case is not None:
            site = case.site
            self.fields["worker"].queryset = eligible_users(
                "case.change", country_id=case.country_id, site=site
            )
            self.fields["supervisor"].queryset = eligible_users(
                "case.approve", country_id=case.country_id, site=site
            )
        for name in ("worker", "supervisor"):
            self.fields[name].label_from_instance = UserChoiceLabelMixin.user_label


class ClosureRequestForm(VersionedForm):
    reason = forms.ChoiceField(choices=ClosureReason.choices, label=_("Why close the case"))
    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Note for the supervisor")
    )


class Decision:
    APPROVE = "approve"
    REJECT = "reject"
    CHOICES = [(APPROVE, _("Approve")), (REJECT, _("Refuse"))]


class DecisionForm(VersionedForm):
    decision = forms.ChoiceField(choices=Decision.CHOICES, widget=forms.RadioSelect, label=_("Decision"))
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Note"),
        help_text=_("Needed when you refuse: say what should happen instead."),
    )

    def __init__(self, *args, case=None, record=None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        if record is not None:
            self.initial["version"] = record.version


class ReopenForm(VersionedForm):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Why reopen the case"))


def _purposes_field(**kwargs):
    return forms.MultipleChoiceField(
        choices=ConsentPurpose.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("For what"),
        initial=[ConsentPurpose.REGISTRATION],
        **kwargs,
    )


class ConsentForm(VersionedForm):
    """The HTCDS consent checklist, who gave it, when and for what."""

    given_by = forms.ChoiceField(choices=ConsentGiver.choices, label=_("Given by"))
    kind = forms.ChoiceField(
        choices=ConsentKind.choices, label=_("Consent or assent"), initial=ConsentKind.CONSENT
    )
    given_by_person = PersonReferenceField(
        required=False,
        label=_("Reference of the person who gave it"),
        help_text=_("Optional: the caregiver's or guardian's person reference, if registered."),
    )
    purposes = _purposes_field()
    given_at = _datetime_field(_("Given"), required=False, help_text=_("Leave empty for now."))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Note"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_by_person"].queryset = Person.objects.for_user(self.user)
        for name, question in CONSENT_CHECKLIST:
            self.fields[name] = forms.BooleanField(required=False, label=question)
        self.fields.pop("version")

    def checklist_fields(self):
        return [self[name] for name, _question in CONSENT_CHECKLIST]

    def service_data(self) -> dict:
        data = {
            name: self.cleaned_data[name]
            for name in ("given_by", "kind", "given_by_person", "purposes", "given_at", "note")
        }
        data.update({name: self.cleaned_data[name] for name, _question in CONSENT_CHECKLIST})
        return data


class WithdrawConsentForm(VersionedForm):
    withdrawn_at = _datetime_field(_("Withdrawn"), required=False, help_text=_("Leave empty for now."))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Note"))

    def __init__(self, *args, consent=None, **kwargs):
        super().__init__(*args, **kwargs)
        if consent is not None:
            self.initial["version"] = consent.version


class LegalBasisForm(forms.Form):
    basis = forms.ChoiceField(choices=LegalBasisCode.choices, label=_("Legal basis"))
    purposes = _purposes_field()
    explanation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Explanation"),
        help_text=_("Why consent cannot be obtained, and why this basis applies."),
    )

    def __init__(self, *args, case=None, user=None, **kwargs):
        # Same signature as the other case forms; nothing here depends on the case or the user.
        super().__init__(*args, **kwargs)


class DeadlinesForm(forms.Form):
    """Hours allowed for first action and assessment, per risk level."""

    def __init__(self, *args, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for risk_level, label in RiskLevel.choices:
            first_action, assessment = current[risk_level]
            self.fields[f"{risk_level}_first_action_hours"] = forms.IntegerField(
                min_value=1,
                initial=first_action,
                label=_("%(risk)s risk: first action within (hours)") % {"risk": label},
            )
            self.fields[f"{risk_level}_assessment_hours"] = forms.IntegerField(
                min_value=1,
                initial=assessment,
                label=_("%(risk)s risk: assessment within (hours)") % {"risk": label},
            )

    def rows(self):
        return [
            (label, self[f"{risk_level}_first_action_hours"], self[f"{risk_level}_assessment_hours"])
            for risk_level, label in RiskLevel.choices
        ]

    def hours(self) -> dict:
        return {
            risk_level: (
                self.cleaned_data[f"{risk_level}_first_action_hours"],
                self.cleaned_data[f"{risk_level}_assessment_hours"],
            )
            for risk_level in RiskLevel.values
        }
