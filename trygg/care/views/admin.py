"""The per-country care settings: emergency assessment deadline, review interval, stability flag
and aftercare interval."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from trygg.core.scoping import has_perm_anywhere, has_perm_in_country
from trygg.core.views import add_service_errors
from trygg.geo.models import Country

from .. import forms
from ..services import config as services


class SettingsIndexView(LoginRequiredMixin, View):
    """The countries whose care the user configures, with their settings."""

    def get(self, request):
        if not has_perm_anywhere(request.user, services.CONFIGURE_PERMISSION):
            raise Http404(_("Not found."))
        countries = Country.objects.offered_to(request.user, services.CONFIGURE_PERMISSION).order_by("name")
        rows = [(country, services.settings_for(country)) for country in countries]
        return render(request, "care/settings.html", {"rows": rows})


class SettingsEditView(LoginRequiredMixin, View):
    template_name = "care/form.html"

    def country(self, code: str):
        country = get_object_or_404(Country, code=code.upper())
        if not has_perm_in_country(self.request.user, services.CONFIGURE_PERMISSION, country.pk):
            raise Http404(_("Not found."))
        return country

    def render(self, form, country, status=200):
        context = {
            "form": form,
            "title": _("Care settings for %(country)s") % {"country": country},
            "submit_label": _("Save"),
            "back_url": reverse("care:settings"),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, code):
        country = self.country(code)
        return self.render(forms.SettingsForm(instance=services.settings_for(country)), country)

    def post(self, request, code):
        country = self.country(code)
        form = forms.SettingsForm(request.POST)
        if form.is_valid():
            try:
                services.update_settings(country, acting_user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Care settings saved."))
                return redirect("care:settings")
        return self.render(form, country, status=400)
