"""API for managing a case: assessments, case plans (goals, actions), services and referrals,
follow-ups, notes and transfers.

Querysets come from `for_user` (the base viewset) and leave out the records of a case its country
keeps only as a summary after a transfer. Writes go through the services, which re-check the
scope, audit, write the timeline and detect concurrent edits (409). Lists are audited as a search
(the UUIDs returned), a record opened on its own as a read. Steps a user may see but not take
(approving one's own plan, a sending country accepting its own transfer) answer 403.
"""

import django_filters
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from trygg.audit.services import record_read, record_search
from trygg.core.api.viewsets import ScopedCreateModelMixin, ScopedViewSetMixin

from ..models import (
    Assessment,
    CaseNote,
    CasePlan,
    CasePlanAction,
    CasePlanGoal,
    FollowUp,
    ServiceReferral,
    Transfer,
)
from ..services import management, support
from ..services import transfer as transfers
from . import serializers_management as s

VERSION_PARAMETER = OpenApiParameter(
    "version",
    OpenApiTypes.INT,
    OpenApiParameter.QUERY,
    required=True,
    description=_("The version you last read; a stale version answers 409 and nothing is removed."),
)


def _version_from_query(request) -> int:
    try:
        version = int(request.query_params.get("version", ""))
    except ValueError:
        version = 0
    if version < 1:
        raise ValidationError({"version": _("Send the version you last read (?version=N).")})
    return version


def _case_filter(model, lookup: str = "case"):
    """A filter set with `?case=<uuid>` (and `?plan=<uuid>` for goals and actions)."""
    filters = {"case": django_filters.UUIDFilter(field_name=f"{lookup}__uuid", label=_("Case UUID"))}
    if lookup == "plan__case":
        filters["plan"] = django_filters.UUIDFilter(field_name="plan__uuid", label=_("Case plan UUID"))
    return type(
        f"{model.__name__}Filter",
        (django_filters.FilterSet,),
        {**filters, "Meta": type("Meta", (), {"model": model, "fields": []})},
    )


