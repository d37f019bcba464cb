"""Pages for family contact, contact restrictions and safeguarding incidents (with their follow-up
actions)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.audit.services import record_read
from trygg.core.views import ScopedDetailView, ServiceFormView
from trygg.people.models import Person

from .. import forms
from ..codes import IncidentStatus
from ..models import ContactRestriction, FamilyContact, IncidentAction, Placement, SafeguardingIncident
from ..services import life as services
from .base import CareFormView, incident_url, placement_url
from .placements import PlacementFormView


class ContactView(PlacementFormView):
    """Record a visit, call or letter; SOS parents do it for the children of their own homes."""

    action = "change"
    wide_permission = None
    form_class = forms.FamilyContactForm
    pass_instance = False
    title = gettext_lazy("Family contact")
    intro = gettext_lazy("A planned or actual visit, call or letter with the family, and how it went.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["restrictions"] = list(services.restrictions_in_force(self.object.child, self.request.user))
        return context

    def perform(self, form):
        services.record_family_contact(self.object, acting_user=self.request.user, **form.service_data())
        return self.done(_("Family contact recorded."))


class ContactUpdateView(CareFormView):
    """A planned contact that happened, or was cancelled."""

    model = FamilyContact
    action = "change"
    form_class = forms.ContactUpdateForm
    related = ("placement__child",)
    title = gettext_lazy("Update the family contact")

    def back_url(self):
        return placement_url(self.object.placement)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["badge"] = self.object.placement.child.full_name
        context["restrictions"] = list(
            services.restrictions_in_force(self.object.placement.child, self.request.user)
        )
        return context

    def perform(self, form):
        services.update_family_contact(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )
        return self.done(_("Family contact updated."))


def child_for(user, uuid) -> Person:
    """A child the user may see, directly or through a placement they may see (404 otherwise)."""
    try:
        child = Person.objects.for_user(user).filter(uuid=uuid).first()
        if child is None:
            placement = (
                Placement.objects.for_user(user).filter(child__uuid=uuid).select_related("child").first()
            )
            child = placement.child if placement else None
    except ValidationError as exc:
        raise Http404(_("Not found.")) from exc
    if child is None:
        raise Http404(_("Not found."))
    return child


def child_url(user, child) -> str:
    """The child's current placement page if the user sees it, else the person's page."""
    placement = Placement.objects.for_user(user).active().filter(child=child).first()
    if placement is not None:
        return placement_url(placement)
    return reverse("people:person_detail", kwargs={"uuid": child.uuid})


class RestrictionCreateView(ServiceFormView):
    """A contact restriction for a child (`?child=<uuid>`): a safety warning for the whole team."""

    model = ContactRestriction
    form_class = forms.RestrictionForm
    template_name = "care/form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.child = child_for(request.user, request.GET.get("child") or "")
            if not services.may_restrict(request.user, self.child):
                raise Http404(_("Not found."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["child"] = self.child
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "title": _("Contact restriction for %(name)s") % {"name": self.child.full_name},
                "intro": _(
                    "Someone who must not contact the child, or only under supervision. Family contact "
                    "with them is refused, and the whole team sees the warning."
                ),
                "submit_label": _("Add the restriction"),
                "back_url": child_url(self.request.user, self.child),
            }
        )
        return context

    def perform(self, form):
        services.add_contact_restriction(self.child, acting_user=self.request.user, **form.service_data())
        messages.success(self.request, _("Contact restriction added."))
        return child_url(self.request.user, self.child)


class RestrictionLiftView(CareFormView):
    model = ContactRestriction
    form_class = forms.LiftForm
    related = ("child",)
    title = gettext_lazy("Lift the contact restriction")
    submit_label = gettext_lazy("Lift the restriction")

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if obj.lifted_at is not None or not services.may_restrict(self.request.user, obj.child):
            raise Http404(_("Not found."))
        return obj

    def back_url(self):
        return child_url(self.request.user, self.object.child)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["badge"] = self.object.restricted_name
        return context

    def perform(self, form):
        services.lift_contact_restriction(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
        return self.done(_("Contact restriction lifted."))


class IncidentCreateView(PlacementFormView):
    """Report a safeguarding incident about a child in care (SOS parents for their own homes)."""

    form_class = forms.IncidentForm
    wide_permission = None
    pass_instance = False
    title = gettext_lazy("Report a safeguarding incident")
    intro = gettext_lazy(
        "Something that harmed or endangered the child. Only those who follow up incidents can read it."
    )
    submit_label = gettext_lazy("Report the incident")

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not services.may_report(self.request.user, obj):
            raise Http404(_("Not found."))
        return obj

    def perform(self, form):
        incident = services.report_incident(self.object, acting_user=self.request.user, **form.service_data())
        url = placement_url(self.object)
        if SafeguardingIncident.objects.for_user(self.request.user).filter(pk=incident.pk).exists():
            url = incident_url(incident)
        return self.done(_("Incident reported."), url)


class IncidentDetailView(ScopedDetailView):
    model = SafeguardingIncident
    template_name = "care/incident_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("placement__child", "placement__home", "reported_by")

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record_read(self.object, actor=request.user)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        incident, user = self.object, self.request.user
        may_change = (
            incident.status == IncidentStatus.OPEN
            and SafeguardingIncident.objects.for_user(user, "change").filter(pk=incident.pk).exists()
        )
        actions = list(
            IncidentAction.objects.for_user(user).filter(incident=incident).order_by("due_on", "pk")
        )
        context.update(
            {
                "incident": incident,
                "actions": actions,
                "may_change": may_change,
                "action_form": forms.IncidentActionForm(user=user) if may_change else None,
                "close_form": forms.CloseIncidentForm(user=user, instance=incident) if may_change else None,
                "all_done": all(a.done_on for a in actions),
            }
        )
        return context


class IncidentFormView(CareFormView):
    model = SafeguardingIncident
    action = "change"
    related = ("placement__child",)

    def back_url(self):
        return incident_url(self.object)


class IncidentActionAddView(IncidentFormView):
    form_class = forms.IncidentActionForm
    pass_instance = False
    title = gettext_lazy("Add a follow-up action")
    submit_label = gettext_lazy("Add the action")

    def perform(self, form):
        services.add_incident_action(self.object, acting_user=self.request.user, **form.service_data())
        return self.done(_("Follow-up action added."))


class IncidentCloseView(IncidentFormView):
    form_class = forms.CloseIncidentForm
    title = gettext_lazy("Close the incident")
    submit_label = gettext_lazy("Close the incident")

    def perform(self, form):
        services.close_incident(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            closing_note=form.cleaned_data["closing_note"],
        )
        return self.done(_("Incident closed."))


class ActionDoneView(CareFormView):
    model = IncidentAction
    action = "change"
    form_class = forms.ActionDoneForm
    related = ("incident",)
    title = gettext_lazy("Follow-up action done")
    submit_label = gettext_lazy("Mark as done")

    def back_url(self):
        return incident_url(self.object.incident)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = self.object.action
        return context

    def perform(self, form):
        services.complete_incident_action(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            done_on=form.cleaned_data["done_on"],
        )
        return self.done(_("Follow-up action marked as done."))
