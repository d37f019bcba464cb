"""Gatekeeping pages: placement requests, requesting one from a case, the assessment, the panel's
decision, withdrawing, and placing the children (homes proposed for the whole sibling group)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from trygg.audit.services import record_read
from trygg.cases.models import Case
from trygg.core.scoping import has_perm_anywhere
from trygg.core.views import AuditedSearchListView, ScopedDetailView, ServiceFormView
from trygg.people.models import Person

from .. import forms
from ..codes import NecessityReason, OptionTried, PlacementStatus, RequestStatus
from ..models import CareHome, Placement, PlacementRequest
from ..services import gatekeeping as services
from ..services.config import holds_on
from ..services.homes import propose_homes, with_occupancy
from ..services.placements import place_children
from .base import CareFormView, request_url

OPEN = (RequestStatus.ASSESSING, RequestStatus.AWAITING_PANEL)


class RequestListView(AuditedSearchListView):
    model = PlacementRequest
    required_permission = "placement.view"
    filterset_class = forms.RequestFilter
    template_name = "care/request_list.html"
    partial_template_name = "care/includes/request_results.html"

    def listing(self, qs):
        return (
            qs.select_related("case", "site", "country")
            .prefetch_related("children")
            .order_by("-requested_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        for row in context["object_list"]:
            row.assessment_overdue = bool(
                row.assessment_due and not row.assessment_completed_at and row.assessment_due < now
            )
        return context


def open_case_for(user, uuid) -> Case:
    """The case a request starts from: one the user may see (404 otherwise)."""
    case = (
        Case.objects.for_user(user, "view")
        .filter(uuid=uuid)
        .select_related("child", "country", "site")
        .first()
    )
    if case is None:
        raise Http404(_("Not found."))
    return case


class RequestCreateView(ServiceFormView):
    """Request a placement from a child's case (`?case=<uuid>`)."""

    model = PlacementRequest
    required_permission = "placement.add"
    form_class = forms.PlacementRequestForm
    template_name = "care/request_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and has_perm_anywhere(request.user, "placement.add"):
            try:
                self.case = open_case_for(request.user, request.GET.get("case") or "")
            except ValidationError as exc:  # a malformed UUID is "not found" too
                raise Http404(_("Not found.")) from exc
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["case"] = self.case
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "case": self.case,
                "back_url": reverse("cases:case_detail", kwargs={"uuid": self.case.uuid}),
            }
        )
        return context

    def perform(self, form):
        request = services.request_placement(self.case, acting_user=self.request.user, **form.service_data())
        messages.success(
            self.request, _("Placement request %(reference)s made.") % {"reference": request.reference}
        )
        return request_url(request)


def labels(choices, codes) -> list[str]:
    names = dict(choices)
    return [str(names.get(code, code)) for code in codes or []]


class RequestDetailView(ScopedDetailView):
    """A request: the children, the assessment, the panel's decision and the placements made;
    opening it is an audit event."""

    model = PlacementRequest
    template_name = "care/request_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "case", "country", "site", "requested_by", "assessment_completed_by", "decided_by"
            )
            .prefetch_related("children")
        )

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record_read(self.object, actor=request.user)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        placement_request, user = self.object, self.request.user
        placements = list(
            Placement.objects.for_user(user)
            .filter(request=placement_request)
            .select_related("child", "home")
            .order_by("started_on", "pk")
        )
        children = list(placement_request.children.all())
        placed = {p.child_id for p in placements if p.status == PlacementStatus.ACTIVE}
        living = set(
            Placement.objects.filter(
                child__in=children, status=PlacementStatus.ACTIVE, is_deleted=False
            ).values_list("child_id", flat=True)
        )
        works = holds_on(user, "placement.change", placement_request)
        status = placement_request.status
        waiting = [child for child in children if child.pk not in living]
        may_place = (
            works
            and bool(waiting)
            and (status == RequestStatus.APPROVED or (placement_request.is_emergency and status in OPEN))
        )
        now = timezone.now()
        context.update(
            {
                "placement_request": placement_request,
                "children": children,
                "placements": placements,
                "waiting": waiting,
                "case_visible": Case.objects.for_user(user).filter(pk=placement_request.case_id).exists(),
                "necessity_reasons": labels(NecessityReason.choices, placement_request.necessity_reasons),
                "options_tried": labels(OptionTried.choices, placement_request.options_tried),
                "assessment_overdue": bool(
                    placement_request.assessment_due
                    and not placement_request.assessment_completed_at
                    and placement_request.assessment_due < now
                ),
                "may_assess": works and status == RequestStatus.ASSESSING,
                "may_decide": status == RequestStatus.AWAITING_PANEL
                and holds_on(user, "placement.approve", placement_request),
                "may_place": may_place,
                "may_withdraw": works and status in (*OPEN, RequestStatus.APPROVED) and not placed,
                "declined_but_placed": status == RequestStatus.DECLINED and bool(placed),
            }
        )
        return context


