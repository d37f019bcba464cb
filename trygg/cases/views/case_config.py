"""A country administrator's case settings: response deadlines per risk level."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from trygg.core.views import ScopedViewMixin, ServiceFormMixin
from trygg.geo.models import Country

from ..forms.case import DeadlinesForm
from ..services.case_config import current_deadlines, set_response_deadlines

PERMISSION = "caseconfig.change"


class CountryConfigMixin(ScopedViewMixin):
    """Countries whose case settings the user may change; any other country answers 404."""

    model = Country
    required_permission = PERMISSION

    def get_queryset(self):
        return Country.objects.where_user_may(self.request.user, PERMISSION).order_by("name")


class DeadlinesIndexView(CountryConfigMixin, View):
    """Straight to the only country, or a choice among several."""

    def get(self, request):
        countries = list(self.get_queryset().operating())
        if len(countries) == 1:
            return redirect("cases:deadlines", code=countries[0].code)
        return render(request, "cases/case/deadlines_index.html", {"countries": countries})


class DeadlinesView(CountryConfigMixin, ServiceFormMixin, FormView):
    form_class = DeadlinesForm
    template_name = "cases/case/deadlines_form.html"

    def get_country(self):
        if not hasattr(self, "country"):
            self.country = get_object_or_404(self.get_queryset(), code=self.kwargs["code"].upper())
        return self.country

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        kwargs["current"] = current_deadlines(self.get_country())
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["country"] = self.get_country()
        return context

    def perform(self, form):
        set_response_deadlines(self.get_country(), hours=form.hours(), acting_user=self.request.user)
        messages.success(
            self.request,
            _("Deadlines for %(country)s saved. They apply to new cases and to risk level changes.")
            % {"country": self.get_country()},
        )
        return reverse("cases:deadlines", kwargs={"code": self.get_country().code})
