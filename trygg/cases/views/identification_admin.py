"""The administrator's pages for screening indicators: lists, indicators, translations, rules.

Only holders of `indicator.change` (the system administrator) reach them; everyone else gets the
same 404 as for a page that does not exist. Writes go through services/identification_admin.py.
"""

from django.contrib import messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.core.views import ScopedDetailView, ScopedListView, ServiceFormView, ServiceObjectFormView
from trygg.geo.models import Country

from ..forms import identification_admin as forms
from ..models import Indicator, IndicatorList, ScreeningRule
from ..services import identification_admin as services
from ..services.screening_rule import describe_combination

CHANGE = "indicator.change"


class AdminPageMixin:
    action = "change"
    required_permission = CHANGE


class AdminFormMixin(AdminPageMixin):
    template_name = "cases/identification/admin_form.html"
    title = ""
    intro = ""
    submit_label = gettext_lazy("Save")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        return kwargs

    def back_url(self) -> str:
        return reverse("cases:indicator_list_index")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "title": self.title,
                "intro": self.intro,
                "submit_label": self.submit_label,
                "back_url": self.back_url(),
                "current_url": self.back_url(),
            }
        )
        return context


class IndicatorListIndexView(AdminPageMixin, ScopedListView):
    """Every indicator list with its number of indicators; the screening rules are linked."""

    model = IndicatorList
    template_name = "cases/identification/admin_lists.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(indicator_count=Count("indicators", filter=Q(indicators__is_deleted=False)))
            .order_by("name", "pk")
        )


class IndicatorListDetailView(AdminPageMixin, ScopedDetailView):
    model = IndicatorList
    template_name = "cases/identification/admin_list_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["indicators"] = list(
            Indicator.objects.for_user(self.request.user, "change")
            .filter(indicator_list=self.object)
            .order_by("dimension", "order", "pk")
        )
        return context


class IndicatorListCreateView(AdminFormMixin, ServiceFormView):
    model = IndicatorList
    form_class = forms.IndicatorListForm
    title = gettext_lazy("Add an indicator list")
    intro = gettext_lazy(
        "A new list (e.g. indicators of sexual exploitation of children) starts as a draft. "
        "Add its indicators next."
    )

    def perform(self, form):
        data = form.service_data()
        indicator_list = services.create_indicator_list(acting_user=self.request.user, **data)
        messages.success(self.request, _("Indicator list added."))
        return reverse("cases:indicator_list_detail", kwargs={"uuid": indicator_list.uuid})


class IndicatorListEditView(AdminFormMixin, ServiceObjectFormView):
    model = IndicatorList
    form_class = forms.IndicatorListForm
    title = gettext_lazy("Change the indicator list")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object
        return kwargs

    def back_url(self) -> str:
        return reverse("cases:indicator_list_detail", kwargs={"uuid": self.object.uuid})

    def perform(self, form):
        services.update_indicator_list(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )
        messages.success(self.request, _("Indicator list saved."))
        return self.back_url()


class IndicatorAddView(AdminFormMixin, ServiceObjectFormView):
    model = IndicatorList
    form_class = forms.IndicatorForm
    title = gettext_lazy("Add an indicator")

    def back_url(self) -> str:
        return reverse("cases:indicator_list_detail", kwargs={"uuid": self.object.uuid})

    def perform(self, form):
        services.add_indicator(self.object, acting_user=self.request.user, **form.service_data())
        messages.success(self.request, _("Indicator added."))
        return self.back_url()


class IndicatorEditView(AdminFormMixin, ServiceObjectFormView):
    model = Indicator
    form_class = forms.IndicatorForm
    title = gettext_lazy("Change the indicator")
    intro = gettext_lazy(
        "Screenings already recorded keep the strength they were scored with; new screenings use "
        "the changed indicator."
    )

    def get_queryset(self):
        return super().get_queryset().select_related("indicator_list")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object
        return kwargs

    def back_url(self) -> str:
        return reverse("cases:indicator_list_detail", kwargs={"uuid": self.object.indicator_list.uuid})

    def perform(self, form):
        services.update_indicator(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )
        messages.success(self.request, _("Indicator saved."))
        return self.back_url()


class ScreeningRuleIndexView(AdminPageMixin, ScopedListView):
    model = ScreeningRule
    template_name = "cases/identification/admin_rules.html"

    def get_queryset(self):
        return super().get_queryset().select_related("country")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rules"] = [
            {"rule": rule, "combinations": [describe_combination(c) for c in rule.combinations]}
            for rule in context["object_list"]
        ]
        return context


class ScreeningRuleCreateView(AdminFormMixin, ServiceFormView):
    model = ScreeningRule
    form_class = forms.ScreeningRuleForm
    template_name = "cases/identification/admin_rule_form.html"
    title = gettext_lazy("Add a country's screening rule")
    intro = gettext_lazy("A dimension is positive when the answers meet at least one combination.")

    def back_url(self) -> str:
        return reverse("cases:screening_rule_index")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        taken = ScreeningRule.objects.filter(country__isnull=False).values("country")
        kwargs["countries"] = Country.objects.operating().exclude(pk__in=taken).order_by("name")
        return kwargs

    def perform(self, form):
        services.create_screening_rule(acting_user=self.request.user, **form.service_data())
        messages.success(self.request, _("Screening rule added."))
        return self.back_url()


class ScreeningRuleEditView(AdminFormMixin, ServiceObjectFormView):
    model = ScreeningRule
    form_class = forms.ScreeningRuleForm
    template_name = "cases/identification/admin_rule_form.html"
    title = gettext_lazy("Change the screening rule")
    intro = gettext_lazy(
        "A dimension is positive when the answers meet at least one combination. Screenings already "
        "recorded keep the rule version they were scored with."
    )

    def get_queryset(self):
        return super().get_queryset().select_related("country")

    def back_url(self) -> str:
        return reverse("cases:screening_rule_index")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object
        return kwargs

    def perform(self, form):
        data = form.service_data()
        services.update_screening_rule(
            self.object, acting_user=self.request.user, expected_version=form.cleaned_data["version"], **data
        )
        messages.success(self.request, _("Screening rule saved."))
        return self.back_url()
