"""One page per step a user takes on a case (the case page shows the same forms inline).

Each posts to a service; a conflict answers 409 with the form kept, a refused step shows the
service's message on the form, and success goes back to the case page. Steps that need a
supervisor find the case in the user's view scope and answer 403 to users who may see it but not
decide (out of scope is 404, as everywhere). A case kept as a summary only after a transfer has
no steps: its forms (which would show its risk level, consents, ...) are 404 too.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from trygg.audit.services import record_read
from trygg.core.views import ServiceObjectFormView

from ..forms.case import (
    AssignForm,
    ClosureRequestForm,
    ConsentForm,
    Decision,
    DecisionForm,
    FirstActionForm,
    LegalBasisForm,
    ReopenForm,
    RiskForm,
    StageForm,
    WithdrawConsentForm,
)
from ..models import Case, Consent, LegalBasis
from ..services import case as case_services
from ..services import consent as consent_services
from ..services.case import NotAllowed, case_permits
from ..services.transfer import visible_in_full


class CaseActionView(ServiceObjectFormView):
    """A step on a case; subclasses name the form, the permission and `act(form)`."""

    model = Case
    action = "change"
    permission = "case.change"
    template_name = "cases/case/action_form.html"
    title = ""
    intro = ""
    submit_label = gettext_lazy("Save")
    done_message = gettext_lazy("Saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("site", "country", "assigned_worker", "supervisor")

    def case_of(self, obj):
        return obj

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        self.case = self.case_of(obj)
        if not visible_in_full(self.case, self.request.user):
            raise Http404(_("Not found."))
        if not case_permits(self.request.user, self.permission, self.case):
            raise PermissionDenied(_("You may see this case but not take this step."))
        return obj

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["case"] = self.case
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "case": self.case,
                "title": self.title,
                "intro": self.intro,
                "submit_label": self.submit_label,
                "current_url": reverse("cases:case_detail", kwargs={"uuid": self.case.uuid}),
            }
        )
        return context

    def perform(self, form):
        try:
            self.act(form)
        except NotAllowed as exc:
            raise ValidationError(str(exc)) from exc
        messages.success(self.request, self.done_message)
        return reverse("cases:case_detail", kwargs={"uuid": self.case.uuid})

    def act(self, form) -> None:
        raise NotImplementedError


class StageView(CaseActionView):
    form_class = StageForm
    title = gettext_lazy("Move the case to another stage")
    intro = gettext_lazy("The case moves on only when what the next stage needs is done.")
    submit_label = gettext_lazy("Move the case")
    done_message = gettext_lazy("The case moved to its new stage.")

    def act(self, form):
        case_services.advance_stage(
            self.case,
            to_stage=form.cleaned_data["to_stage"],
            reason=form.cleaned_data["reason"],
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
        )


class RiskView(CaseActionView):
    form_class = RiskForm
    title = gettext_lazy("Change the risk level")
    intro = gettext_lazy(
        "The deadlines for first action and assessment are computed again from identification."
    )
    done_message = gettext_lazy("Risk level saved; the deadlines follow it.")

    def act(self, form):
        case_services.set_risk(
            self.case,
            risk_level=form.cleaned_data["risk_level"],
            urgent=form.cleaned_data["urgent_protection_concern"],
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
        )


class FirstActionView(CaseActionView):
    form_class = FirstActionForm
    title = gettext_lazy("Record the first action")
    submit_label = pgettext_lazy("button", "Record")
    done_message = gettext_lazy("First action recorded.")

    def act(self, form):
        case_services.record_first_action(
            self.case,
            at=form.cleaned_data["at"],
            note=form.cleaned_data["note"],
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
        )


class AssignView(CaseActionView):
    form_class = AssignForm
    title = gettext_lazy("Assign the case")
    done_message = gettext_lazy("Assignment saved.")

    def act(self, form):
        case_services.assign_case(
            self.case,
            worker=form.cleaned_data["worker"],
            supervisor=form.cleaned_data["supervisor"],
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
        )


class ClosureRequestView(CaseActionView):
    form_class = ClosureRequestForm
    title = gettext_lazy("Ask to close the case")
    intro = gettext_lazy("A supervisor approves or refuses the closure.")
    submit_label = gettext_lazy("Ask for closure")
    done_message = gettext_lazy("Closure requested; a supervisor will decide.")

    def act(self, form):
        case_services.request_closure(
            self.case,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
        )


class ClosureDecisionView(CaseActionView):
    action = "view"
    permission = "case.approve"
    form_class = DecisionForm
    title = gettext_lazy("Decide on the closure request")
    submit_label = gettext_lazy("Record the decision")
    done_message = gettext_lazy("Decision recorded.")

    def act(self, form):
        data = form.cleaned_data
        kwargs = {"acting_user": self.request.user, "expected_version": data["version"], "note": data["note"]}
        if data["decision"] == Decision.APPROVE:
            case_services.approve_closure(self.case, **kwargs)
        else:
            case_services.reject_closure(self.case, **kwargs)


class ReopenView(CaseActionView):
    action = "view"
    permission = "case.approve"
    form_class = ReopenForm
    title = gettext_lazy("Reopen the case")
    intro = gettext_lazy("The case goes back to assessment: the child's situation is assessed again.")
    submit_label = gettext_lazy("Reopen")
    done_message = gettext_lazy("Case reopened.")

    def act(self, form):
        case_services.reopen_case(
            self.case,
            reason=form.cleaned_data["reason"],
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
        )


class ConsentAddView(CaseActionView):
    form_class = ConsentForm
    template_name = "cases/case/consent_form.html"
    title = gettext_lazy("Record consent or assent")
    submit_label = pgettext_lazy("button", "Record")
    done_message = gettext_lazy("Consent recorded.")

    def act(self, form):
        consent_services.record_consent(self.case, acting_user=self.request.user, **form.service_data())


class LegalBasisAddView(CaseActionView):
    form_class = LegalBasisForm
    title = gettext_lazy("Ask for a legal basis without consent")
    intro = gettext_lazy(
        "When consent cannot be obtained, a supervisor may approve processing the child's data on a "
        "legal basis."
    )
    submit_label = gettext_lazy("Ask a supervisor")
    done_message = gettext_lazy("Legal basis requested; a supervisor will decide.")

    def act(self, form):
        consent_services.request_legal_basis(self.case, acting_user=self.request.user, **form.cleaned_data)


class ConsentWithdrawView(CaseActionView):
    model = Consent
    form_class = WithdrawConsentForm
    title = gettext_lazy("Withdraw a consent")
    intro = gettext_lazy("From the moment of withdrawal the consent covers nothing; it stays on record.")
    submit_label = gettext_lazy("Withdraw")
    done_message = gettext_lazy("Consent withdrawn.")

    def get_queryset(self):
        return Consent.objects.for_user(self.request.user, self.action).select_related("case__site")

    def case_of(self, obj):
        return obj.case

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["consent"] = self.object
        return kwargs

    def act(self, form):
        consent_services.withdraw_consent(
            self.object,
            withdrawn_at=form.cleaned_data["withdrawn_at"],
            note=form.cleaned_data["note"],
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
        )


class LegalBasisDecisionView(CaseActionView):
    model = LegalBasis
    action = "view"
    permission = "case.approve"
    form_class = DecisionForm
    title = gettext_lazy("Decide on the legal basis")
    submit_label = gettext_lazy("Record the decision")
    done_message = gettext_lazy("Decision recorded.")

    def get_queryset(self):
        return LegalBasis.objects.for_user(self.request.user, self.action).select_related("case__site")

    def case_of(self, obj):
        return obj.case

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["record"] = self.object
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["legal_basis"] = self.object
        return context

    def on_show(self, obj):
        # The page shows the caseworker's explanation, which is about the child.
        record_read(obj, actor=self.request.user)

    def act(self, form):
        data = form.cleaned_data
        kwargs = {"acting_user": self.request.user, "expected_version": data["version"], "note": data["note"]}
        if data["decision"] == Decision.APPROVE:
            consent_services.approve_legal_basis(self.object, **kwargs)
        else:
            consent_services.reject_legal_basis(self.object, **kwargs)
