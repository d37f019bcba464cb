"""Homes: the list with places free, a home's page (carers, children living there), registering
and changing a home, and the village dashboard."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from trygg.audit.services import record_read, record_search
from trygg.core.scoping import has_perm_anywhere
from trygg.core.views import AuditedSearchListView, ScopedDetailView, ServiceFormView
from trygg.geo.models import Site

from .. import forms
from ..dashboard import may_see_dashboard, village_dashboard
from ..models import CareHome, Placement
from ..services import homes as services
from ..services.placements import unstable_child_ids
from .base import AnyCarePermissionMixin, CareFormView, home_url

HOME_PERMISSIONS = ("carehome.view", "carehome.view_own_home")


class HomeListView(AnyCarePermissionMixin, AuditedSearchListView):
    model = CareHome
    required_any = HOME_PERMISSIONS
    filterset_class = forms.HomeFilter
    template_name = "care/home_list.html"
    partial_template_name = "care/includes/home_results.html"

    def listing(self, qs):
        return (
            services.with_occupancy(qs).select_related("site", "country").order_by("country", "site", "name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = has_perm_anywhere(self.request.user, "carehome.add")
        return context


class HomeDetailView(AnyCarePermissionMixin, ScopedDetailView):
    """A home: places, carers and the children living there now (as far as the user may see)."""

    model = CareHome
    required_any = HOME_PERMISSIONS
    template_name = "care/home_detail.html"

    def get_queryset(self):
        return services.with_occupancy(super().get_queryset()).select_related("site", "country")

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record_read(self.object, actor=request.user)
        if self.placements:
            record_search(
                Placement,
                actor=request.user,
                query_present=False,
                result_uuids=[p.uuid for p in self.placements],
                country_id=self.object.country_id,
            )
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        home, user = self.object, self.request.user
        self.placements = list(
            Placement.objects.for_user(user)
            .active()
            .filter(home=home)
            .select_related("child")
            .order_by("started_on", "pk")
        )
        unstable = unstable_child_ids([p.child_id for p in self.placements], home.country)
        for placement in self.placements:
            placement.unstable = placement.child_id in unstable
        context.update(
            {
                "home": home,
                "placements": self.placements,
                "carers": list(home.carers.order_by("full_name")),
                "may_edit": CareHome.objects.for_user(user, "change").filter(pk=home.pk).exists(),
            }
        )
        return context


class HomeCreateView(ServiceFormView):
    model = CareHome
    required_permission = "carehome.add"
    form_class = forms.HomeForm
    template_name = "care/form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "title": _("Register a home"),
                "submit_label": _("Register the home"),
                "back_url": reverse("care:home_list"),
            }
        )
        return context

    def perform(self, form):
        home = services.create_home(
            acting_user=self.request.user, country=form.cleaned_data["country"], **form.service_data()
        )
        messages.success(self.request, _("Home %(reference)s registered.") % {"reference": home.reference})
        return home_url(home)


class HomeEditView(CareFormView):
    model = CareHome
    action = "change"
    form_class = forms.HomeForm
    submit_label = gettext_lazy("Save")
    related = ("site", "country")

    def get_title(self):
        return _("Change the home %(name)s") % {"name": self.object.name}

    def back_url(self):
        return home_url(self.object)

    def perform(self, form):
        services.update_home(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )
        return self.done(_("Changes to the home saved."))


class DashboardView(LoginRequiredMixin, View):
    """The village dashboard: `?site=<uuid>` for one village, else everything the user sees."""

    template_name = "care/dashboard.html"

    def get(self, request):
        user = request.user
        if not may_see_dashboard(user):
            raise Http404(_("Not found."))
        sites = (
            Site.objects.for_user(user)
            .filter(care_homes__in=CareHome.objects.for_user(user).values("pk"))
            .distinct()
            .order_by("name")
        )
        site = None
        if request.GET.get("site"):
            try:
                site = Site.objects.for_user(user).get(uuid=request.GET["site"])
            except (Site.DoesNotExist, ValidationError) as exc:
                raise Http404(_("Not found.")) from exc
        board = village_dashboard(user, site=site)
        shown = [*board.reviews_overdue, *board.reviews_due, *board.unstable]
        if shown:
            record_search(Placement, actor=user, query_present=False, result_uuids=[p.uuid for p in shown])
        return render(request, self.template_name, {"board": board, "sites": sites, "site": site})
