"""Relationship pages (from the person page): add a relative, remove a relationship."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from trygg.core.services import OutOfScope
from trygg.core.views import ServiceObjectFormView

from ..forms import RelationshipForm, VersionForm
from ..models import Person, Relationship
from ..services import add_relationship, remove_relationship


class RelationshipAddView(ServiceObjectFormView):
    """Record how another person the user can see is related to this person."""

    model = Person
    required_permission = "relationship.add"
    form_class = RelationshipForm
    template_name = "people/relationship_form.html"

    def get_queryset(self):
        return super().get_queryset().select_related("site")

    def perform(self, form):
        relative = form.cleaned_data["relative"]
        try:
            add_relationship(
                person=self.object,
                relative=relative,
                kind=form.cleaned_data["kind"],
                is_primary_caregiver=form.cleaned_data["is_primary_caregiver"],
                notes=form.cleaned_data["notes"],
                acting_user=self.request.user,
            )
        except OutOfScope as exc:
            raise ValidationError(_("You cannot add relationships for this person.")) from exc
        messages.success(
            self.request,
            _("Relationship with %(relative)s added.") % {"relative": relative.reference},
        )
        return reverse("people:person_detail", kwargs={"uuid": self.object.uuid})


class RelationshipRemoveView(ServiceObjectFormView):
    """Confirm, then remove a relationship (kept in history, not erased)."""

    model = Relationship
    action = "delete"
    form_class = VersionForm
    template_name = "people/relationship_confirm_remove.html"

    def get_queryset(self):
        visible = Person.objects.for_user(self.request.user)
        return (
            super()
            .get_queryset()
            .filter(person__in=visible, relative__in=visible)
            .select_related("person", "relative")
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        kwargs["initial"] = {"version": self.object.version}
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["back"] = self.request.POST.get("back") or self.request.GET.get("from") or ""
        return context

    def perform(self, form):
        remove_relationship(
            self.object, acting_user=self.request.user, expected_version=form.cleaned_data["version"]
        )
        messages.success(self.request, _("Relationship removed."))
        # Back to the page the user came from: either side of the relationship.
        back = self.object.person
        if self.request.POST.get("back") == str(self.object.relative.uuid):
            back = self.object.relative
        return reverse("people:person_detail", kwargs={"uuid": back.uuid})
