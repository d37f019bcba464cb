"""Household pages: search, record, register, edit, add and remove members."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from trygg.audit.services import record_read, record_search
from trygg.core.scoping import has_perm_anywhere
from trygg.core.services import OutOfScope
from trygg.core.views import AuditedSearchListView, ScopedDetailView, ServiceFormView, ServiceObjectFormView

from ..access import may, visible_members
from ..filters import HouseholdSearchFilter
from ..forms import HouseholdForm, HouseholdMemberForm, RemoveMemberForm
from ..models import Household, HouseholdMember, Person
from ..services import add_household_member, register_household, remove_household_member, update_household
from .base import OUT_OF_SCOPE_SITE


class HouseholdListView(AuditedSearchListView):
    model = Household
    required_permission = "household.view"
    filterset_class = HouseholdSearchFilter
    template_name = "people/household_list.html"
    partial_template_name = "people/includes/household_results.html"

    def listing(self, qs):
        return (
            qs.select_related("country", "site")
            .annotate(member_count=Count("members", filter=Q(members__is_deleted=False)))
            .order_by("name", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = has_perm_anywhere(self.request.user, "household.add")
        return context


class HouseholdDetailView(ScopedDetailView):
    """A household and its members. Showing members lists persons, so it is audited like a search."""

    model = Household
    template_name = "people/household_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("country", "site", "location__parent")

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record_read(self.object, actor=request.user)
        record_search(
            Person,
            actor=request.user,
            query_present=False,
            result_uuids=[member.person.uuid for member in self.members],
            country_id=self.object.country_id,
        )
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        self.members = list(visible_members(user).filter(household=self.object))
        context.update(
            {
                "members": self.members,
                "can_edit": may(user, "household.change", self.object),
            }
        )
        return context


class HouseholdCreateView(ServiceFormView):
    model = Household
    required_permission = "household.add"
    form_class = HouseholdForm
    template_name = "people/household_form.html"

    def perform(self, form):
        try:
            household = register_household(
                country=form.cleaned_data["country"], acting_user=self.request.user, **form.service_data()
            )
        except OutOfScope as exc:
            raise ValidationError({"site": OUT_OF_SCOPE_SITE}) from exc
        messages.success(
            self.request, _("Household %(reference)s registered.") % {"reference": household.reference}
        )
        return reverse("people:household_detail", kwargs={"uuid": household.uuid})


class HouseholdEditView(ServiceObjectFormView):
    model = Household
    action = "change"
    form_class = HouseholdForm
    template_name = "people/household_form.html"

    def get_queryset(self):
        return super().get_queryset().select_related("site", "location__parent")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["household"] = self.object
        return kwargs

    def perform(self, form):
        try:
            update_household(
                self.object,
                acting_user=self.request.user,
                expected_version=form.cleaned_data["version"],
                **form.service_data(),
            )
        except OutOfScope as exc:
            raise ValidationError({"site": OUT_OF_SCOPE_SITE}) from exc
        messages.success(
            self.request, _("Changes to %(reference)s saved.") % {"reference": self.object.reference}
        )
        return reverse("people:household_detail", kwargs={"uuid": self.object.uuid})


class HouseholdMemberAddView(ServiceObjectFormView):
    """Add a person the user can see to the household, picked by reference."""

    model = Household
    action = "change"
    form_class = HouseholdMemberForm
    template_name = "people/household_member_form.html"

    def perform(self, form):
        try:
            add_household_member(
                self.object,
                person=form.cleaned_data["person"],
                role=form.cleaned_data["role"],
                joined_on=form.cleaned_data["joined_on"],
                acting_user=self.request.user,
            )
        except OutOfScope as exc:
            raise ValidationError({"person": _("You cannot add this person to the household.")}) from exc
        messages.success(
            self.request,
            _("%(person)s added to household %(household)s.")
            % {"person": form.cleaned_data["person"].reference, "household": self.object.reference},
        )
        return reverse("people:household_detail", kwargs={"uuid": self.object.uuid})


class HouseholdMemberRemoveView(ServiceObjectFormView):
    """Confirm, then end a person's membership of a household (kept in history, not erased)."""

    model = HouseholdMember
    action = "change"
    form_class = RemoveMemberForm
    template_name = "people/household_member_confirm_remove.html"

    def get_queryset(self):
        user = self.request.user
        return (
            super()
            .get_queryset()
            .filter(person__in=Person.objects.for_user(user), household__is_deleted=False)
            .select_related("household", "person")
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        return kwargs

    def perform(self, form):
        remove_household_member(
            self.object, acting_user=self.request.user, left_on=form.cleaned_data["left_on"]
        )
        messages.success(
            self.request,
            _("%(person)s removed from household %(household)s.")
            % {"person": self.object.person.reference, "household": self.object.household.reference},
        )
        return reverse("people:household_detail", kwargs={"uuid": self.object.household.uuid})
