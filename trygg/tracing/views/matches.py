"""Match review pages: the proposals in the user's scope, one proposal side by side, the decision
and the sharing of details with the requesting country.

The child's country sees everything; the requesting country sees the country where the possible
match is, its score and status, and what was shared with it: never the child's names, record or
UUID. Other countries get 404 (the proposal is not in their scope).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.audit.services import record_read, record_search
from trygg.core.views import ScopedDetailView, ScopedListView, ServiceObjectFormView

from .. import forms
from ..codes import ProposalStatus
from ..forms import SHAREABLE_LABELS
from ..models import MatchProposal, TracingRequest
from ..review_rows import contributions, side_by_side
from ..services import review as services

PROPOSAL_RELATED = ("request__country", "child__site", "child__country", "child_country", "request_country")


def match_url(proposal) -> str:
    return reverse("tracing:match_detail", kwargs={"uuid": proposal.uuid})


class MatchListView(ScopedListView):
    """Proposals in the user's scope, those waiting for review first."""

    model = MatchProposal
    required_permission = "tracing.view"
    template_name = "tracing/match_list.html"

    def get_queryset(self):
        qs = super().get_queryset().select_related(*PROPOSAL_RELATED)
        status = self.request.GET.get("status", ProposalStatus.PROPOSED)
        if status in ProposalStatus.values:
            qs = qs.filter(status=status)
        return qs.order_by("-probability", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        for proposal in context["object_list"]:
            proposal.child_visible = services.sees_child(user, proposal)
        record_search(
            MatchProposal,
            actor=user,
            query_present=False,
            result_uuids=[p.uuid for p in context["object_list"]],
        )
        context["status"] = self.request.GET.get("status", ProposalStatus.PROPOSED)
        context["statuses"] = ProposalStatus.choices
        return context


def shared_rows(proposal) -> list[tuple[str, str]]:
    """What the child's country shared, as (label, value) rows for the requesting country."""
    from trygg.people.models import Gender

    values = services.shared_with_requester(proposal)
    rows = []
    for name, label in SHAREABLE_LABELS.items():
        if name not in values:
            continue
        value = values[name]
        if name == "sex" and value in Gender.values:
            value = Gender(value).label
        if name == "date_of_birth" and values.get("date_of_birth_is_estimate"):
            value = _("%(date)s (estimate)") % {"date": value}
        rows.append((str(label), str(value or "—")))
    return rows


class MatchDetailView(ScopedDetailView):
    """The review page. Opening it in the child's country is a read of the child's record too."""

    model = MatchProposal
    template_name = "tracing/match_detail.html"

    def get_queryset(self):
        return (
            super().get_queryset().select_related(*PROPOSAL_RELATED, "decided_by").prefetch_related("shares")
        )

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record_read(self.object, actor=request.user)
        if self.child_visible:
            record_read(self.object.child, actor=request.user)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        proposal, user = self.object, self.request.user
        self.child_visible = services.sees_child(user, proposal)
        reviewer = services.may_review(user, proposal)
        shares = sorted(proposal.shares.all(), key=lambda s: s.shared_at) if self.child_visible else []
        for share in shares:
            share.labels = [str(SHAREABLE_LABELS.get(name, name)) for name in share.fields]
        context.update(
            {
                "proposal": proposal,
                "child_visible": self.child_visible,
                "percent": round(proposal.probability * 100),
                "shared": shared_rows(proposal),
                "shares": shares,
                "request_visible": TracingRequest.objects.for_user(user)
                .filter(pk=proposal.request_id)
                .exists(),
            }
        )
        if self.child_visible:
            rows = side_by_side(proposal)
            for_match, against = contributions(rows)
            waiting = proposal.status == ProposalStatus.PROPOSED
            context.update(
                {
                    "rows": rows,
                    "for_match": for_match,
                    "against": against,
                    "may_decide": reviewer and waiting and proposal.request.is_searching,
                    "may_share": reviewer
                    and proposal.status in (ProposalStatus.PROPOSED, ProposalStatus.CONFIRMED),
                    "decision_form": forms.ReviewForm(instance=proposal),
                    "share_form": forms.ShareForm(),
                }
            )
        return context


class ProposalFormView(ServiceObjectFormView):
    """A reviewer's form about a proposal: only the child's country's tracing officers (else 404)."""

    model = MatchProposal
    action = "view"
    template_name = "tracing/form.html"
    title = ""
    submit_label = gettext_lazy("Save")

    def get_queryset(self):
        return super().get_queryset().select_related(*PROPOSAL_RELATED)

    def get_object(self, queryset=None):
        proposal = super().get_object(queryset)
        if not services.may_review(self.request.user, proposal):
            raise Http404(_("Not found."))
        return proposal

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "title": self.title,
                "submit_label": self.submit_label,
                "back_url": match_url(self.object),
                "current_url": match_url(self.object),
            }
        )
        return context

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except PermissionDenied as exc:
            raise Http404(_("Not found.")) from exc


class MatchDecideView(ProposalFormView):
    form_class = forms.ReviewForm
    title = gettext_lazy("Confirm or reject the match")
    submit_label = gettext_lazy("Record the decision")

    def perform(self, form):
        kwargs = {
            "acting_user": self.request.user,
            "expected_version": form.cleaned_data["version"],
            "reason": form.cleaned_data["reason"],
        }
        if form.cleaned_data["decision"] == forms.CONFIRM:
            services.confirm_proposal(self.object, **kwargs)
            messages.success(self.request, _("Match confirmed. Verify the relationship next."))
        else:
            services.reject_proposal(self.object, **kwargs)
            messages.success(self.request, _("Match rejected; this child will not be proposed again."))
        return match_url(self.object)


class MatchShareView(ProposalFormView):
    form_class = forms.ShareForm
    title = gettext_lazy("Share details with the requesting country")
    submit_label = gettext_lazy("Share")

    def perform(self, form):
        services.share_details(
            self.object,
            acting_user=self.request.user,
            fields=form.cleaned_data["fields_shared"],
            consented_by=form.cleaned_data["consented_by"],
            note=form.cleaned_data["note"],
        )
        messages.success(self.request, _("Details shared with the requesting country."))
        return match_url(self.object)
