"""Pages for trafficking identification on a case: overview, screenings, profile, route.

Every page finds its record through `for_user` (a record outside the user's scope, or of a case
its country keeps as a summary only, is a 404). A user who may view the case but lacks
`sensitive.trafficking` gets a page saying the section is restricted, never its content; the
forms are 404 for them. Writes call the services (audit and timeline in the same transaction);
a stale version answers 409 with the form kept.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.audit.services import record_read
from trygg.core.views import ScopedDetailView, ScopedViewMixin, ServiceObjectFormView
from trygg.people.forms import VersionForm

from ..forms import identification as forms
from ..identification_parts import identification_context, result_rows
from ..models import Case, IndicatorList, Screening, TraffickingEvent, TraffickingProfile
from ..services import identification as services

RESTRICTED_TEMPLATE = "cases/identification/restricted.html"


def overview_url(case) -> str:
    return reverse("cases:trafficking_overview", kwargs={"uuid": case.uuid})


class CaseRecordMixin(ScopedViewMixin):
    """Records of cases the user's country holds in full; the case is `self.case`."""

    def get_queryset(self):
        qs = super().get_queryset()
        if self.model is Case:
            return qs.filter(summary_only=False).select_related("site", "country", "child")
        return qs.filter(case__summary_only=False).select_related(
            "case__site", "case__country", "case__child"
        )

    @property
    def case(self) -> Case:
        return self.object if isinstance(self.object, Case) else self.object.case


class RestrictedDetailMixin(CaseRecordMixin):
    """Shows "restricted" instead of the content when the user lacks the trafficking permission."""

    section_title = ""

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not services.user_may_see_trafficking(request.user, self.case):
            return render(
                request, RESTRICTED_TEMPLATE, {"case": self.case, "section_title": self.section_title}
            )
        record_read(self.object, actor=request.user)
        return self.render_to_response(self.get_context_data(object=self.object))


class TraffickingOverviewView(RestrictedDetailMixin, ScopedDetailView):
    """Every screening of the case, the trafficking profile and the route."""

    model = Case
    template_name = "cases/identification/overview.html"
    section_title = gettext_lazy("Trafficking identification")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(identification_context(self.object, self.request.user, screening_limit=None))
        return context


class ScreeningDetailView(RestrictedDetailMixin, ScopedDetailView):
    """One screening: its outcome, which answers led to it, and every answer."""

    model = Screening
    template_name = "cases/identification/screening_detail.html"
    section_title = gettext_lazy("Trafficking screening")

    def get_queryset(self):
        return super().get_queryset().select_related("indicator_list", "screened_by", "rule")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        screening = self.object
        answers = list(screening.answers.select_related("indicator").order_by("indicator__order", "pk"))
        context.update(
            {
                "case": screening.case,
                "result": result_rows(screening),
                "answers": answers,
                "can_change": not screening.case.is_closed
                and services.may_on_case(self.request.user, "case.change", screening.case),
            }
        )
        return context


class TraffickingFormView(CaseRecordMixin, ServiceObjectFormView):
    """A form about a case's trafficking records: 404 without the trafficking permission."""

    action = "change"
    template_name = "cases/identification/form.html"
    title = ""
    intro = ""
    submit_label = gettext_lazy("Save")

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        case = obj if isinstance(obj, Case) else obj.case
        if not services.user_may_see_trafficking(self.request.user, case):
            raise Http404(_("Not found."))
        return obj

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "case": self.case,
                "title": self.title,
                "intro": self.intro,
                "submit_label": self.submit_label,
                "back_url": overview_url(self.case),
                "current_url": overview_url(self.case),
            }
        )
        return context


class ScreeningFormMixin:
    template_name = "cases/identification/screening_form.html"
    form_class = forms.ScreeningForm

    def indicator_list(self):
        raise NotImplementedError

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        indicator_list = self.indicator_list()
        kwargs["indicators"] = indicator_list.indicators.filter(is_active=True, is_deleted=False).order_by(
            "order", "pk"
        )
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["indicator_list"] = self.indicator_list()
        return context


