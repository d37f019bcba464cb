"""Batch runs (start one, watch its progress) and the per-country tracing settings."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from trygg.core.scoping import has_perm_anywhere, has_perm_in_country
from trygg.core.services import OutOfScope
from trygg.core.views import ScopedDetailView, ScopedListView, add_service_errors
from trygg.geo.models import Country

from .. import forms
from ..models import BatchRun
from ..services import batch as batch_services
from ..services import config as config_services

RUNS_SHOWN = 20


class BatchRunListView(ScopedListView):
    """The latest batch runs in the user's countries, and a form to start one."""

    model = BatchRun
    required_permission = "tracing.view"
    template_name = "tracing/batch_list.html"
    paginate_by = RUNS_SHOWN

    def get_queryset(self):
        return super().get_queryset().select_related("country", "created_by").order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if has_perm_anywhere(user, "tracing.change"):
            context["form"] = kwargs.get("form") or forms.BatchRunForm(user=user)
        return context

    def post(self, request, *args, **kwargs):
        form = forms.BatchRunForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                run = batch_services.start_batch_run(
                    country=form.cleaned_data["country"], acting_user=request.user
                )
            except OutOfScope as exc:
                raise Http404(_("Not found.")) from exc
            messages.success(request, _("Batch run started."))
            return redirect("tracing:batch_detail", uuid=run.uuid)
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(form=form), status=400)


class BatchRunDetailView(ScopedDetailView):
    """A run's progress; while it runs, the page asks for the progress fragment every 2 seconds."""

    model = BatchRun
    template_name = "tracing/batch_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("country", "created_by")

    def get_template_names(self):
        htmx = getattr(self.request, "htmx", None)
        if htmx and not htmx.history_restore_request:
            return ["tracing/includes/batch_progress.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["run"] = self.object
        return context


class SettingsIndexView(LoginRequiredMixin, View):
    """The countries whose tracing the user configures."""

    def get(self, request):
        if not has_perm_anywhere(request.user, config_services.CONFIGURE_PERMISSION):
            raise Http404(_("Not found."))
        countries = Country.objects.offered_to(request.user, config_services.CONFIGURE_PERMISSION)
        countries = countries.order_by("name")
        rows = [(country, config_services.settings_for(country.pk)) for country in countries]
        return render(request, "tracing/settings_index.html", {"rows": rows})


class SettingsEditView(LoginRequiredMixin, View):
    """One country's match threshold, duplicate warning and monitoring schedule."""

    template_name = "tracing/form.html"

    def country(self, code: str):
        country = get_object_or_404(Country, code=code.upper())
        if not has_perm_in_country(self.request.user, config_services.CONFIGURE_PERMISSION, country.pk):
            raise Http404(_("Not found."))
        return country

    def render(self, form, country, status=200):
        context = {
            "form": form,
            "title": _("Tracing settings for %(country)s") % {"country": country},
            "submit_label": _("Save"),
            "back_url": reverse("tracing:settings_index"),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, code):
        country = self.country(code)
        return self.render(forms.SettingsForm(instance=config_services.settings_for(country.pk)), country)

    def post(self, request, code):
        country = self.country(code)
        form = forms.SettingsForm(request.POST)
        if form.is_valid():
            try:
                config_services.set_tracing_settings(country, acting_user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Tracing settings saved."))
                return redirect("tracing:settings_index")
        return self.render(form, country, status=400)
