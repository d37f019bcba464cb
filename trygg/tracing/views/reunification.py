"""Pages for the steps after a confirmed match: verification, the best-interests determination
(submitted, then approved by someone else), the reunification and the monitoring visits."""

from django.contrib import messages
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from trygg.audit.services import record_read, record_search
from trygg.core.views import ScopedDetailView, ScopedListView, ServiceObjectFormView

from .. import forms
from ..models import BestInterestsDetermination, MonitoringVisit
from ..services import reunification as services
from .requests import RequestFormView, request_url

VISITS_WITHIN_DAYS = 30


class VerificationCreateView(RequestFormView):
    form_class = forms.VerificationForm
    title = gettext_lazy("Verify the relationship")
    intro = gettext_lazy(
        "Interview the child and the family separately and check the documents. If they are not "
        "related, the match is rejected and the search goes on."
    )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance")
        return kwargs

    def perform(self, form):
        services.record_verification(self.object, acting_user=self.request.user, **form.cleaned_data)
        return self.done(_("Verification recorded."))


class DeterminationCreateView(RequestFormView):
    form_class = forms.DeterminationForm
    title = gettext_lazy("Best-interests determination")
    intro = gettext_lazy(
        "Record the panel's decision and the child's own views. A supervisor other than you approves it."
    )
    submit_label = gettext_lazy("Submit for approval")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance")
        return kwargs

    def perform(self, form):
        determination = services.submit_determination(
            self.object, acting_user=self.request.user, **form.service_data()
        )
        messages.success(self.request, _("Best-interests determination submitted for approval."))
        return reverse("tracing:determination_detail", kwargs={"uuid": determination.uuid})


class DeterminationDetailView(ScopedDetailView):
    model = BestInterestsDetermination
    template_name = "tracing/determination_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("request", "submitted_by", "decided_by")

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record_read(self.object, actor=request.user)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        determination, user = self.object, self.request.user
        context.update(
            {
                "determination": determination,
                "tracing": determination.request,
                "may_decide": services.may_decide(user, determination)
                and determination.request.status == "match_confirmed",
                "own_submission": determination.status == "submitted"
                and determination.submitted_by_id == user.pk,
                "may_edit": determination.status == "returned"
                and services.may_work(user, determination.request)
                and services.determination_in_force(determination.request) is None,
                "decision_form": forms.DeterminationDecisionForm(instance=determination),
            }
        )
        return context


class DeterminationFormView(ServiceObjectFormView):
    model = BestInterestsDetermination
    template_name = "tracing/form.html"
    title = ""
    submit_label = gettext_lazy("Save")

    def get_queryset(self):
        return super().get_queryset().select_related("request")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object
        return kwargs

    def back_url(self):
        return reverse("tracing:determination_detail", kwargs={"uuid": self.object.uuid})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "tracing": self.object.request,
                "title": self.title,
                "submit_label": self.submit_label,
                "back_url": self.back_url(),
                "current_url": self.back_url(),
            }
        )
        return context


class DeterminationDecideView(DeterminationFormView):
    """A supervisor approves or returns a submitted determination (anyone else: 403)."""

    action = "view"
    form_class = forms.DeterminationDecisionForm
    title = gettext_lazy("Approve or return the best-interests determination")
    submit_label = gettext_lazy("Record the decision")

    def perform(self, form):
        kwargs = {
            "acting_user": self.request.user,
            "expected_version": form.cleaned_data["version"],
            "comment": form.cleaned_data["comment"],
        }
        if form.cleaned_data["decision"] == forms.APPROVE:
            services.approve_determination(self.object, **kwargs)
            messages.success(self.request, _("Best-interests determination approved."))
        else:
            services.return_determination(self.object, **kwargs)
            messages.success(self.request, _("Best-interests determination returned for changes."))
        return self.back_url()


class DeterminationEditView(DeterminationFormView):
    action = "change"
    form_class = forms.DeterminationForm
    title = gettext_lazy("Change the best-interests determination")
    submit_label = gettext_lazy("Submit for approval again")

    def perform(self, form):
        services.update_determination(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )
        messages.success(self.request, _("Best-interests determination submitted for approval."))
        return self.back_url()


class ReunificationCreateView(RequestFormView):
    form_class = forms.ReunificationForm
    title = gettext_lazy("Record the reunification")
    intro = gettext_lazy("The monitoring visits after return are scheduled when you save.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance")
        return kwargs

    def perform(self, form):
        services.record_reunification(self.object, acting_user=self.request.user, **form.cleaned_data)
        return self.done(_("Reunification recorded; monitoring visits scheduled."))


class VisitListView(ScopedListView):
    """Monitoring visits due in the next 30 days and overdue ones, in the user's scope."""

    model = MonitoringVisit
    required_permission = "tracing.view"
    template_name = "tracing/visit_list.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .due_within(VISITS_WITHIN_DAYS)
            .select_related("request__country")
            .order_by("due_on", "pk")
        )

    def get_context_data(self, **kwargs):
        from django.utils import timezone

        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for visit in context["object_list"]:
            visit.overdue = visit.due_on < today
        record_search(
            MonitoringVisit,
            actor=self.request.user,
            query_present=False,
            result_uuids=[v.uuid for v in context["object_list"]],
        )
        context["days"] = VISITS_WITHIN_DAYS
        return context


class VisitRecordView(ServiceObjectFormView):
    model = MonitoringVisit
    action = "change"
    form_class = forms.VisitForm
    template_name = "tracing/form.html"

    def get_queryset(self):
        return super().get_queryset().select_related("request", "reunification")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visit = self.object
        context.update(
            {
                "tracing": visit.request,
                "title": ngettext(
                    "Monitoring visit %(months)s month after return",
                    "Monitoring visit %(months)s months after return",
                    visit.months_after,
                )
                % {"months": visit.months_after},
                "intro": _("Due on %(day)s.") % {"day": date_format(visit.due_on, "DATE_FORMAT")},
                "submit_label": _("Save"),
                "back_url": request_url(visit.request),
                "current_url": request_url(visit.request),
            }
        )
        return context

    def perform(self, form):
        services.record_visit(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            visited_on=form.cleaned_data["visited_on"],
            outcome=form.cleaned_data["outcome"],
            notes=form.cleaned_data["notes"],
        )
        messages.success(self.request, _("Monitoring visit recorded."))
        return request_url(self.object.request)
