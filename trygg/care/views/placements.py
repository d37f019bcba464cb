"""Placement pages: the list, a placement's page (care plan, reviews, contact, moves, stability,
restrictions as a safety warning, incidents for those allowed), and the forms of life in care:
review, care plan, move, leaving care, aftercare, and the tracing officers' handover list."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.audit.services import record_read, record_search
from trygg.cases.models import Case
from trygg.core.scoping import has_perm_anywhere
from trygg.core.views import AuditedSearchListView, ScopedDetailView, ScopedListView
from trygg.people import continuum

from .. import forms
from ..codes import AftercareSituation, LeavingRoute, PlacementStatus
from ..models import (
    AftercareContact,
    CareHome,
    CareReview,
    FamilyContact,
    Placement,
    PlacementRequest,
    SafeguardingIncident,
)
from ..services import leaving
from ..services import placements as services
from ..services.config import holds_on
from ..services.homes import with_occupancy
from ..services.life import may_report, may_restrict, restrictions_in_force
from .base import AnyCarePermissionMixin, CareFormView, placement_url

PLACEMENT_PERMISSIONS = ("placement.view", "placement.view_own_home")
INCIDENT_PERMISSIONS = ("careincident.view", "careincident.view_own_home")


class PlacementListView(AnyCarePermissionMixin, AuditedSearchListView):
    """Children in care the user may see (living in the homes now, unless asked otherwise)."""

    model = Placement
    required_any = PLACEMENT_PERMISSIONS
    filterset_class = forms.PlacementFilter
    template_name = "care/placement_list.html"
    partial_template_name = "care/includes/placement_results.html"

    def listing(self, qs):
        return qs.select_related("child", "home", "site", "country").order_by("next_review_due", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = context["object_list"]
        today = timezone.localdate()
        by_country = {}
        for row in rows:
            by_country.setdefault(row.country_id, (row.country, []))[1].append(row.child_id)
        unstable = set()
        for country, child_ids in by_country.values():
            unstable |= services.unstable_child_ids(child_ids, country, today=today)
        for row in rows:
            row.unstable = row.child_id in unstable
            row.review_overdue = row.status == PlacementStatus.ACTIVE and row.next_review_due < today
        return context


def continuum_steps(placement):
    if placement.status == PlacementStatus.ACTIVE:
        return continuum.steps("care")
    if placement.leaving_route == LeavingRoute.REINTEGRATION:
        return continuum.steps("reunification")
    return None


class PlacementDetailView(AnyCarePermissionMixin, ScopedDetailView):
    """A child's placement; opening it is an audit event."""

    model = Placement
    required_any = PLACEMENT_PERMISSIONS
    template_name = "care/placement_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("child", "home", "site", "country", "request", "case", "previous__home")
            .prefetch_related(
                Prefetch(
                    "reviews",
                    queryset=CareReview.objects.alive()
                    .select_related("reviewed_by")
                    .order_by("-reviewed_on", "-pk"),
                ),
                Prefetch("contacts", queryset=FamilyContact.objects.alive().order_by("-pk")),
                Prefetch(
                    "aftercare_contacts",
                    queryset=AftercareContact.objects.alive()
                    .select_related("contacted_by")
                    .order_by("-contacted_on", "-pk"),
                ),
            )
        )

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record_read(self.object, actor=request.user)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        placement, user = self.object, self.request.user
        active = placement.status == PlacementStatus.ACTIVE
        works = holds_on(user, "placement.change", placement)
        may_contact = active and Placement.objects.for_user(user, "change").filter(pk=placement.pk).exists()
        # The child's placements the user may see: where the child lived, and why they moved.
        history = list(
            Placement.objects.for_user(user)
            .filter(child=placement.child_id)
            .select_related("home")
            .order_by("started_on", "pk")
        )
        incidents = list(
            SafeguardingIncident.objects.for_user(user)
            .filter(placement=placement)
            .order_by("-occurred_on", "-pk")
        )
        situations = dict(AftercareSituation.choices)
        aftercare = list(placement.aftercare_contacts.all())
        for contact in aftercare:
            contact.situation_labels = [str(situations.get(code, code)) for code in contact.situation]
        context.update(
            {
                "placement": placement,
                "child": placement.child,
                "goals": [line for line in placement.care_plan_goals.splitlines() if line.strip()],
                "reviews": list(placement.reviews.all()),
                "contacts": list(placement.contacts.all()),
                "aftercare": aftercare,
                "history": history,
                "moves": [p for p in history if p.previous_id],
                "stability": services.stability(placement.child),
                "restrictions": list(restrictions_in_force(placement.child, user)),
                "incidents": incidents,
                "sees_incidents": any(has_perm_anywhere(user, p) for p in INCIDENT_PERMISSIONS),
                "review_overdue": active and placement.next_review_due < timezone.localdate(),
                "case_visible": Case.objects.for_user(user).filter(pk=placement.case_id).exists(),
                "request_visible": PlacementRequest.objects.for_user(user)
                .filter(pk=placement.request_id)
                .exists(),
                "steps": continuum_steps(placement),
                "may_review": active and works,
                "may_change_plan": active and works,
                "may_move": active and works,
                "may_end": active and works,
                "may_aftercare": works and not active and placement.leaving_route != LeavingRoute.MOVED,
                "may_contact": may_contact,
                "may_restrict": may_restrict(user, placement.child),
                "may_report": active and may_report(user, placement),
            }
        )
        return context


