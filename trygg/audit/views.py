"""The data protection officer's pages: the event list, who saw a record, what a user saw.

Every page needs `auditevent.view` somewhere (others get 404) and reads events only through
`AuditEvent.objects.for_user`. Opening the record and user pages is itself written to the audit
trail, so that the officers' own look-ups can be traced.
"""

import uuid

from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django_filters.views import FilterView

from trygg.accounts.models import User
from trygg.accounts.roles import Perm
from trygg.core.views import ScopedViewMixin

from .filters import AuditEventFilter
from .forms import RecordLookupForm, TimeRangeForm
from .models import AuditEvent
from .services import record_audit_query

# Records that have an access page: the ones whose reads are audited, looked up by UUID or
# reference through their own `for_user`, so an officer reaches only records in their scope.
RECORD_MODELS = ("people.person", "people.household")
WRITE_ACTIONS = (AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE, AuditEvent.Action.DELETE)
PAGE_SIZE = 50


def find_record(user, *, uuid=None, reference: str = ""):
    """The person or household with this UUID or reference in the user's scope, else None."""
    for label in RECORD_MODELS:
        model = apps.get_model(label)
        records = model.objects.for_user(user, "view")
        record = (
            records.filter(uuid=uuid).first()
            if uuid is not None
            else records.filter(reference__iexact=reference.strip()).first()
        )
        if record is not None:
            return record
    return None


def actor_ids_in_scope(user, events) -> set[int]:
    """Which of these events' actors the reader may open the activity page of (one query)."""
    ids = {e.actor_id for e in events if e.actor_id is not None}
    if not ids:
        return set()
    return set(User.objects.for_user(user, "view").filter(pk__in=ids).values_list("pk", flat=True))


class AuditAccessMixin(ScopedViewMixin):
    model = AuditEvent
    required_permission = Perm.AUDIT_VIEW

    def events(self):
        return AuditEvent.objects.for_user(self.request.user, "view")

    def paginate(self, events):
        return Paginator(events, PAGE_SIZE).get_page(self.request.GET.get("page"))


class EventListView(AuditAccessMixin, FilterView):
    """Every event in the officer's countries, newest first, filtered."""

    template_name = "audit/event_list.html"
    filterset_class = AuditEventFilter
    paginate_by = PAGE_SIZE
    context_object_name = "events"

    def get_queryset(self):
        return self.events().select_related("actor", "country")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["linked_actor_ids"] = actor_ids_in_scope(self.request.user, context["events"])
        context["record_types"] = RECORD_MODELS
        # Its own ids: the event filter has a "record" field too.
        context["lookup_form"] = RecordLookupForm(auto_id="lookup_%s")
        return context


class RecordLookupView(AuditAccessMixin, TemplateView):
    """Find a record's access history by its reference or UUID."""

    template_name = "audit/record_lookup.html"

    def get(self, request, *args, **kwargs):
        form = RecordLookupForm(request.GET or None)
        if not form.is_valid():
            return self.render_to_response({"form": form})
        value = form.cleaned_data["record"].strip()
        try:
            record_uuid = uuid.UUID(value)
        except ValueError:
            record = find_record(request.user, reference=value)
        else:
            record = find_record(request.user, uuid=record_uuid)
        if record is None:
            # The same answer for a record that does not exist and one outside the scope.
            form.add_error("record", _("No record with this reference or UUID is in your scope."))
            return self.render_to_response({"form": form}, status=404)
        return redirect("audit:record_access", uuid=record.uuid)


class RecordAccessView(AuditAccessMixin, TemplateView):
    """Who saw this child's record, and when: reads, searches that listed it, and writes."""

    template_name = "audit/record_access.html"

    def get(self, request, *args, **kwargs):
        record = find_record(request.user, uuid=kwargs["uuid"])
        if record is None:
            raise Http404(_("Not found."))
        form = TimeRangeForm(request.GET or None)
        events = self.events().concerning(record.uuid)
        if form.is_bound:
            events = form.apply(events) if form.is_valid() else events.none()
        summary = list(
            events.order_by()
            .values("actor")
            .annotate(
                views=Count("id", filter=Q(action=AuditEvent.Action.VIEW)),
                listed=Count("id", filter=Q(action=AuditEvent.Action.SEARCH)),
                writes=Count("id", filter=Q(action__in=WRITE_ACTIONS)),
                others=Count(
                    "id",
                    filter=~Q(action__in=[AuditEvent.Action.VIEW, AuditEvent.Action.SEARCH, *WRITE_ACTIONS]),
                ),
                first=Min("at"),
                last=Max("at"),
            )
            .order_by("-last")
        )
        actors = User.objects.in_bulk([row["actor"] for row in summary if row["actor"] is not None])
        for row in summary:
            row["user"] = actors.get(row["actor"])
        page = self.paginate(events.select_related("actor"))
        linked = set(
            User.objects.for_user(request.user, "view").filter(pk__in=actors).values_list("pk", flat=True)
        )
        record_audit_query(
            actor=request.user, query="record_access", subject_uuid=record.uuid, country_id=record.country_id
        )
        context = self.get_context_data(
            record=record,
            record_type=record._meta.verbose_name,
            form=form,
            summary=summary,
            page_obj=page,
            events=page.object_list,
            linked_actor_ids=linked,
        )
        return self.render_to_response(context)


class UserActivityView(AuditAccessMixin, TemplateView):
    """What did this user see: reads, searches (with the records they listed), writes, logins."""

    template_name = "audit/user_activity.html"

    def get(self, request, *args, **kwargs):
        subject = User.objects.for_user(request.user, "view").filter(uuid=kwargs["uuid"]).first()
        if subject is None:
            raise Http404(_("Not found."))
        form = TimeRangeForm(request.GET or None)
        events = self.events().filter(actor=subject)
        if form.is_bound:
            events = form.apply(events) if form.is_valid() else events.none()
        counts = dict(events.order_by().values_list("action").annotate(n=Count("id")))
        totals = [
            {"action": action, "label": label, "count": counts[action]}
            for action, label in AuditEvent.Action.choices
            if counts.get(action)
        ]
        page = self.paginate(events)
        records = self.records_listed(page.object_list)
        record_audit_query(actor=request.user, query="user_activity", subject_uuid=subject.uuid)
        context = self.get_context_data(
            subject=subject,
            form=form,
            totals=totals,
            page_obj=page,
            events=[(event, [records.get(u, (u, None)) for u in event.result_uuids]) for event in page],
            record_types=RECORD_MODELS,
        )
        return self.render_to_response(context)

    def records_listed(self, events) -> dict[str, tuple[str, str]]:
        """UUID -> (reference, uuid) of the records the page's searches listed that the reader may
        see; one query per record type whatever the number of events."""
        wanted = {u for event in events for u in event.result_uuids}
        found: dict[str, tuple[str, str]] = {}
        if not wanted:
            return found
        for label in RECORD_MODELS:
            model = apps.get_model(label)
            rows = model.objects.for_user(self.request.user, "view").filter(uuid__in=wanted - set(found))
            for record_uuid, reference in rows.values_list("uuid", "reference"):
                found[str(record_uuid)] = (reference, str(record_uuid))
        return found
