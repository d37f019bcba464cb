"""Forms for life in a placement: reviews, the care plan, moves, leaving care, aftercare, and the
placement list filter."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.geo.models import Site

from ..codes import AftercareSituation, LeavingRoute, PlacementStatus, PlacementType
from ..models import CareHome, Placement
from .base import DateInput, HomeChoiceField, PlainForm, VersionedForm, may_approve_in_country, textarea

ANY = _("Any")
ALL = "all"
OVERDUE = "overdue"
DUE_SOON = "due_soon"
DUE_SOON_DAYS = 14


class ReviewForm(PlainForm):
    reviewed_on = forms.DateField(widget=DateInput(), label=_("Reviewed on"), initial=timezone.localdate)
    child_took_part = forms.BooleanField(
        required=False,
        initial=True,
        label=_("The child took part"),
        help_text=_("Every review hears the child. If the child could not take part, say why."),
    )
    why_child_absent = forms.CharField(
        required=False, widget=textarea(2), label=_("Why the child did not take part")
    )
    childs_views = forms.CharField(required=False, widget=textarea(3), label=_("The child's views"))
    progress = forms.CharField(widget=textarea(4), label=_("Progress on the care plan's goals"))
    decisions = forms.CharField(
        required=False, widget=textarea(3), label=_("Decisions and changes to the plan")
    )
    next_review_due = forms.DateField(
        required=False,
        widget=DateInput(),
        label=_("Next review due"),
        help_text=_(
            "Empty: the country's review interval. Never later than that: at least every three months."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("child_took_part") and not (cleaned.get("why_child_absent") or "").strip():
            self.add_error("why_child_absent", _("Say why the child did not take part in the review."))
        return cleaned


class CarePlanForm(VersionedForm):
    care_plan_goals = forms.CharField(
        widget=textarea(6), label=_("Care plan goals"), help_text=_("One goal per line.")
    )


class MoveForm(VersionedForm):
    to_home = HomeChoiceField(label=_("New home"))
    moved_on = forms.DateField(widget=DateInput(), label=_("Moved on"), initial=timezone.localdate)
    reason = forms.CharField(widget=textarea(3), label=_("Why the child moves"))
    placement_type = forms.ChoiceField(
        required=False,
        choices=[("", _("Same as now")), *PlacementType.choices],
        label=_("Type of the new placement"),
    )
    over_capacity_reason = forms.CharField(
        required=False,
        widget=textarea(2),
        label=_("Place beyond the home's places: why"),
        help_text=_("Only when the new home is full and the move cannot wait. The override is audited."),
    )

    def __init__(self, *args, homes=None, **kwargs):
        super().__init__(*args, **kwargs)
        placement = self.instance
        if homes is None:
            homes = CareHome.objects.for_user(self.user).active().filter(country=placement.country_id)
        self.fields["to_home"].queryset = homes.exclude(pk=placement.home_id).order_by("name")
        if not may_approve_in_country(self.user, placement.country_id):
            del self.fields["over_capacity_reason"]

    def service_data(self) -> dict:
        data = super().service_data()
        data["placement_type"] = data["placement_type"] or None
        return data


class EndForm(VersionedForm):
    ended_on = forms.DateField(widget=DateInput(), label=_("Left on"), initial=timezone.localdate)
    route = forms.ChoiceField(
        choices=[(code, label) for code, label in LeavingRoute.choices if code != LeavingRoute.MOVED],
        widget=forms.RadioSelect,
        label=_("How the child leaves"),
        help_text=_(
            "A return to the family is handed over to tracing and reunification. A move to another "
            "home is recorded with “Move to another home”."
        ),
    )
    notes = forms.CharField(required=False, widget=textarea(3), label=_("Leaving notes"))


class AftercareForm(PlainForm):
    contacted_on = forms.DateField(widget=DateInput(), label=_("Contacted on"), initial=timezone.localdate)
    situation = forms.MultipleChoiceField(
        choices=AftercareSituation.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("How the young person is doing"),
    )
    notes = forms.CharField(required=False, widget=textarea(3), label=_("Notes"))
    next_contact_due = forms.DateField(
        required=False,
        widget=DateInput(),
        label=_("Next contact due"),
        help_text=_("Empty: the country's aftercare interval."),
    )

    def service_data(self) -> dict:
        data = super().service_data()
        data["situation"] = list(data["situation"])
        return data


class PlacementFilter(django_filters.FilterSet):
    """The placement list: child's name or reference, living here or ended, review due, village."""

    q = django_filters.CharFilter(method="filter_q", label=_("Child's name or reference"))
    status = django_filters.ChoiceFilter(
        method="filter_status",
        choices=[*PlacementStatus.choices, (ALL, _("All"))],
        label=_("Status"),
        empty_label=None,
    )
    review = django_filters.ChoiceFilter(
        method="filter_review",
        choices=[(OVERDUE, _("Review overdue")), (DUE_SOON, _("Review due within 14 days"))],
        label=_("Reviews"),
        empty_label=ANY,
    )
    site = django_filters.ModelChoiceFilter(
        field_name="site", to_field_name="uuid", queryset=Site.objects.none(), label=_("Village or provider")
    )

    class Meta:
        model = Placement
        fields: list[str] = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        self.filters["site"].queryset = Site.objects.for_user(user).order_by("name")

    def filter_queryset(self, queryset):
        # Children living in the homes now, unless the user asks for those who left.
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status=PlacementStatus.ACTIVE)
        return super().filter_queryset(queryset)

    def filter_status(self, queryset, name, value):
        return queryset if value == ALL else queryset.filter(status=value)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q(child__reference__iexact=value)
        for word in value.split():
            condition |= Q(child__given_name__icontains=word) | Q(child__family_name__icontains=word)
        return queryset.filter(condition)

    def filter_review(self, queryset, name, value):
        today = timezone.localdate()
        if value == OVERDUE:
            return queryset.reviews_overdue(today)
        if value == DUE_SOON:
            return queryset.reviews_due_within(DUE_SOON_DAYS, today).exclude(next_review_due__lt=today)
        return queryset
