"""Case pages: the list with filters and search, the case page, opening a case."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from trygg.audit.services import record_read
from trygg.core.scoping import has_perm_anywhere
from trygg.core.services import OutOfScope
from trygg.core.views import AuditedSearchListView, ScopedDetailView, ServiceFormView
from trygg.people.models import Person

from ..filters import CaseSearchFilter
from ..forms.case import (
    AssignForm,
    ClosureRequestForm,
    DecisionForm,
    FirstActionForm,
    OpenCaseForm,
    ReopenForm,
    RiskForm,
    StageForm,
)
from ..models import Case
from ..models.case import mark_rows
from ..services.case import case_permits, open_case
from ..services.transfer import visible_in_full
from . import case_page


class UncountedPage:
    """A page of a list that is never counted: counting a country's cases costs more than showing
    them. One row more than the page holds says whether a next page exists."""

    def __init__(self, rows, number: int, page_size: int):
        self.object_list = rows[:page_size]
        self.number = number
        self.start_index = (number - 1) * page_size + 1 if self.object_list else 0
        self.end_index = self.start_index + len(self.object_list) - 1 if self.object_list else 0
        self.has_next = len(rows) > page_size
        self.has_previous = number > 1
        self.has_other_pages = self.has_next or self.has_previous
        self.next_page_number = number + 1
        self.previous_page_number = number - 1

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


def page_number(raw) -> int:
    """The page asked for (1 when none); a page that is not a positive number is not found."""
    if raw in (None, ""):
        return 1
    try:
        number = int(raw)
    except (TypeError, ValueError) as exc:
        raise Http404(_("This page does not exist.")) from exc
    if number < 1:
        raise Http404(_("This page does not exist."))
    return number


class CaseListView(AuditedSearchListView):
    """Cases the user can see, filtered and searched; one SEARCH audit event per page shown.

    The list is not counted (a country may hold hundreds of thousands of cases): each page reads
    one row more than it shows, to offer the next page, and says "more than N" instead of a total.
    """

    model = Case
    required_permission = "case.view"
    filterset_class = CaseSearchFilter
    template_name = "cases/case_list.html"
    partial_template_name = "cases/case/results.html"

    def listing(self, qs):
        return qs.for_listing()

    def paginate_queryset(self, queryset, page_size):
        number = page_number(self.request.GET.get(self.page_kwarg))
        offset = (number - 1) * page_size
        rows = mark_rows(queryset[offset : offset + page_size + 1], self.request.user)
        page = UncountedPage(rows, number, page_size)
        if number > 1 and not page.object_list:
            raise Http404(_("This page does not exist."))
        return None, page, page.object_list, page.has_other_pages

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for case in context["object_list"]:
            # A row kept as a summary only (after a transfer) hides what the summary does not hold.
            case.in_full = visible_in_full(case, self.request.user)
        context["can_add"] = has_perm_anywhere(self.request.user, "case.add")
        context["can_configure"] = has_perm_anywhere(self.request.user, "caseconfig.change")
        context["can_export"] = has_perm_anywhere(self.request.user, "case.export")
        return context


class CaseDetailView(ScopedDetailView):
    """Everything about a case the user may see; every view is an audit event.

    A case the user's country keeps as a summary only after a transfer shows the summary
    (`services.transfer.visible_in_full` says what it holds), the transfers panel and the
    summary's timeline lines.
    """

    model = Case
    template_name = "cases/case_detail.html"
    context_object_name = "case"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "country",
                "site",
                "child",
                "assigned_worker",
                "supervisor",
                "closure_requested_by",
                "closed_by",
            )
            .with_assessment_done()
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        record_read(self.object, actor=request.user)
        htmx = getattr(request, "htmx", None)
        if htmx and not htmx.history_restore_request and "timeline" in request.GET:
            context = {
                "case": self.object,
                **case_page.timeline(self.object, request.user, request.GET["timeline"]),
            }
            return render(request, "cases/case/timeline.html", context)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.object
        user = self.request.user
        can_change = not case.is_closed and case_permits(user, "case.change", case)
        can_approve = case_permits(user, "case.approve", case)
        context.update(case_page.child_on_continuum(case, user))
        context.update(
            {
                "stepper": case_page.stepper(case),
                "can_change": can_change,
                "can_approve": can_approve,
                "first_action_overdue": case.first_action_is_overdue(),
                "assessment_overdue": case.assessment_is_overdue(),
            }
        )
        in_full = visible_in_full(case, user)
        context["in_full"] = in_full
        # On a summary (after a transfer) both hold only what belongs to it: the transfer record.
        context.update(case_page.timeline(case, user, self.request.GET.get("timeline")))
        context["panels"] = case_page.rendered_panels(case, self.request)
        if not in_full:
            return context
        if can_change:
            context.update(
                {
                    "stage_options": case_page.stage_options(case),
                    "stage_form": StageForm(case=case, user=user, auto_id="stage_%s"),
                    "risk_form": RiskForm(case=case, user=user, auto_id="risk_%s"),
                    "assign_form": AssignForm(case=case, user=user, auto_id="assign_%s"),
                    "first_action_form": FirstActionForm(case=case, user=user, auto_id="first_action_%s"),
                    "closure_form": ClosureRequestForm(case=case, user=user, auto_id="closure_%s"),
                }
            )
        if can_approve and case.closure_pending:
            context["closure_decision_form"] = DecisionForm(case=case, user=user, auto_id="decision_%s")
        if can_approve and case.is_closed:
            context["reopen_form"] = ReopenForm(case=case, user=user, auto_id="reopen_%s")
        return context


class CaseOpenView(ServiceFormView):
    """Open a case for a registered child: from the person page (?child=<uuid>) or by reference."""

    model = Case
    required_permission = "case.add"
    form_class = OpenCaseForm
    template_name = "cases/case/open_form.html"

    def child_from_query(self):
        raw = self.request.GET.get("child") or ""
        try:
            child_uuid = uuid.UUID(raw)
        except ValueError:
            return None
        return (
            Person.objects.for_user(self.request.user).filter(uuid=child_uuid).select_related("site").first()
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["child"] = self.child_from_query()
        return kwargs

    def perform(self, form):
        data = form.cleaned_data
        child = data["child"]
        try:
            case = open_case(
                child=child,
                country=child.country,
                site=data["site"],
                risk_level=data["risk_level"],
                urgent_protection_concern=data["urgent_protection_concern"],
                identified_at=data["identified_at"],
                assigned_worker=data["assigned_worker"],
                acting_user=self.request.user,
            )
        except OutOfScope as exc:
            raise ValidationError(
                {"site": _("You cannot open cases for this child's country or site.")}
            ) from exc
        messages.success(self.request, _("Case %(reference)s opened.") % {"reference": case.reference})
        return reverse("cases:case_detail", kwargs={"uuid": case.uuid})
