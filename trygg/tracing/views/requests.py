"""Tracing request pages: the list, filing a request, its page, editing, consent, matching, closing.

Every page finds its record through `for_user` (ScopedViewMixin): outside the user's scope it is a
404. Writes call the services; a stale version answers 409 with the form kept.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from trygg.audit.services import record_read
from trygg.core.scoping import has_perm_anywhere, has_perm_in_country
from trygg.core.views import AuditedSearchListView, ScopedDetailView, ServiceFormView, ServiceObjectFormView

from .. import forms
from ..codes import DeterminationStatus, ProposalStatus, RequestStatus
from ..filters import TracingRequestFilter
from ..models import BestInterestsDetermination, MatchProposal, MonitoringVisit, TracingRequest, Verification
from ..services import requests as services
from ..services import reunification as steps
from ..services.review import may_review, sees_child


def request_url(request: TracingRequest) -> str:
    return reverse("tracing:request_detail", kwargs={"uuid": request.uuid})


class TracingRequestListView(AuditedSearchListView):
    model = TracingRequest
    required_permission = "tracing.view"
    filterset_class = TracingRequestFilter
    template_name = "tracing/request_list.html"
    partial_template_name = "tracing/includes/request_results.html"

    def listing(self, qs):
        return qs.for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            {
                "can_add": has_perm_anywhere(user, "tracing.add"),
                "can_review": has_perm_anywhere(user, "tracing.review"),
                "can_batch": has_perm_anywhere(user, "tracing.change"),
                "can_configure": has_perm_anywhere(user, "tracingconfig.change"),
            }
        )
        return context


class TracingRequestCreateView(ServiceFormView):
    model = TracingRequest
    required_permission = "tracing.add"
    form_class = forms.TracingRequestForm
    template_name = "tracing/request_form.html"

    def perform(self, form):
        data = form.service_data()
        request = services.file_request(
            country=form.cleaned_data["country"], acting_user=self.request.user, **data
        )
        messages.success(
            self.request, _("Tracing request %(reference)s filed.") % {"reference": request.reference}
        )
        return request_url(request)


def visible_proposals(user, request) -> list[MatchProposal]:
    """The request's proposals the user may see, each marked `child_visible` (names or not)."""
    proposals = list(
        MatchProposal.objects.for_user(user)
        .filter(request=request)
        .select_related("child__site", "child_country")
        .order_by("status", "-probability", "pk")
    )
    for proposal in proposals:
        proposal.child_visible = sees_child(user, proposal)
    return proposals


class TracingRequestDetailView(ScopedDetailView):
    """Everything about a request; opening it is an audit event."""

    model = TracingRequest
    template_name = "tracing/request_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("country", "site", "consent_recorded_by", "matched_country", "matched_child")
            .prefetch_related(
                Prefetch(
                    "verifications",
                    queryset=Verification.objects.alive()
                    .select_related("verified_by")
                    .order_by("-verified_on", "-pk"),
                ),
                Prefetch(
                    "determinations",
                    queryset=BestInterestsDetermination.objects.alive()
                    .select_related("submitted_by", "decided_by")
                    .order_by("-submitted_at", "-pk"),
                ),
                Prefetch(
                    "monitoring_visits",
                    queryset=MonitoringVisit.objects.alive()
                    .select_related("visited_by")
                    .order_by("due_on", "pk"),
                ),
            )
        )

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record_read(self.object, actor=request.user)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tracing, user = self.object, self.request.user
        own = has_perm_in_country(user, "tracing.change", tracing.country_id)
        works = steps.may_work(user, tracing)
        confirmed = tracing.status == RequestStatus.MATCH_CONFIRMED
        verifications = list(tracing.verifications.all())
        determinations = list(tracing.determinations.all())
        in_force = next(
            (
                d
                for d in determinations
                if d.status in (DeterminationStatus.SUBMITTED, DeterminationStatus.APPROVED)
            ),
            None,
        )
        verified = bool(verifications) and verifications[0].outcome == "confirmed"
        reunification = (
            getattr(tracing, "reunification", None) if tracing.status == RequestStatus.REUNIFIED else None
        )
        proposals = visible_proposals(user, tracing)
        context.update(
            {
                "tracing": tracing,
                "proposals": proposals,
                "waiting": [p for p in proposals if p.status == ProposalStatus.PROPOSED],
                "may_edit": own and not tracing.is_final,
                "may_consent": own and not tracing.consent_to_trace and not tracing.is_final,
                "may_match": own and tracing.consent_to_trace and tracing.is_searching,
                "may_close": own and not tracing.is_final,
                "may_review": any(may_review(user, p) for p in proposals),
                "verifications": verifications,
                "determinations": determinations,
                "visits": list(tracing.monitoring_visits.all()),
                "reunification": reunification,
                "may_verify": works and confirmed,
                "may_determine": works and confirmed and verified and in_force is None,
                "may_reunify": works
                and confirmed
                and in_force is not None
                and in_force.status == DeterminationStatus.APPROVED
                and in_force.decision == "reunify",
                "may_visit": works and tracing.status == RequestStatus.REUNIFIED,
            }
        )
        return context


class RequestFormView(ServiceObjectFormView):
    """A form about a request, found in the user's "change" scope; back to the request after."""

    model = TracingRequest
    action = "change"
    template_name = "tracing/form.html"
    title = ""
    intro = ""
    submit_label = gettext_lazy("Save")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object
        return kwargs

    def back_url(self) -> str:
        return request_url(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "tracing": self.object,
                "title": self.title,
                "intro": self.intro,
                "submit_label": self.submit_label,
                "back_url": self.back_url(),
                "current_url": self.back_url(),
            }
        )
        return context

    def done(self, message: str) -> str:
        messages.success(self.request, message)
        return self.back_url()


class TracingRequestEditView(RequestFormView):
    form_class = forms.TracingRequestForm
    template_name = "tracing/request_form.html"

    def perform(self, form):
        services.update_request(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )
        return self.done(_("Changes to %(reference)s saved.") % {"reference": self.object.reference})


class ConsentView(RequestFormView):
    form_class = forms.ConsentForm
    title = gettext_lazy("Record the consent to trace")
    intro = gettext_lazy("Once consent is recorded, the child is searched for among the registered children.")
    submit_label = gettext_lazy("Record the consent")

    def perform(self, form):
        services.record_consent(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            given_by=form.cleaned_data["given_by"],
        )
        return self.done(_("Consent to trace recorded; the search has started."))


class MatchNowView(RequestFormView):
    form_class = forms.VersionedForm
    title = gettext_lazy("Search again")
    intro = gettext_lazy(
        "Match the request against the registered children now, e.g. after the family remembered "
        "another name. Children already proposed or rejected are not proposed again."
    )
    submit_label = gettext_lazy("Search now")

    def perform(self, form):
        found = services.run_matching(self.object, acting_user=self.request.user)
        if found:
            message = ngettext(
                "%(count)s new possible match found.", "%(count)s new possible matches found.", len(found)
            )
            return self.done(message % {"count": len(found)})
        return self.done(_("No new possible match found."))


class CloseView(RequestFormView):
    form_class = forms.CloseForm
    title = gettext_lazy("Close the tracing request")
    submit_label = gettext_lazy("Close the request")

    def perform(self, form):
        services.close_request(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
        return self.done(_("Tracing request closed."))
