"""Work due: "My work" for a caseworker, "Caseload" for a supervisor.

Both read through services/work.py, which takes every record from `for_user`: a user sees work on
the cases in their scope only. Both pages show children's names, so each view is one SEARCH audit
event listing the cases shown (never what was filtered on).
"""

import uuid

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from trygg.accounts.models import User
from trygg.audit.services import record_search
from trygg.core.views import ScopedViewMixin
from trygg.geo.models import Site

from ..models import Case
from ..services.work import DEFAULT_WITHIN_DAYS, WorkKind, caseload, work_for

WITHIN_CHOICES = [
    (7, _("the next 7 days")),
    (14, _("the next 14 days")),
    (30, _("the next 30 days")),
]
UNASSIGNED = "unassigned"


def _audit_shown(request, items) -> None:
    shown = [item.case.uuid for item in items]
    if shown:
        record_search(Case, actor=request.user, query_present=False, result_uuids=shown)


def _uuid_or_none(value: str):
    try:
        return uuid.UUID(value)
    except (TypeError, ValueError):
        return None


class MyWorkView(ScopedViewMixin, TemplateView):
    """What the logged-in worker has overdue and due soon, on the cases assigned to them."""

    model = Case
    required_permission = "case.change"
    template_name = "cases/work/my_work.html"

    def within_days(self) -> int:
        try:
            days = int(self.request.GET.get("within", DEFAULT_WITHIN_DAYS))
        except ValueError:
            return DEFAULT_WITHIN_DAYS
        return days if days in dict(WITHIN_CHOICES) else DEFAULT_WITHIN_DAYS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        within = self.within_days()
        work = work_for(self.request.user, within_days=within)
        _audit_shown(self.request, work.items)
        context.update(work=work, within=within, within_choices=WITHIN_CHOICES)
        return context


class CaseloadView(ScopedViewMixin, TemplateView):
    """A supervisor's caseload: per worker the open cases and overdue work, then the overdue items."""

    model = Case
    required_permission = "case.approve"
    template_name = "cases/work/caseload.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        sites = list(Site.objects.for_user(user).select_related("country").order_by("country__name", "name"))
        wanted_site = _uuid_or_none(self.request.GET.get("site"))
        site = next((s for s in sites if s.uuid == wanted_site), None)
        worker_param = self.request.GET.get("worker", "")
        worker, worker_filter = ..., "all"
        if worker_param == UNASSIGNED:
            worker, worker_filter = None, "unassigned"
        elif (wanted := _uuid_or_none(worker_param)) is not None:
            # Someone who works on none of the supervisor's cases simply has no items here.
            worker, worker_filter = User.objects.filter(uuid=wanted).first() or User(pk=0), "worker"
        load = caseload(user, site=site, worker=worker)
        _audit_shown(self.request, load.overdue_items)
        # Named only when they work on the supervisor's cases: a UUID in the address reveals nothing.
        chosen = None
        if worker_filter == "worker":
            chosen = next((r.worker for r in load.rows if r.worker and r.worker.pk == worker.pk), None)
        context.update(
            caseload=load,
            kinds=WorkKind.choices,
            sites=sites,
            several_countries=len({s.country_id for s in sites}) > 1,
            site=site,
            chosen_worker=chosen,
            worker_filter=worker_filter,
            worker_param=worker_param,
            unassigned=UNASSIGNED,
        )
        return context