class ScreeningCreateView(ScreeningFormMixin, TraffickingFormView):
    """Screen the child against an indicator list (?list=<code> chooses among the lists in use)."""

    model = Case
    title = gettext_lazy("Trafficking screening")

    def lists(self):
        return list(IndicatorList.objects.filter(is_active=True, is_deleted=False).order_by("name", "pk"))

    def indicator_list(self):
        if not hasattr(self, "_indicator_list"):
            lists = self.lists()
            wanted = self.request.GET.get("list") or self.request.POST.get("indicator_list")
            chosen = next((item for item in lists if item.code == wanted), None)
            if chosen is None and lists:
                chosen = lists[0]
            if chosen is None:
                raise Http404(_("No indicator list is in use. Ask the administrator to load one."))
            self._indicator_list = chosen
        return self._indicator_list

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lists"] = self.lists()
        return context

    def perform(self, form):
        screening = services.record_screening(
            self.case,
            acting_user=self.request.user,
            indicator_list=self.indicator_list(),
            **form.service_data(),
        )
        messages.success(
            self.request,
            _("Screening recorded: %(outcome)s.") % {"outcome": screening.get_outcome_display()},
        )
        return reverse("cases:screening_detail", kwargs={"uuid": screening.uuid})


class ScreeningEditView(ScreeningFormMixin, TraffickingFormView):
    """Correct a screening's answers; its result is recomputed."""

    model = Screening
    title = gettext_lazy("Correct the screening")

    def indicator_list(self):
        return self.object.indicator_list

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object
        kwargs["answers"] = {
            row.indicator.code: (row.answer, row.note)
            for row in self.object.answers.select_related("indicator")
        }
        return kwargs

    def perform(self, form):
        services.update_screening(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )
        messages.success(self.request, _("Screening corrected and its result recomputed."))
        return reverse("cases:screening_detail", kwargs={"uuid": self.object.uuid})


class TraffickingProfileEditView(TraffickingFormView):
    model = Case
    form_class = forms.TraffickingProfileForm
    template_name = "cases/identification/profile_form.html"
    title = gettext_lazy("Trafficking profile")

    def profile(self):
        return (
            TraffickingProfile.objects.for_user(self.request.user, "change").filter(case=self.object).first()
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update({"user": self.request.user, "case": self.object, "instance": self.profile()})
        return kwargs

    def perform(self, form):
        version = form.cleaned_data.get("version")
        services.save_trafficking_profile(
            self.object, acting_user=self.request.user, expected_version=version, **form.service_data()
        )
        messages.success(self.request, _("Trafficking profile saved."))
        return overview_url(self.object)


class TraffickingEventAddView(TraffickingFormView):
    model = Case
    form_class = forms.TraffickingEventForm
    title = gettext_lazy("Add a step of the route")
    intro = gettext_lazy("Where and when the child was recruited, moved or exploited.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update({"user": self.request.user, "case": self.object})
        return kwargs

    def perform(self, form):
        services.add_trafficking_event(self.object, acting_user=self.request.user, **form.service_data())
        messages.success(self.request, _("Step of the route added."))
        return overview_url(self.object)


class TraffickingEventEditView(TraffickingFormView):
    model = TraffickingEvent
    form_class = forms.TraffickingEventForm
    title = gettext_lazy("Change a step of the route")

    def get_queryset(self):
        return super().get_queryset().select_related("event_country", "place__parent")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update({"user": self.request.user, "case": self.case, "instance": self.object})
        return kwargs

    def perform(self, form):
        services.update_trafficking_event(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )
        messages.success(self.request, _("Step of the route changed."))
        return overview_url(self.case)


class TraffickingEventRemoveView(TraffickingFormView):
    model = TraffickingEvent
    form_class = VersionForm
    title = gettext_lazy("Remove a step of the route")
    intro = gettext_lazy("The step is hidden from the route; it is kept in the history.")
    submit_label = gettext_lazy("Remove")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["initial"] = {"version": self.object.version}
        return kwargs

    def perform(self, form):
        services.remove_trafficking_event(
            self.object, acting_user=self.request.user, expected_version=form.cleaned_data["version"]
        )
        messages.success(self.request, _("Step of the route removed."))
        return overview_url(self.case)
