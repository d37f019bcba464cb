"""Person pages: search, record, register, edit, delete."""

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from trygg.audit.services import record_read
from trygg.core.scoping import has_perm_anywhere
from trygg.core.services import OutOfScope
from trygg.core.views import AuditedSearchListView, ScopedDetailView, ServiceFormView, ServiceObjectFormView
from trygg.geo.names import language_name

from .. import continuum
from ..access import may
from ..filters import PersonSearchFilter
from ..forms import PersonForm, VersionForm
from ..models import HouseholdMember, Person, Relationship
from ..services import delete_person, register_person, update_person
from .base import OUT_OF_SCOPE_SITE


class PersonListView(AuditedSearchListView):
    """Search persons by name or reference; filters by country, site, sex and age group."""

    model = Person
    required_permission = "person.view"
    filterset_class = PersonSearchFilter
    template_name = "people/person_list.html"
    partial_template_name = "people/includes/person_results.html"

    def listing(self, qs):
        return qs.for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = has_perm_anywhere(self.request.user, "person.add")
        return context


def visible_relationships(user, person):
    """Both directions, only where the other person is in the user's scope too."""
    visible = Person.objects.for_user(user)
    relationships = Relationship.objects.for_user(user).filter(person__in=visible, relative__in=visible)
    relatives = relationships.filter(person=person).select_related("relative").order_by("kind", "pk")
    relative_of = relationships.filter(relative=person).select_related("person").order_by("kind", "pk")
    return list(relatives), list(relative_of)


class PersonDetailView(ScopedDetailView):
    """Everything about a person; every view is an audit event ("who saw this child's record")."""

    model = Person
    template_name = "people/person_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("country", "site", "place_of_origin__parent")
            .prefetch_related("nationalities")
        )

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record_read(self.object, actor=request.user)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        user = self.request.user
        relatives, relative_of = visible_relationships(user, person)
        memberships = list(
            HouseholdMember.objects.for_user(user)
            .filter(person=person, household__is_deleted=False)
            .select_related("household")
            .order_by("household__name")
        )
        context.update(
            {
                "relatives": relatives,
                "relative_of": relative_of,
                "memberships": memberships,
                "languages": [(code, language_name(code)) for code in person.languages or []],
                "steps": continuum.steps_for(person, in_household=bool(memberships), user=user),
                "can_edit": may(user, "person.change", person),
                "can_delete": may(user, "person.delete", person),
                "can_relate": may(user, "relationship.add", person),
                "can_unrelate": may(user, "relationship.delete", person),
            }
        )
        return context


class PersonCreateView(ServiceFormView):
    model = Person
    required_permission = "person.add"
    form_class = PersonForm
    template_name = "people/person_form.html"

    def perform(self, form):
        data = form.service_data()
        try:
            person = register_person(
                country=form.cleaned_data["country"], acting_user=self.request.user, **data
            )
        except OutOfScope as exc:
            raise ValidationError({"site": OUT_OF_SCOPE_SITE}) from exc
        messages.success(
            self.request, _("Person %(reference)s registered.") % {"reference": person.reference}
        )
        if apps.is_installed("trygg.tracing"):
            # A notice, never a refusal: "looks like X, already registered", with a link.
            from trygg.tracing.notices import warn_of_duplicates

            warn_of_duplicates(self.request, person)
        return reverse("people:person_detail", kwargs={"uuid": person.uuid})


class PersonEditView(ServiceObjectFormView):
    model = Person
    action = "change"
    form_class = PersonForm
    template_name = "people/person_form.html"

    def get_queryset(self):
        return super().get_queryset().select_related("site", "place_of_origin__parent")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["person"] = self.object
        return kwargs

    def on_show(self, obj):
        record_read(obj, actor=self.request.user)

    def perform(self, form):
        data = form.service_data()
        try:
            update_person(
                self.object,
                acting_user=self.request.user,
                expected_version=form.cleaned_data["version"],
                **data,
            )
        except OutOfScope as exc:
            raise ValidationError({"site": OUT_OF_SCOPE_SITE}) from exc
        messages.success(
            self.request, _("Changes to %(reference)s saved.") % {"reference": self.object.reference}
        )
        return reverse("people:person_detail", kwargs={"uuid": self.object.uuid})


class PersonDeleteView(ServiceObjectFormView):
    """Soft delete after confirmation: the record is hidden, not erased."""

    model = Person
    action = "delete"
    form_class = VersionForm
    template_name = "people/person_confirm_delete.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        kwargs["initial"] = {"version": self.object.version}
        return kwargs

    def on_show(self, obj):
        record_read(obj, actor=self.request.user)

    def perform(self, form):
        delete_person(
            self.object, acting_user=self.request.user, expected_version=form.cleaned_data["version"]
        )
        messages.success(
            self.request, _("Person %(reference)s deleted.") % {"reference": self.object.reference}
        )
        return reverse("people:person_list")
