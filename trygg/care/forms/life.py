"""Forms for family contact, contact restrictions, safeguarding incidents and the care settings."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.people.forms import PersonReferenceField
from trygg.people.models import Person

from ..codes import (
    ContactKind,
    ContactOutcome,
    ContactStatus,
    IncidentCategory,
    IncidentSeverity,
    RestrictionKind,
)
from ..models import CareSettings, ContactRestriction, FamilyContact
from .base import DateInput, PlainForm, VersionedForm, model_field, textarea


class ContactFieldsMixin:
    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status == ContactStatus.HAPPENED:
            if not cleaned.get("happened_on"):
                self.add_error("happened_on", _("Give the day the contact happened."))
            if not cleaned.get("outcome"):
                self.add_error("outcome", _("Say how the contact went for the child."))
        if status == ContactStatus.PLANNED and not cleaned.get("planned_for"):
            self.add_error("planned_for", _("Give the day the contact is planned for."))
        return cleaned


class FamilyContactForm(ContactFieldsMixin, PlainForm):
    kind = forms.ChoiceField(choices=ContactKind.choices, label=_("Kind of contact"))
    status = forms.ChoiceField(
        choices=[(c, label) for c, label in ContactStatus.choices if c != ContactStatus.CANCELLED],
        widget=forms.RadioSelect,
        initial=ContactStatus.HAPPENED,
        label=_("Planned or happened"),
    )
    with_whom = model_field(FamilyContact, "with_whom", help_text=_("Names and relationship to the child."))
    planned_for = forms.DateField(required=False, widget=DateInput(), label=_("Planned for"))
    happened_on = forms.DateField(required=False, widget=DateInput(), label=_("Happened on"))
    outcome = forms.ChoiceField(
        required=False, choices=[("", "---------"), *ContactOutcome.choices], label=_("How it went")
    )
    notes = forms.CharField(
        required=False,
        widget=textarea(3),
        label=_("Notes"),
        help_text=_("For supervised contact, say who supervised it."),
    )


class ContactUpdateForm(ContactFieldsMixin, VersionedForm):
    """A planned contact that happened, or was cancelled."""

    status = forms.ChoiceField(choices=ContactStatus.choices, widget=forms.RadioSelect, label=_("Status"))
    planned_for = forms.DateField(required=False, widget=DateInput(), label=_("Planned for"))
    happened_on = forms.DateField(required=False, widget=DateInput(), label=_("Happened on"))
    outcome = forms.ChoiceField(
        required=False, choices=[("", "---------"), *ContactOutcome.choices], label=_("How it went")
    )
    notes = forms.CharField(required=False, widget=textarea(3), label=_("Notes"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not self.is_bound:
            for name in ("status", "planned_for", "happened_on", "outcome", "notes"):
                self.initial.setdefault(name, getattr(self.instance, name))
            if self.instance.status == ContactStatus.PLANNED:
                self.initial["status"] = ContactStatus.HAPPENED
                self.initial["happened_on"] = timezone.localdate()


class RestrictionForm(PlainForm):
    restricted_name = model_field(
        ContactRestriction,
        "restricted_name",
        help_text=_("The person's name, as the family and the child say it."),
    )
    restricted_person = PersonReferenceField(
        required=False,
        label=_("Registered person's reference"),
        help_text=_("If the person is registered in Trygg, their reference."),
    )
    relationship = model_field(ContactRestriction, "relationship")
    kind = forms.ChoiceField(
        choices=RestrictionKind.choices, widget=forms.RadioSelect, label=_("Restriction")
    )
    reason = forms.CharField(
        widget=textarea(3),
        label=_("Reason"),
        help_text=_(
            "The whole team sees it as a safety warning, e.g. a relative involved in the trafficking."
        ),
    )
    valid_from = forms.DateField(widget=DateInput(), label=_("From"), initial=timezone.localdate)
    valid_until = forms.DateField(
        required=False, widget=DateInput(), label=_("Until"), help_text=_("Empty: until it is lifted.")
    )

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        self.fields["restricted_person"].queryset = Person.objects.for_user(self.user).filter(
            country_id=child.country_id
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The restriction cannot end before it starts."))
        return cleaned


class LiftForm(VersionedForm):
    reason = forms.CharField(widget=textarea(3), label=_("Why the restriction is lifted"))


class IncidentForm(PlainForm):
    occurred_on = forms.DateField(widget=DateInput(), label=_("Happened on"), initial=timezone.localdate)
    category = forms.ChoiceField(choices=IncidentCategory.choices, label=_("What happened"))
    severity = forms.ChoiceField(
        choices=IncidentSeverity.choices, widget=forms.RadioSelect, label=_("Severity")
    )
    description = forms.CharField(widget=textarea(5), label=_("Description"))
    immediate_action = forms.CharField(required=False, widget=textarea(3), label=_("What was done at once"))


class IncidentActionForm(PlainForm):
    action = forms.CharField(widget=textarea(2), label=_("Action"))
    responsible = forms.CharField(max_length=200, label=_("Responsible"))
    due_on = forms.DateField(widget=DateInput(), label=_("Due"))


class ActionDoneForm(VersionedForm):
    done_on = forms.DateField(widget=DateInput(), label=_("Done on"), initial=timezone.localdate)


class CloseIncidentForm(VersionedForm):
    closing_note = forms.CharField(widget=textarea(3), label=_("Closing note"))


SETTINGS_FIELDS = (
    "emergency_assessment_hours",
    "review_interval_days",
    "stability_moves",
    "stability_window_days",
    "aftercare_interval_days",
)


class SettingsForm(forms.Form):
    emergency_assessment_hours = model_field(CareSettings, "emergency_assessment_hours", min_value=1)
    review_interval_days = model_field(
        CareSettings,
        "review_interval_days",
        min_value=1,
        help_text=_("At most 92 days: at least every three months."),
    )
    stability_moves = model_field(CareSettings, "stability_moves", min_value=1)
    stability_window_days = model_field(CareSettings, "stability_window_days", min_value=1)
    aftercare_interval_days = model_field(CareSettings, "aftercare_interval_days", min_value=1)

    def __init__(self, *args, instance=None, user=None, **kwargs):
        if instance is not None:
            kwargs["initial"] = {name: getattr(instance, name) for name in SETTINGS_FIELDS}
        super().__init__(*args, **kwargs)
