"""Forms for gatekeeping: the request from a case, the necessity and suitability assessment (poverty
alone is refused here already, with the reason), the panel's decision, placing the children, and
the request list filter."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trygg.geo.models import Site
from trygg.people.models import Person, Relationship

from ..codes import NecessityReason, OptionTried, PanelDecision, PlacementType, RequestStatus
from ..models import PlacementRequest
from ..services.gatekeeping import POVERTY_ALONE_MESSAGE, validate_necessity
from .base import (
    DateInput,
    PlainForm,
    VersionedForm,
    home_label,
    may_approve_in_country,
    model_field,
    textarea,
)

ANY = _("Any")
SIBLING_KINDS = (Relationship.Kind.SIBLING, Relationship.Kind.HALF_SIBLING)
TOGETHER = "together"
SEPARATELY = "separately"


def siblings_of(child, user):
    """The child's brothers and sisters the user may see (a relationship either way round)."""
    relationships = Relationship.objects.for_user(user).filter(kind__in=SIBLING_KINDS)
    ids = set(relationships.filter(person=child).values_list("relative_id", flat=True))
    ids |= set(relationships.filter(relative=child).values_list("person_id", flat=True))
    ids.discard(child.pk)
    return (
        Person.objects.for_user(user).filter(pk__in=ids, country_id=child.country_id).order_by("given_name")
    )


class SiblingChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        age = obj.age
        if age is None:
            return _("%(name)s (%(reference)s), age unknown") % {
                "name": obj.full_name,
                "reference": obj.reference,
            }
        return _("%(name)s (%(reference)s), %(age)s years") % {
            "name": obj.full_name,
            "reference": obj.reference,
            "age": age,
        }