class AuditedReadMixin:
    """Lists are audited as a search (the UUIDs returned), a record opened on its own as a read."""

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        record_search(
            self.get_model(), actor=request.user, query_present=False, result_uuids=[r.uuid for r in rows]
        )
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        record_read(obj, actor=request.user)
        return Response(self.get_serializer(obj).data)

    def step(self, request, function, body_class):
        """Run a service step on the record with the body's version and fields; answer the record.

        The record is looked up first: outside the caller's scope it is a 404 whatever the body.
        """
        obj = self.get_object()
        body = body_class(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        obj = function(obj, acting_user=request.user, expected_version=data.pop("version"), **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data)

    @staticmethod
    def split(validated: dict, *names) -> tuple[dict, list]:
        data = dict(validated)
        return data, [data.pop(name, None) for name in names]


class ManagementViewSet(
    AuditedReadMixin,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ScopedCreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """What every case-part endpoint shares: summary-only cases left out, audited reads."""

    case_lookup = "case"
    related: tuple[str, ...] = ()
    ordering: tuple[str, ...] = ("-created_at", "-pk")

    def get_queryset(self):
        return super().get_queryset().filter(**{f"{self.case_lookup}__summary_only": False})

    def optimise_queryset(self, qs):
        return qs.select_related(f"{self.case_lookup}__site", *self.related).order_by(*self.ordering)


@extend_schema_view(
    list=extend_schema(summary=_("Assessments of the cases you can see")),
)
class AssessmentViewSet(ManagementViewSet):
    """The child's situation by domain. Health and psychosocial notes are hidden per field."""

    queryset_model = Assessment
    serializer_class = s.AssessmentSerializer
    filterset_class = _case_filter(Assessment)
    related = ("assessed_by",)

    def perform_create(self, serializer):
        data, (case, _v) = self.split(serializer.validated_data, "case", "version")
        serializer.instance = management.record_assessment(case, acting_user=self.request.user, **data)

    def perform_update(self, serializer):
        data, (version,) = self.split(serializer.validated_data, "version")
        serializer.instance = management.update_assessment(
            serializer.instance, acting_user=self.request.user, expected_version=version, **data
        )

    @extend_schema(request=s.VersionSerializer, responses=s.AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, uuid=None):
        """Complete the assessment: it is then fixed, and the case may move on to planning."""
        return self.step(request, management.complete_assessment, s.VersionSerializer)


class CasePlanViewSet(ManagementViewSet):
    """Case plans: draft (needs a completed assessment), submit, approve or return (a supervisor
    other than the submitter). Goals and actions are listed here, changed through their endpoints."""

    queryset_model = CasePlan
    serializer_class = s.CasePlanSerializer
    filterset_class = _case_filter(CasePlan)
    related = ("submitted_by", "decided_by", "supersedes")

    def scope_action(self) -> str:
        # Approving and returning are decided by the service (403 for a non-supervisor), on a plan
        # the caller can see.
        if self.action in ("approve", "reject"):
            return "view"
        return super().scope_action()

    def optimise_queryset(self, qs):
        return (
            super()
            .optimise_queryset(qs)
            .prefetch_related(
                Prefetch("goals", queryset=CasePlanGoal.objects.alive(), to_attr="live_goals"),
                Prefetch(
                    "actions",
                    queryset=CasePlanAction.objects.alive().select_related("responsible_user"),
                    to_attr="live_actions",
                ),
            )
        )

    def perform_create(self, serializer):
        data, (case, _v) = self.split(serializer.validated_data, "case", "version")
        serializer.instance = management.create_case_plan(case, acting_user=self.request.user, **data)

    def perform_update(self, serializer):
        data, (version,) = self.split(serializer.validated_data, "version")
        serializer.instance = management.update_case_plan(
            serializer.instance, acting_user=self.request.user, expected_version=version, **data
        )

    @extend_schema(request=s.VersionSerializer, responses=s.CasePlanSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, uuid=None):
        """Ask a supervisor to approve the plan."""
        return self.step(request, management.submit_case_plan, s.VersionSerializer)

    @extend_schema(request=s.DecisionSerializer, responses=s.CasePlanSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, uuid=None):
        """Approve a submitted plan (a supervisor who did not submit it); it replaces the approved one."""
        return self.step(request, management.approve_case_plan, s.DecisionSerializer)

    @extend_schema(request=s.DecisionSerializer, responses=s.CasePlanSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, uuid=None):
        """Return a submitted plan for changes, with a comment saying what must change."""
        return self.step(request, management.reject_case_plan, s.DecisionSerializer)


@extend_schema_view(destroy=extend_schema(parameters=[VERSION_PARAMETER]))
class PlanPartViewSet(mixins.DestroyModelMixin, ManagementViewSet):
    case_lookup = "plan__case"
    ordering = ("plan", "pk")

    def scope_action(self) -> str:
        # Removing a goal or action changes a plan in preparation; nothing of the case is deleted.
        action = super().scope_action()
        return "change" if action == "delete" else action


class CasePlanGoalViewSet(PlanPartViewSet):
    """Goals of a plan in preparation (added, changed and removed only while it is a draft)."""

    queryset_model = CasePlanGoal
    serializer_class = s.CasePlanGoalSerializer
    filterset_class = _case_filter(CasePlanGoal, "plan__case")

    def perform_create(self, serializer):
        data, (plan, _v) = self.split(serializer.validated_data, "plan", "version")
        serializer.instance = management.add_plan_goal(plan, acting_user=self.request.user, **data)

    def perform_update(self, serializer):
        data, (version,) = self.split(serializer.validated_data, "version")
        serializer.instance = management.update_plan_goal(
            serializer.instance, acting_user=self.request.user, expected_version=version, **data
        )

    def perform_destroy(self, instance):
        management.remove_plan_goal(
            instance, acting_user=self.request.user, expected_version=_version_from_query(self.request)
        )


class CasePlanActionViewSet(PlanPartViewSet):
    """Actions of a plan: edited while the plan is in preparation; once approved, only the status."""

    queryset_model = CasePlanAction
    serializer_class = s.CasePlanActionSerializer
    filterset_class = _case_filter(CasePlanAction, "plan__case")
    related = ("responsible_user",)

    def perform_create(self, serializer):
        data, (plan, _v) = self.split(serializer.validated_data, "plan", "version")
        serializer.instance = management.add_plan_action(plan, acting_user=self.request.user, **data)

    def perform_update(self, serializer):
        data, (version,) = self.split(serializer.validated_data, "version")
        serializer.instance = management.update_plan_action(
            serializer.instance, acting_user=self.request.user, expected_version=version, **data
        )

    def perform_destroy(self, instance):
        management.remove_plan_action(
            instance, acting_user=self.request.user, expected_version=_version_from_query(self.request)
        )


class ServiceReferralViewSet(ManagementViewSet):
    """Services given internally or by referral; a referral outside needs consent to sharing."""

    queryset_model = ServiceReferral
    serializer_class = s.ServiceReferralSerializer
    filterset_class = _case_filter(ServiceReferral)

    def perform_create(self, serializer):
        data, (case, _v) = self.split(serializer.validated_data, "case", "version")
        serializer.instance = support.add_service_referral(case, acting_user=self.request.user, **data)

    def perform_update(self, serializer):
        data, (version,) = self.split(serializer.validated_data, "version")
        serializer.instance = support.update_service_referral(
            serializer.instance, acting_user=self.request.user, expected_version=version, **data
        )


class FollowUpViewSet(ManagementViewSet):
    """Follow-up contacts with the child: date, type, findings, next due."""

    queryset_model = FollowUp
    serializer_class = s.FollowUpSerializer
    filterset_class = _case_filter(FollowUp)
    related = ("visited_by",)
    ordering = ("-visited_on", "-pk")

    def perform_create(self, serializer):
        data, (case, _v) = self.split(serializer.validated_data, "case", "version")
        serializer.instance = support.record_follow_up(case, acting_user=self.request.user, **data)

    def perform_update(self, serializer):
        data, (version,) = self.split(serializer.validated_data, "version")
        serializer.instance = support.update_follow_up(
            serializer.instance, acting_user=self.request.user, expected_version=version, **data
        )


class CaseNoteViewSet(ManagementViewSet):
    """Notes on a case; the text of a sensitive note needs the trafficking permission."""

    queryset_model = CaseNote
    serializer_class = s.CaseNoteSerializer
    filterset_class = _case_filter(CaseNote)
    related = ("created_by",)

    def perform_create(self, serializer):
        data, (case, _v) = self.split(serializer.validated_data, "case", "version")
        serializer.instance = support.add_case_note(case, acting_user=self.request.user, **data)

    def perform_update(self, serializer):
        data, (version,) = self.split(serializer.validated_data, "version")
        serializer.instance = support.update_case_note(
            serializer.instance, acting_user=self.request.user, expected_version=version, **data
        )


class TransferFilter(django_filters.FilterSet):
    case = django_filters.UUIDFilter(method="filter_case", label=_("Case UUID (sending or receiving)"))
    status = django_filters.ChoiceFilter(choices=Transfer.Status.choices)

    class Meta:
        model = Transfer
        fields = []

    def filter_case(self, queryset, name, value):
        return queryset.filter(Q(transferred_from__uuid=value) | Q(receiving_case__uuid=value))


class TransferViewSet(
    AuditedReadMixin,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ScopedCreateModelMixin,
    viewsets.GenericViewSet,
):
    """Transfers to another country, seen by both countries (a third one gets 404). Create one to
    request it (consent to sharing needed); a supervisor of the receiving country accepts, rejects,
    or later shares the closed case's details with the sending country."""

    queryset_model = Transfer
    serializer_class = s.TransferSerializer
    filterset_class = TransferFilter

    def scope_action(self) -> str:
        # Every step is the receiving supervisor's, checked by the service (403 for anyone else).
        return "view"

    def optimise_queryset(self, qs):
        return qs.select_related(
            "transferred_from", "receiving_case", "from_country", "to_country", "requested_by", "decided_by"
        ).order_by("-requested_at", "-pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = transfers.request_transfer(
            data["transferred_from"],
            to_country=data["to_country"],
            reason=data.get("reason", ""),
            acting_user=self.request.user,
        )

    @extend_schema(request=s.TransferAcceptSerializer, responses=s.TransferSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, uuid=None):
        """Accept: the child is registered in your country and a new case opened; the sending case
        is closed and its country keeps a summary only."""
        return self.step(request, transfers.accept_transfer, s.TransferAcceptSerializer)

    @extend_schema(request=s.DecisionSerializer, responses=s.TransferSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, uuid=None):
        """Reject, with a comment saying why; the sending case carries on."""
        return self.step(request, transfers.reject_transfer, s.DecisionSerializer)

    @extend_schema(request=s.VersionSerializer, responses=s.TransferSerializer)
    @action(detail=True, methods=["post"])
    def share(self, request, uuid=None):
        """Let the sending country see the whole of its closed case again."""
        return self.step(request, transfers.share_transfer_details, s.VersionSerializer)
