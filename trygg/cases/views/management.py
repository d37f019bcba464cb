"""Pages for managing a case: assessment, case plan, services, follow-ups, notes, approvals.

Every page finds its record through `for_user` (ScopedViewMixin): a record outside the user's
scope, or of a case its country keeps only as a summary after a transfer, is a 404. Writes call the
services; a stale version answers 409 with the form kept, a service's refusal shows on the form.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView

from trygg.audit.services import record_read, record_search
from trygg.core.views import ScopedViewMixin, ServiceObjectFormView

from ..forms import management as forms
from ..management_parts import assessment_rows
from ..models import (
    Assessment,
    Case,
    CaseNote,
    CasePlan,
    CasePlanAction,
    CasePlanGoal,
    FollowUp,
    ServiceReferral,
)
from ..services import management as services
from ..services import support

APPROVAL_QUEUE_LIMIT = 200


def case_url(case: Case) -> str:
    return reverse("cases:case_detail", kwargs={"uuid": case.uuid})


class ManagementFormView(ServiceObjectFormView):
    """A form about a record of a case (or the case itself), found in the user's "change" scope."""

    action = "change"
    template_name = "cases/management/form.html"
    title = ""
    intro = ""
    submit_label = gettext_lazy("Save")

    def get_queryset(self):
        qs = super().get_queryset()
        if self.model is Case:
            return qs.filter(summary_only=False).select_related("site")
        return qs.filter(case__summary_only=False).select_related("case__site")

    @property
    def case(self) -> Case:
        return self.object if isinstance(self.object, Case) else self.object.case

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["case"] = self.case
        if not isinstance(self.object, Case):
            kwargs["instance"] = self.object
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "case": self.case,
                "title": self.title,
                "intro": self.intro,
                "submit_label": self.submit_label,
                "back_url": self.back_url(),
                "current_url": self.back_url(),
            }
        )
        return context

    def back_url(self) -> str:
        return case_url(self.case)

    def done(self, message: str, url: str | None = None) -> str:
        messages.success(self.request, message)
        return url or case_url(self.case)


# --- assessment -----------------------------------------------------------------------------------


class AssessmentCreateView(ManagementFormView):
    model = Case
    form_class = forms.AssessmentForm
    title = gettext_lazy("Assess the child's situation")
    intro = gettext_lazy("Rate each domain and describe what you found. You can save and continue later.")

    def perform(self, form):
        assessment = services.record_assessment(
            self.object, acting_user=self.request.user, **form.service_data()
        )
        return self.done(_("Assessment saved."), reverse("cases:assessment_detail", args=[assessment.uuid]))


class AssessmentEditView(ManagementFormView):
    model = Assessment
    form_class = forms.AssessmentForm
    title = gettext_lazy("Edit the assessment")

    def back_url(self):
        return reverse("cases:assessment_detail", args=[self.object.uuid])

    def perform(self, form):
        services.update_assessment(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )
        return self.done(_("Assessment saved."), self.back_url())


class AssessmentCompleteView(ManagementFormView):
    model = Assessment
    form_class = forms.ConfirmForm
    title = gettext_lazy("Complete the assessment")
    intro = gettext_lazy(
        "A completed assessment cannot be changed any more; the case can then move on to planning."
    )
    submit_label = gettext_lazy("Complete the assessment")

    def back_url(self):
        return reverse("cases:assessment_detail", args=[self.object.uuid])

    def perform(self, form):
        services.complete_assessment(
            self.object, acting_user=self.request.user, expected_version=form.cleaned_data["version"]
        )
        return self.done(_("Assessment completed."))


class ScopedCasePartDetailView(ScopedViewMixin, DetailView):
    """A record of a case, in the user's "view" scope; opening it is audited as a read."""

    slug_field = "uuid"
    slug_url_kwarg = "uuid"

    def get_queryset(self):
        return super().get_queryset().filter(case__summary_only=False).select_related("case__site")

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record_read(self.object, actor=request.user)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.object.case
        context.update(
            {
                "case": case,
                "case_url": case_url(case),
                "can_change": not case.is_closed
                and services.may_on_case(self.request.user, "case.change", case),
            }
        )
        return context


class AssessmentDetailView(ScopedCasePartDetailView):
    model = Assessment
    template_name = "cases/management/assessment_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("assessed_by", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        restricted = services.restricted_assessment_fields(self.request.user, self.object.case)
        context["rows"] = assessment_rows(self.object, restricted)
        return context


# --- case plan ------------------------------------------------------------------------------------


