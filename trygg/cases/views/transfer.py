"""Transfer pages: request a transfer from a case, the list of transfers in and out of the user's
countries, a transfer's page, and the receiving supervisor's decision and sharing.

A transfer is visible in both countries (see `Transfer.scope_q_for_grant`); a third country gets
404 like for any record outside its scope.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.audit.services import record_read, record_search
from trygg.core.scoping import grants_for
from trygg.core.views import ScopedDetailView, ScopedListView

from ..forms import management as forms
from ..models import Case, Transfer
from ..services import transfer as services
from ..services.management import may_on_case
from .management import ManagementFormView, case_url


def _countries_of(user) -> set[int] | None:
    """Countries whose cases the user sees (None: all)."""
    grants = grants_for(user, "case.view")
    if any(grant.is_global for grant in grants):
        return None
    return {grant.country_id for grant in grants}


def _sides(transfer: Transfer, countries: set[int] | None) -> None:
    """Which ends of the transfer the user works on: to link only the case they can open."""
    transfer.is_sending_side = countries is None or transfer.from_country_id in countries
    transfer.is_receiving_side = countries is None or transfer.to_country_id in countries


TRANSFER_RELATED = ("transferred_from", "receiving_case", "from_country", "to_country", "requested_by")


class TransferListView(ScopedListView):
    """Transfers in and out of the user's countries, those waiting for an answer first."""

    model = Transfer
    required_permission = "case.view"
    template_name = "cases/management/transfer_list.html"

    def get_queryset(self):
        qs = super().get_queryset().select_related(*TRANSFER_RELATED)
        direction = self.request.GET.get("direction")
        countries = _countries_of(self.request.user)
        if countries is not None and direction == "incoming":
            qs = qs.filter(to_country__in=countries)
        elif countries is not None and direction == "outgoing":
            qs = qs.filter(from_country__in=countries)
        waiting_first = models.Case(
            models.When(status=Transfer.Status.REQUESTED, then=0),
            default=1,
            output_field=models.IntegerField(),
        )
        return qs.order_by(waiting_first, "-requested_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        countries = _countries_of(self.request.user)
        for transfer in context["object_list"]:
            _sides(transfer, countries)
            transfer.decidable = transfer.status == Transfer.Status.REQUESTED and services.may_decide(
                self.request.user, transfer
            )
        record_search(
            Transfer,
            actor=self.request.user,
            query_present=False,
            result_uuids=[transfer.uuid for transfer in context["object_list"]],
        )
        context["direction"] = self.request.GET.get("direction", "")
        return context


class TransferDetailView(ScopedDetailView):
    """A transfer; the receiving supervisor decides here. While the request waits, the receiving
    country sees who the child is (the details it would register), and that read is audited."""

    model = Transfer
    template_name = "cases/management/transfer_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                *TRANSFER_RELATED, "decided_by", "transferred_from__child", "transferred_from__site"
            )
        )

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record_read(self.object, actor=request.user)
        if self.child is not None:
            record_read(self.child, actor=request.user)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        transfer, user = self.object, self.request.user
        _sides(transfer, _countries_of(user))
        may_decide = services.may_decide(user, transfer)
        sending = transfer.transferred_from
        self.child = sending.child if transfer.status == Transfer.Status.REQUESTED else None
        context.update(
            {
                "transfer": transfer,
                "child": self.child,
                "sending": sending,
                "sending_visible": transfer.is_sending_side and may_on_case(user, "case.view", sending),
                "may_decide": may_decide and transfer.status == Transfer.Status.REQUESTED,
                "may_share": may_decide
                and transfer.status == Transfer.Status.ACCEPTED
                and not transfer.share_full,
                "decision_form": forms.TransferDecisionForm(
                    user=user, case=sending, instance=transfer, transfer=transfer
                ),
                "share_form": forms.ConfirmForm(user=user, case=sending, instance=transfer),
            }
        )
        return context


class TransferRequestView(ManagementFormView):
    model = Case
    form_class = forms.TransferRequestForm
    title = gettext_lazy("Request a transfer to another country")
    intro = gettext_lazy(
        "A supervisor in the receiving country accepts or rejects the transfer. If they accept, a new "
        "case is opened there and this case is closed; your country then keeps only a summary of it."
    )
    submit_label = gettext_lazy("Request the transfer")

    def perform(self, form):
        transfer = services.request_transfer(
            self.object,
            to_country=form.cleaned_data["to_country"],
            reason=form.cleaned_data["reason"],
            acting_user=self.request.user,
        )
        return self.done(
            _("Transfer requested. The receiving country will answer."),
            reverse("cases:transfer_detail", args=[transfer.uuid]),
        )


class TransferFormView(ManagementFormView):
    """A step on a transfer (the service refuses anyone but a receiving supervisor: 403)."""

    model = Transfer
    action = "view"

    def get_queryset(self):
        return Transfer.objects.for_user(self.request.user, self.action).select_related(*TRANSFER_RELATED)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["case"] = self.object.transferred_from
        return kwargs

    def back_url(self):
        return reverse("cases:transfer_detail", args=[self.object.uuid])


class TransferDecideView(TransferFormView):
    form_class = forms.TransferDecisionForm
    title = gettext_lazy("Accept or reject the transfer")
    submit_label = gettext_lazy("Record the decision")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["transfer"] = self.object
        return kwargs

    def perform(self, form):
        data = form.cleaned_data
        if data["decision"] == forms.APPROVE:
            transfer = services.accept_transfer(
                self.object,
                acting_user=self.request.user,
                expected_version=data["version"],
                site=data["site"],
                comment=data["comment"],
            )
            return self.done(
                _("Transfer accepted: the case is open in your country."), case_url(transfer.receiving_case)
            )
        services.reject_transfer(
            self.object,
            acting_user=self.request.user,
            expected_version=data["version"],
            comment=data["comment"],
        )
        return self.done(_("Transfer rejected."), self.back_url())


class TransferShareView(TransferFormView):
    form_class = forms.ConfirmForm
    title = gettext_lazy("Share the case details with the sending country")
    intro = gettext_lazy(
        "The sending country then sees the whole of its closed case again (assessment, plan, "
        "services, notes), not only the summary."
    )
    submit_label = gettext_lazy("Share the details")

    def perform(self, form):
        services.share_transfer_details(
            self.object, acting_user=self.request.user, expected_version=form.cleaned_data["version"]
        )
        return self.done(_("The sending country can now see the whole case."), self.back_url())