class PlacementRequestForm(PlainForm):
    """Request a placement for the case's child and any brothers and sisters."""

    siblings = SiblingChoiceField(
        queryset=Person.objects.none(),
        to_field_name="uuid",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Brothers and sisters to place with the child"),
        help_text=_(
            "Siblings are placed together unless a recorded reason says it is not in their best interest."
        ),
    )
    other_children = forms.CharField(
        required=False,
        max_length=300,
        label=_("Other siblings, by reference"),
        help_text=_("References separated by commas, for siblings not yet linked to the child."),
    )
    is_emergency = model_field(PlacementRequest, "is_emergency")
    site = forms.ModelChoiceField(
        queryset=Site.objects.none(),
        to_field_name="uuid",
        required=False,
        label=_("Village or provider asked"),
        help_text=_("Homes of this village are proposed first."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["siblings"].queryset = siblings_of(case.child, self.user)
        self.fields["site"].queryset = (
            Site.objects.for_user(self.user).filter(country=case.country_id).order_by("name")
        )
        if case.site_id:
            self.fields["site"].initial = case.site.uuid

    def clean_other_children(self):
        text = self.cleaned_data["other_children"]
        references = [part.strip().upper() for part in text.replace(";", ",").split(",") if part.strip()]
        visible = Person.objects.for_user(self.user).filter(country_id=self.case.country_id)
        found = {p.reference.upper(): p for p in visible.filter(reference__in=references)}
        missing = [ref for ref in references if ref not in found]
        if missing:
            raise ValidationError(
                _("No child with the reference %(references)s is in your scope in this country."),
                code="not_found",
                params={"references": ", ".join(missing)},
            )
        return list(found.values())

    def service_data(self) -> dict:
        children = [self.case.child]
        for person in [*self.cleaned_data["siblings"], *self.cleaned_data["other_children"]]:
            if person not in children:
                children.append(person)
        return {
            "children": children,
            "is_emergency": self.cleaned_data["is_emergency"],
            "site": self.cleaned_data["site"],
        }


class AssessmentForm(VersionedForm):
    """The necessity and suitability assessment. Poverty alone is refused, and the form says so
    before anything is submitted (the reasons' help text)."""

    necessity_reasons = forms.MultipleChoiceField(
        choices=NecessityReason.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("Why the child cannot stay with or return to the family"),
    )
    necessity_explanation = forms.CharField(
        widget=textarea(4),
        label=_("Explanation"),
        help_text=_("What happened, and why the family cannot care for the child safely now."),
    )
    options_tried = forms.MultipleChoiceField(
        choices=OptionTried.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("Family-based options tried or weighed first"),
    )
    options_explanation = forms.CharField(
        widget=textarea(3),
        label=_("What was tried, and why it was not enough"),
        help_text=_("Family strengthening and care by relatives come before care in a home."),
    )
    childs_views = forms.CharField(
        widget=textarea(3),
        label=_("The child's views"),
        help_text=_("What the child said, in their own words where possible."),
    )
    suitability = model_field(PlacementRequest, "suitability", widget=textarea(3))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["necessity_reasons"].help_text = POVERTY_ALONE_MESSAGE
        instance = self.instance
        if instance is not None and not self.is_bound:
            for name in (
                "necessity_reasons",
                "necessity_explanation",
                "options_tried",
                "options_explanation",
                "childs_views",
                "suitability",
            ):
                self.initial.setdefault(name, getattr(instance, name))

    def clean_necessity_reasons(self):
        reasons = self.cleaned_data["necessity_reasons"]
        try:
            validate_necessity(list(reasons))
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                raise ValidationError(exc.message_dict.get("necessity_reasons") or exc.messages) from exc
            raise
        return list(reasons)

    def service_data(self) -> dict:
        data = super().service_data()
        data["options_tried"] = list(data["options_tried"])
        return data


class DecisionForm(VersionedForm):
    decision = forms.ChoiceField(choices=PanelDecision.choices, widget=forms.RadioSelect, label=_("Decision"))
    panel_members = forms.CharField(
        widget=textarea(3), label=_("Panel members"), help_text=_("Names and roles, one per line.")
    )
    panel_reasons = forms.CharField(widget=textarea(4), label=_("Reasons for the decision"))


class WithdrawForm(VersionedForm):
    reason = forms.CharField(widget=textarea(3), label=_("Why the request is withdrawn"))


class HomeOptionField(forms.ChoiceField):
    """A home among those offered (by UUID), cleaned to the home itself."""

    def __init__(self, *args, homes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_homes(homes)

    def set_homes(self, homes):
        self.homes = {str(home.uuid): home for home in homes}

    def clean(self, value):
        value = super().clean(value)
        return self.homes.get(value) if value else None


class PlaceForm(PlainForm):
    """Place the request's children: all in one home (proposed when it has room for the whole
    group), or in different homes with the reason why that is in their best interest."""

    arrangement = forms.ChoiceField(
        choices=[
            (TOGETHER, _("All the children together in one home")),
            (SEPARATELY, _("In different homes (give the reason)")),
        ],
        widget=forms.RadioSelect,
        initial=TOGETHER,
        label=_("Siblings"),
    )
    home = HomeOptionField(
        required=False,
        widget=forms.RadioSelect,
        label=pgettext_lazy("place form", "Home"),
        help_text=_("Proposed homes have room for every child and take their ages."),
    )
    separation_reason = forms.CharField(
        required=False,
        widget=textarea(3),
        label=_("Why the siblings are not placed together"),
        help_text=_("Required when the children go to different homes: why that is in their best interest."),
    )
    placement_type = forms.ChoiceField(choices=PlacementType.choices, label=_("Type of placement"))
    started_on = forms.DateField(widget=DateInput(), label=_("Start"), initial=timezone.localdate)
    care_plan_goals = forms.CharField(
        required=False, widget=textarea(4), label=_("Care plan goals"), help_text=_("One goal per line.")
    )
    over_capacity_reason = forms.CharField(
        required=False,
        widget=textarea(2),
        label=_("Place beyond the home's places: why"),
        help_text=_(
            "Only when no home has room and waiting would harm the child. The override is recorded "
            "in the audit log."
        ),
    )

    def __init__(self, *args, request: PlacementRequest, children, proposals, homes, **kwargs):
        super().__init__(*args, **kwargs)
        self.request_obj = request
        self.children = list(children)
        proposed = {proposal.home.pk for proposal in proposals}
        ordered = [proposal.home for proposal in proposals] + [
            home for home in homes if home.pk not in proposed
        ]
        free = {proposal.home.pk: proposal.free for proposal in proposals}
        for home in homes:
            free.setdefault(home.pk, getattr(home, "free", None))
        choices = []
        for home in ordered:
            label = home_label(home, free.get(home.pk))
            if home.pk in proposed:
                label = _("%(home)s · proposed") % {"home": label}
            choices.append((str(home.uuid), label))
        self.fields["home"].choices = choices
        self.fields["home"].set_homes(ordered)
        self.child_fields = []
        if len(self.children) > 1:
            for index, child in enumerate(self.children):
                name = f"home_{index}"
                field = HomeOptionField(
                    required=False,
                    choices=[("", "---------"), *choices],
                    homes=ordered,
                    label=_("Home for %(child)s") % {"child": child.full_name},
                )
                self.fields[name] = field
                self.child_fields.append((name, child))
        else:
            del self.fields["arrangement"]
            del self.fields["separation_reason"]
        if request.is_emergency and request.status != RequestStatus.APPROVED:
            self.fields["placement_type"].choices = [(PlacementType.EMERGENCY, PlacementType.EMERGENCY.label)]
        if not may_approve_in_country(self.user, request.country_id):
            del self.fields["over_capacity_reason"]

    def separately(self) -> bool:
        return self.cleaned_data.get("arrangement") == SEPARATELY

    def clean(self):
        cleaned = super().clean()
        if self.separately():
            for name, child in self.child_fields:
                if not cleaned.get(name):
                    self.add_error(name, _("Choose a home for %(child)s.") % {"child": child.full_name})
        elif not cleaned.get("home"):
            self.add_error("home", _("Choose the home where the children will live."))
        return cleaned

    def homes_by_child(self) -> dict:
        if self.separately():
            return {child: self.cleaned_data[name] for name, child in self.child_fields}
        return dict.fromkeys(self.children, self.cleaned_data["home"])

    def service_data(self) -> dict:
        data = {
            "homes": self.homes_by_child(),
            "placement_type": self.cleaned_data["placement_type"],
            "started_on": self.cleaned_data["started_on"],
            "care_plan_goals": self.cleaned_data["care_plan_goals"],
            "separation_reason": self.cleaned_data.get("separation_reason", ""),
        }
        if "over_capacity_reason" in self.fields:
            data["over_capacity_reason"] = self.cleaned_data["over_capacity_reason"]
        return data


class RequestFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=RequestStatus.choices, label=_("Status"), empty_label=ANY)
    is_emergency = django_filters.BooleanFilter(
        field_name="is_emergency",
        label=_("Only emergency placements"),
        widget=forms.CheckboxInput,
        method="only_if",
    )

    class Meta:
        model = PlacementRequest
        fields: list[str] = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)

    def only_if(self, queryset, name, value):
        return queryset.filter(**{name: True}) if value else queryset