class CasePlanCreateView(ManagementFormView):
    model = Case
    form_class = forms.CasePlanForm
    title = gettext_lazy("Draft a case plan")
    intro = gettext_lazy(
        "Start with a summary, then add goals and actions. A revision starts from the approved plan."
    )

    def perform(self, form):
        plan = services.create_case_plan(self.object, acting_user=self.request.user, **form.service_data())
        return self.done(_("Case plan drafted."), reverse("cases:case_plan_detail", args=[plan.uuid]))


class CasePlanDetailView(ScopedCasePartDetailView):
    model = CasePlan
    template_name = "cases/management/plan_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("submitted_by", "decided_by", "supersedes")
            .prefetch_related(
                Prefetch("goals", queryset=CasePlanGoal.objects.alive(), to_attr="live_goals"),
                Prefetch(
                    "actions",
                    queryset=CasePlanAction.objects.alive().select_related("responsible_user"),
                    to_attr="live_actions",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, user = self.object, self.request.user
        may_approve = services.may_on_case(user, "case.approve", plan.case)
        context.update(
            {
                "plan": plan,
                "may_edit": context["can_change"] and plan.is_editable,
                "may_update_actions": context["can_change"] and plan.status == CasePlan.Status.APPROVED,
                "may_decide": plan.status == CasePlan.Status.SUBMITTED
                and may_approve
                and plan.submitted_by_id != user.pk
                and not plan.case.is_closed,
                "own_submission": plan.status == CasePlan.Status.SUBMITTED
                and plan.submitted_by_id == user.pk,
                "decision_form": forms.DecisionForm(user=user, case=plan.case, instance=plan),
                "submit_form": forms.ConfirmForm(user=user, case=plan.case, instance=plan),
            }
        )
        return context


class PlanFormView(ManagementFormView):
    """A form on a case plan; back to the plan's page when done."""

    model = CasePlan

    def plan(self) -> CasePlan:
        return self.object

    def back_url(self):
        return reverse("cases:case_plan_detail", args=[self.plan().uuid])


class CasePlanEditView(PlanFormView):
    form_class = forms.CasePlanForm
    title = gettext_lazy("Edit the case plan")

    def perform(self, form):
        services.update_case_plan(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )
        return self.done(_("Case plan saved."), self.back_url())


class CasePlanSubmitView(PlanFormView):
    form_class = forms.ConfirmForm
    title = gettext_lazy("Submit the case plan for approval")
    intro = gettext_lazy("A supervisor other than you approves it or returns it for changes.")
    submit_label = gettext_lazy("Submit for approval")

    def perform(self, form):
        services.submit_case_plan(
            self.object, acting_user=self.request.user, expected_version=form.cleaned_data["version"]
        )
        return self.done(_("Case plan submitted for approval."), self.back_url())


class CasePlanDecideView(PlanFormView):
    """A supervisor approves or returns a submitted plan (the service refuses anyone else: 403)."""

    action = "view"
    form_class = forms.DecisionForm
    title = gettext_lazy("Approve or return the case plan")
    submit_label = gettext_lazy("Record the decision")

    def perform(self, form):
        kwargs = {
            "acting_user": self.request.user,
            "expected_version": form.cleaned_data["version"],
            "comment": form.cleaned_data["comment"],
        }
        if form.cleaned_data["decision"] == forms.APPROVE:
            services.approve_case_plan(self.object, **kwargs)
            return self.done(_("Case plan approved."), self.back_url())
        services.reject_case_plan(self.object, **kwargs)
        return self.done(_("Case plan returned for changes."), self.back_url())


class GoalAddView(PlanFormView):
    form_class = forms.CasePlanGoalForm
    title = gettext_lazy("Add a goal")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance")
        return kwargs

    def perform(self, form):
        services.add_plan_goal(self.object, acting_user=self.request.user, **form.service_data())
        return self.done(_("Goal added."), self.back_url())


class GoalEditView(PlanFormView):
    model = CasePlanGoal
    form_class = forms.CasePlanGoalForm
    title = gettext_lazy("Edit the goal")

    def get_queryset(self):
        qs = ScopedViewMixin.get_queryset(self)
        return qs.filter(plan__case__summary_only=False).select_related("plan__case__site")

    @property
    def case(self):
        return self.object.plan.case

    def plan(self):
        return self.object.plan

    def perform(self, form):
        services.update_plan_goal(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )
        return self.done(_("Goal saved."), self.back_url())


class GoalRemoveView(GoalEditView):
    form_class = forms.ConfirmForm
    title = gettext_lazy("Remove the goal")
    submit_label = gettext_lazy("Remove")

    def perform(self, form):
        services.remove_plan_goal(
            self.object, acting_user=self.request.user, expected_version=form.cleaned_data["version"]
        )
        return self.done(_("Goal removed."), self.back_url())


class ActionAddView(PlanFormView):
    form_class = forms.CasePlanActionForm
    title = gettext_lazy("Add an action")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance")
        kwargs["plan"] = self.object
        return kwargs

    def perform(self, form):
        data = form.service_data()
        services.add_plan_action(
            self.object, acting_user=self.request.user, description=data.pop("description"), **data
        )
        return self.done(_("Action added."), self.back_url())


class ActionEditView(GoalEditView):
    model = CasePlanAction
    form_class = forms.CasePlanActionForm
    title = gettext_lazy("Update the action")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["plan"] = self.object.plan
        return kwargs

    def perform(self, form):
        services.update_plan_action(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )
        return self.done(_("Action saved."), self.back_url())


class ActionRemoveView(GoalEditView):
    model = CasePlanAction
    form_class = forms.ConfirmForm
    title = gettext_lazy("Remove the action")
    submit_label = gettext_lazy("Remove")

    def perform(self, form):
        services.remove_plan_action(
            self.object, acting_user=self.request.user, expected_version=form.cleaned_data["version"]
        )
        return self.done(_("Action removed."), self.back_url())


# --- services, follow-ups, notes ------------------------------------------------------------------


class ServiceAddView(ManagementFormView):
    model = Case
    form_class = forms.ServiceReferralForm
    title = gettext_lazy("Record a service or referral")

    def perform(self, form):
        support.add_service_referral(self.object, acting_user=self.request.user, **form.service_data())
        return self.done(_("Service recorded."))


class ServiceEditView(ManagementFormView):
    model = ServiceReferral
    form_class = forms.ServiceReferralForm
    title = gettext_lazy("Update the service or referral")

    def perform(self, form):
        support.update_service_referral(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )
        return self.done(_("Service saved."))


class FollowUpAddView(ManagementFormView):
    model = Case
    form_class = forms.FollowUpForm
    title = gettext_lazy("Record a follow-up")

    def perform(self, form):
        support.record_follow_up(self.object, acting_user=self.request.user, **form.service_data())
        return self.done(_("Follow-up recorded."))


class FollowUpEditView(ManagementFormView):
    model = FollowUp
    form_class = forms.FollowUpForm
    title = gettext_lazy("Edit the follow-up")

    def perform(self, form):
        support.update_follow_up(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )
        return self.done(_("Follow-up saved."))


class NoteAddView(ManagementFormView):
    model = Case
    form_class = forms.CaseNoteForm
    title = gettext_lazy("Add a note")

    def perform(self, form):
        support.add_case_note(self.object, acting_user=self.request.user, **form.service_data())
        return self.done(_("Note added."))


class NoteEditView(ManagementFormView):
    model = CaseNote
    form_class = forms.CaseNoteForm
    title = gettext_lazy("Edit the note")

    def get_object(self, queryset=None):
        # A sensitive note the user may not read is not there for them (404), like any other record.
        note = super().get_object(queryset)
        if not services.may_read_note(self.request.user, note):
            raise Http404(_("Not found."))
        return note

    def perform(self, form):
        support.update_case_note(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )
        return self.done(_("Note saved."))


# --- approvals ------------------------------------------------------------------------------------


class ApprovalQueueView(ScopedViewMixin, TemplateView):
    """What waits for a supervisor in their scope: submitted case plans and closure requests."""

    model = CasePlan
    required_permission = "case.approve"
    template_name = "cases/management/approvals.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        plans = list(
            CasePlan.objects.for_user(user, "approve")
            .filter(status=CasePlan.Status.SUBMITTED, case__summary_only=False)
            .select_related("case", "submitted_by")
            .order_by("submitted_at", "pk")[:APPROVAL_QUEUE_LIMIT]
        )
        closures = list(
            Case.objects.for_user(user, "approve")
            .filter(closure_requested_at__isnull=False, closed_at__isnull=True)
            .select_related("closure_requested_by")
            .order_by("closure_requested_at", "pk")[:APPROVAL_QUEUE_LIMIT]
        )
        record_search(
            Case,
            actor=user,
            query_present=False,
            result_uuids=[plan.case.uuid for plan in plans] + [case.uuid for case in closures],
        )
        context.update({"plans": plans, "closures": closures, "limit": APPROVAL_QUEUE_LIMIT})
        return context
