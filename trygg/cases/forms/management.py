"""Forms for managing a case. Plain forms: the services do the writing, never `form.save()`.

An edit form carries the version it started from (hidden), so that a concurrent edit is a
conflict the user sees, not a silent overwrite. Choice fields are restricted like querysets: users
who may work on the case, sites the user can see, countries where the organisation works.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trygg.geo.models import Country, Site
from trygg.people.forms import DateInput

from ..codes import OrganisationType, SupportType
from ..models import (
    Assessment,
    AssessmentDomain,
    AssessmentRating,
    CaseNote,
    CasePlanAction,
    FollowUp,
    ServiceReferral,
)
from ..services.case import eligible_users
from ..services.management import may_on_case, restricted_assessment_fields

APPROVE = "approve"
REJECT = "reject"


def _textarea(rows: int = 3):
    return forms.Textarea(attrs={"rows": rows})


class ManagementForm(forms.Form):
    """A form about one case; given `instance` it edits that record and carries its version."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    service_fields: tuple[str, ...] = ()

    def __init__(self, *args, user, case, instance=None, **kwargs):
        self.user = user
        self.case = case
        self.instance = instance
        if instance is not None:
            initial = {
                name: getattr(instance, name) for name in self.service_fields if hasattr(instance, name)
            }
            kwargs["initial"] = {**initial, "version": instance.version, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        if instance is None:
            del self.fields["version"]

    def service_data(self) -> dict:
        """Keyword arguments for the service: the form's fields that are there and not disabled."""
        return {
            name: self.cleaned_data[name]
            for name in self.service_fields
            if name in self.fields and not self.fields[name].disabled
        }


class AssessmentForm(ManagementForm):
    """Every domain's rating and notes. Notes the user may not read can only be added to."""

    service_fields = tuple(
        name for domain in AssessmentDomain.values for name in (f"{domain}_rating", f"{domain}_notes")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        restricted = restricted_assessment_fields(self.user, self.case)
        fields = {}
        for domain, label in AssessmentDomain.choices:
            rating, notes = Assessment.rating_field(domain), Assessment.notes_field(domain)
            fields[rating] = forms.ChoiceField(
                choices=AssessmentRating.choices, label=label, initial=AssessmentRating.NOT_ASSESSED
            )
            if notes in restricted:
                fields[notes] = forms.CharField(
                    required=False,
                    widget=_textarea(),
                    label=_("Add to the notes on %(domain)s") % {"domain": label.lower()},
                    help_text=_(
                        "These notes are health and trauma information that you cannot read. What "
                        "you write here is added to them; nothing recorded before is replaced."
                    ),
                )
                self.initial[notes] = ""
            else:
                fields[notes] = forms.CharField(
                    required=False,
                    widget=_textarea(),
                    label=_("Notes on %(domain)s") % {"domain": label.lower()},
                )
        version = self.fields.pop("version", None)
        self.fields.update(fields)
        if version is not None:
            self.fields["version"] = version


class CasePlanForm(ManagementForm):
    service_fields = ("summary",)
    summary = forms.CharField(
        required=False,
        widget=_textarea(4),
        label=_("Summary"),
        help_text=_("What the plan sets out to achieve for the child, in a few sentences."),
    )


class CasePlanGoalForm(ManagementForm):
    service_fields = ("domain", "description")
    domain = forms.ChoiceField(choices=AssessmentDomain.choices, label=_("Domain"))
    description = forms.CharField(widget=_textarea(), label=_("Goal"))


class CasePlanActionForm(ManagementForm):
    """An action: what, who, by when. Once the plan is approved only the status can change."""

    service_fields = ("description", "responsible", "responsible_user", "due_on", "status")
    description = forms.CharField(widget=_textarea(), label=pgettext_lazy("case plan step", "Action"))
    responsible_user = forms.ModelChoiceField(
        queryset=None,
        to_field_name="uuid",
        required=False,
        label=_("Responsible staff member"),
    )
    responsible = forms.CharField(
        required=False,
        max_length=200,
        label=_("Responsible (someone else)"),
        help_text=_("Who does it, when it is not a Trygg user (e.g. the child's mother, a partner)."),
    )
    due_on = forms.DateField(required=False, widget=DateInput(), label=_("Due"))
    status = forms.ChoiceField(
        choices=CasePlanAction.Status.choices, initial=CasePlanAction.Status.PLANNED, label=_("Status")
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["responsible_user"].queryset = eligible_users(
            "case.change", country_id=self.case.country_id, site=self.case.site
        )
        if not plan.is_editable:
            for name in ("description", "responsible", "responsible_user", "due_on"):
                self.fields[name].disabled = True


class ConfirmForm(ManagementForm):
    """Confirm a step on a record (submit a plan, complete an assessment, share a case)."""


class DecisionForm(ManagementForm):
    """Approve or return (a plan), accept or reject (a transfer), with a comment."""

    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Approve")), (REJECT, _("Return for changes"))],
        widget=forms.RadioSelect,
        label=_("Decision"),
    )
    comment = forms.CharField(
        required=False,
        widget=_textarea(),
        label=_("Comment"),
        help_text=_("Required when you return or reject: say what must change, or why."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == REJECT and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Say why in a comment."))
        return cleaned


class ServiceReferralForm(ManagementForm):
    service_fields = (
        "support_type",
        "provision",
        "organisation_name",
        "organisation_type",
        "description",
        "status",
        "due_on",
        "outcome",
    )
    support_type = forms.ChoiceField(choices=SupportType.choices, label=_("Type of support"))
    provision = forms.ChoiceField(
        choices=ServiceReferral.Provision.choices,
        initial=ServiceReferral.Provision.INTERNAL,
        widget=forms.RadioSelect,
        label=_("Provided by"),
    )
    organisation_name = forms.CharField(
        required=False,
        max_length=200,
        label=_("Organisation referred to"),
        help_text=_(
            "For a referral. A referral shares the child's information: it needs consent to sharing."
        ),
    )
    organisation_type = forms.ChoiceField(
        choices=[("", "---------"), *OrganisationType.choices],
        required=False,
        label=_("Type of organisation"),
    )
    description = forms.CharField(required=False, widget=_textarea(), label=_("What is provided"))
    status = forms.ChoiceField(
        choices=ServiceReferral.Status.choices, initial=ServiceReferral.Status.PROPOSED, label=_("Status")
    )
    due_on = forms.DateField(required=False, widget=DateInput(), label=_("Due"))
    outcome = forms.CharField(required=False, widget=_textarea(), label=_("Outcome"))


class FollowUpForm(ManagementForm):
    service_fields = ("visited_on", "kind", "findings", "next_due")
    visited_on = forms.DateField(widget=DateInput(), label=_("Date of the contact"))
    kind = forms.ChoiceField(choices=FollowUp.Kind.choices, label=_("Type of contact"))
    findings = forms.CharField(required=False, widget=_textarea(4), label=_("Findings"))
    next_due = forms.DateField(required=False, widget=DateInput(), label=_("Next follow-up due"))


class CaseNoteForm(ManagementForm):
    """A note; the "sensitive" choice is offered only to users who may read sensitive notes."""

    service_fields = ("text", "sensitive")
    text = forms.CharField(widget=_textarea(5), label=_("Note"))
    sensitive = forms.BooleanField(
        required=False,
        label=_("Sensitive: only users who may see trafficking details can read it"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_on_case(self.user, CaseNote.READ_PERMISSION, self.case):
            del self.fields["sensitive"]


class TransferRequestForm(ManagementForm):
    service_fields = ("to_country", "reason")
    to_country = forms.ModelChoiceField(
        queryset=Country.objects.none(), to_field_name="code", label=_("Transfer to")
    )
    reason = forms.CharField(
        widget=_textarea(4),
        label=_("Reason for the transfer"),
        help_text=_("Why the case should continue in that country, e.g. the child's family lives there."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_country"].queryset = (
            Country.objects.operating().exclude(pk=self.case.country_id).order_by("name")
        )


class TransferDecisionForm(DecisionForm):
    """The receiving supervisor accepts (choosing the site that takes the case) or rejects."""

    site = forms.ModelChoiceField(
        queryset=Site.objects.none(),
        to_field_name="uuid",
        required=False,
        label=_("Site that takes the case"),
    )

    def __init__(self, *args, transfer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [(APPROVE, _("Accept the case")), (REJECT, _("Reject"))]
        self.fields["comment"].help_text = _("Required when you reject: say why.")
        self.fields["site"].queryset = (
            Site.objects.for_user(self.user).filter(country=transfer.to_country_id).order_by("name")
        )