class RequestFormView(CareFormView):
    model = PlacementRequest
    action = "view"
    wide_permission = "placement.change"
    related = ("country", "site", "case")

    def back_url(self):
        return request_url(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["badge"] = self.object.reference
        return context


class AssessmentView(RequestFormView):
    form_class = forms.AssessmentForm
    title = gettext_lazy("Necessity and suitability assessment")
    intro = gettext_lazy(
        "Care is for children who cannot stay with or return to their family. Say why, what was tried "
        "first, and what the child thinks. A named panel decides next."
    )
    submit_label = gettext_lazy("Complete the assessment")

    def perform(self, form):
        services.complete_assessment(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )
        return self.done(_("Assessment completed: the request waits for the panel's decision."))


class DecisionView(RequestFormView):
    wide_permission = "placement.approve"
    form_class = forms.DecisionForm
    title = gettext_lazy("The panel's decision")
    intro = gettext_lazy("Record the decision of the named panel and its reasons.")
    submit_label = gettext_lazy("Record the decision")

    def perform(self, form):
        request = services.record_panel_decision(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )
        if request.status == RequestStatus.APPROVED:
            return self.done(_("Care found necessary and suitable: the children can now be placed."))
        if Placement.objects.filter(
            request=request, status=PlacementStatus.ACTIVE, is_deleted=False
        ).exists():
            return self.done(
                _(
                    "Care found not necessary. The children placed in an emergency stay until their "
                    "placement is ended through leaving care: plan their return with the family."
                )
            )
        return self.done(_("Care found not necessary: support the family instead."))


class WithdrawView(RequestFormView):
    form_class = forms.WithdrawForm
    title = gettext_lazy("Withdraw the placement request")
    submit_label = gettext_lazy("Withdraw the request")

    def perform(self, form):
        services.withdraw_request(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
        return self.done(_("Placement request withdrawn."))


class PlaceView(RequestFormView):
    """Place the children: homes with room for the whole sibling group are proposed; placing them
    apart needs the reason."""

    form_class = forms.PlaceForm
    template_name = "care/place.html"
    pass_instance = False
    title = gettext_lazy("Place the children")
    submit_label = gettext_lazy("Place")

    def get_queryset(self):
        # The eldest first, as the sibling group is usually described.
        children = Person.objects.order_by("date_of_birth", "pk")
        return super().get_queryset().prefetch_related(Prefetch("children", queryset=children))

    def waiting_children(self):
        if not hasattr(self, "_waiting"):
            children = list(self.object.children.all())
            living = set(
                Placement.objects.filter(
                    child__in=children, status=PlacementStatus.ACTIVE, is_deleted=False
                ).values_list("child_id", flat=True)
            )
            self._waiting = [child for child in children if child.pk not in living]
        return self._waiting

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.waiting_children():
            messages.info(request, _("Every child of this request lives in a home already."))
            return redirect(self.back_url())
        return self.render_to_response(self.get_context_data())

    def proposals(self):
        """Homes with room for the whole group (best first), for the table and the choices."""
        if not hasattr(self, "_proposals"):
            placement_request = self.object
            self._proposals = propose_homes(
                self.waiting_children(),
                user=self.request.user,
                country=placement_request.country,
                site=placement_request.site,
            )
        return self._proposals

    def homes(self):
        """Every active home the user may see in the request's country: placing apart, or beyond
        a home's places, may need one that is not proposed."""
        homes = CareHome.objects.for_user(self.request.user).active().filter(country=self.object.country_id)
        return list(with_occupancy(homes).select_related("site").order_by("name", "pk"))

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(
            {
                "request": self.object,
                "children": self.waiting_children(),
                "proposals": self.proposals(),
                "homes": self.homes(),
            }
        )
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "placement_request": self.object,
                "children": self.waiting_children(),
                "proposals": self.proposals(),
            }
        )
        return context

    def perform(self, form):
        placements = place_children(self.object, acting_user=self.request.user, **form.service_data())
        message = ngettext("%(count)s child placed.", "%(count)s children placed.", len(placements)) % {
            "count": len(placements)
        }
        return self.done(message)