class PlacementFormView(CareFormView):
    """A form on a placement for those who hold placement.change where it lives (reviews, the care
    plan, moves, leaving care, aftercare): not the SOS parents' own-home reach."""

    model = Placement
    action = "view"
    wide_permission = "placement.change"
    related = ("child", "home", "site", "country")

    def back_url(self):
        return placement_url(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["badge"] = self.object.child.full_name
        return context


class ReviewView(PlacementFormView):
    form_class = forms.ReviewForm
    pass_instance = False
    title = gettext_lazy("Care plan review")
    intro = gettext_lazy(
        "Review the care plan with the child at least every three months: how the goals are going, "
        "what the child thinks, and what changes."
    )
    submit_label = gettext_lazy("Record the review")

    def perform(self, form):
        review = services.record_review(self.object, acting_user=self.request.user, **form.service_data())
        return self.done(
            _("Review recorded. Next review due on %(day)s.")
            % {"day": date_format(review.next_review_due, "DATE_FORMAT")}
        )


class CarePlanView(PlacementFormView):
    form_class = forms.CarePlanForm
    title = gettext_lazy("Care plan goals")
    submit_label = gettext_lazy("Save the care plan")

    def get_initial(self):
        return {"care_plan_goals": self.object.care_plan_goals}

    def perform(self, form):
        services.update_care_plan(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            care_plan_goals=form.cleaned_data["care_plan_goals"],
        )
        return self.done(_("Care plan saved."))


class MoveView(PlacementFormView):
    form_class = forms.MoveForm
    title = gettext_lazy("Move to another home")
    intro = gettext_lazy(
        "Every move is recorded with its reason. Many moves in a short time raise the stability flag."
    )
    submit_label = gettext_lazy("Record the move")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        homes = CareHome.objects.for_user(self.request.user).active().filter(country=self.object.country_id)
        kwargs["homes"] = with_occupancy(homes).select_related("site")
        return kwargs

    def perform(self, form):
        new = services.move_placement(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )
        return self.done(_("Move recorded."), placement_url(new))


class EndView(PlacementFormView):
    form_class = forms.EndForm
    title = gettext_lazy("Leaving care")
    submit_label = gettext_lazy("Record the leaving")

    def perform(self, form):
        placement = leaving.end_placement(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )
        if placement.leaving_route == LeavingRoute.REINTEGRATION:
            return self.done(_("Leaving recorded: handed over to tracing and reunification."))
        return self.done(_("Leaving recorded. Aftercare follow-up is scheduled."))


class AftercareView(PlacementFormView):
    form_class = forms.AftercareForm
    pass_instance = False
    title = gettext_lazy("Aftercare follow-up")
    intro = gettext_lazy("How is the young person doing since they left care?")

    def perform(self, form):
        leaving.record_aftercare(self.object, acting_user=self.request.user, **form.service_data())
        return self.done(_("Aftercare contact recorded."))


class HandoverListView(ScopedListView):
    """Children who left care for their family: handed over to tracing and reunification."""

    model = Placement
    required_permission = "placement.view"
    template_name = "care/handover_list.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(leaving_route=LeavingRoute.REINTEGRATION, handed_to_tracing_at__isnull=False)
            .select_related("child", "home", "case", "country")
            .order_by("-handed_to_tracing_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record_search(
            Placement,
            actor=self.request.user,
            query_present=False,
            result_uuids=[p.uuid for p in context["object_list"]],
        )
        return context
