"""API for cases, their steps, consents and legal bases.

Querysets come from `for_user` (the base viewset), so another country's case is 404. Steps call the
services, which check the scope again, write the audit event and the timeline line, and compare
versions (409). A step the caller may see but not take (a caseworker approving a closure) is 403.
Reading a case is an audit VIEW event; a list is one SEARCH event with the UUIDs it returned; an
export (CSV, cases where the caller holds case.export) is one EXPORT event with the UUIDs it holds.
A case the caller's country keeps as a summary only after a transfer shows its summary fields
(the others null, see CaseSerializer), no consents or legal bases, and takes no steps.
"""

import csv
import io

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from trygg.audit.services import record_read, record_search
from trygg.core.api.viewsets import ScopedCreateModelMixin, ScopedViewSetMixin
from trygg.core.scoping import has_perm_anywhere
from trygg.core.services import OutOfScope

from ..filters import CaseFilter, ConsentFilter, LegalBasisFilter
from ..models import Case, Consent, LegalBasis
from ..models.case import mark_rows
from ..services import case as case_services
from ..services import consent as consent_services
from ..services import export as export_services
from ..services.case import NotAllowed
from ..services.transfer import visible_in_full
from ..views.export import csv_response
from .serializers_case import (
    CaseAdvanceSerializer,
    CaseAssignSerializer,
    CaseClosureRequestSerializer,
    CaseDecisionSerializer,
    CaseFirstActionSerializer,
    CaseOpenSerializer,
    CaseReopenSerializer,
    CaseRiskSerializer,
    CaseSerializer,
    ConsentSerializer,
    LegalBasisSerializer,
    WithdrawConsentSerializer,
)

# Steps a supervisor takes: the case is looked up among those the caller can see, and the service
# answers 403 to a caller without the approval permission.
SUPERVISOR_ACTIONS = {"approve_closure", "reject_closure", "reopen", "approve", "reject"}


def call_service(function, *args, out_of_scope_field: str = NON_FIELD_ERRORS, **kwargs):
    """Run a service; validation errors become 400s naming the field, refusals 403s."""
    try:
        return function(*args, **kwargs)
    except DjangoValidationError as exc:
        if hasattr(exc, "error_dict"):
            errors = {
                ("non_field_errors" if name == NON_FIELD_ERRORS else name): messages
                for name, messages in exc.message_dict.items()
            }
            raise ValidationError(errors) from exc
        raise ValidationError({"non_field_errors": exc.messages}) from exc
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except OutOfScope as exc:
        field = "non_field_errors" if out_of_scope_field == NON_FIELD_ERRORS else out_of_scope_field
        raise ValidationError({field: _("This is outside your scope.")}) from exc


class AuditedListMixin:
    """A list is one SEARCH audit event with the UUIDs of the rows returned."""

    def audited_list(self, queryset, model, serializer_class=None):
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        record_search(
            model,
            actor=self.request.user,
            query_present=bool(self.request.query_params.get("q")),
            result_uuids=[row.uuid for row in rows],
        )
        serializer_class = serializer_class or self.get_serializer_class()
        data = serializer_class(rows, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def scope_action(self) -> str:
        if self.action in SUPERVISOR_ACTIONS:
            return "view"
        return super().scope_action()


class CSVRenderer(BaseRenderer):
    """text/csv, for the export: lets a client ask for it by its Accept header.

    The export itself answers with the file; only its errors (a dict of messages) pass through
    here when the client asked for CSV: one line per message, named by the field it is about.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes | str):
            return data
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for name, messages in (data or {}).items():
            for message in messages if isinstance(messages, list) else [messages]:
                writer.writerow([name, str(message)])
        return buffer.getvalue().encode(self.charset)


class CasePagination(CursorPagination):
    """Pages of cases, newest identified first, never counted: a country may hold hundreds of
    thousands of cases, and counting them costs more than reading a page. Follow `next`."""

    ordering = ("-identified_at", "-id")
    page_size = settings.REST_FRAMEWORK["PAGE_SIZE"]
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE


def _validated(serializer_class, request, context=None):
    serializer = serializer_class(data=request.data, context=context or {"request": request})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _step(request_serializer, summary):
    return extend_schema(request=request_serializer, responses=CaseSerializer, summary=summary)


@extend_schema_view(
    partial_update=extend_schema(
        request=CaseRiskSerializer,
        responses=CaseSerializer,
        summary=_("Change the risk level or urgency; the deadlines follow."),
    ),
    create=extend_schema(
        request=CaseOpenSerializer,
        responses={201: CaseSerializer},
        summary=_("Open a case for a child (one open case per child)."),
    ),
    list=extend_schema(
        summary=_("Cases in your scope, newest identified first."),
        description=_(
            "Pages are not counted: follow the next and previous links (a cursor) until next is null. "
            "page_size is at most 200."
        ),
    ),
)
class CaseViewSet(
    AuditedListMixin,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ScopedCreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Child protection cases. Steps on a case are actions; PATCH changes the risk level only."""

    queryset_model = Case
    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    pagination_class = CasePagination
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        if self.action == "partial_update":
            return CaseRiskSerializer
        if self.action == "create":
            return CaseOpenSerializer
        return CaseSerializer

    def optimise_queryset(self, qs):
        return qs.for_listing().select_related("supervisor", "closure_requested_by", "closed_by")

    def scope_action(self) -> str:
        if self.action == "export":
            return export_services.EXPORT_ACTION
        return super().scope_action()

    def list(self, request, *args, **kwargs):
        return self.audited_list(self.filter_queryset(self.get_queryset()), Case)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return None if page is None else mark_rows(page, self.request.user, child_visibility=False)

    @extend_schema(
        operation_id="cases_export",
        filters=True,
        summary=_("Export the cases as CSV, with the same filters as the list."),
        description=_(
            "Cases where you hold the export permission, newest identified first, one row each: "
            "reference, country, site, stage, status, risk level, urgency, dates (ISO 8601, UTC), "
            "overdue, caseworker, child's reference and name, trafficking status and types of "
            "exploitation (HTCDS codes separated by semicolons). Where you lack the trafficking "
            "permission (or the sexual exploitation one) those columns say Restricted; a case your "
            "country keeps as a summary only fills the summary's columns. At most "
            "CASE_EXPORT_MAX_ROWS rows (10,000 by default): a larger selection answers 400, narrow the "
            "filters. Every export is audited."
        ),
        responses={
            (200, "text/csv"): OpenApiTypes.STR,
            400: OpenApiResponse(description=_("Too many cases match, or a filter is not valid.")),
            404: OpenApiResponse(description=_("You may not export cases.")),
        },
    )
    @action(
        detail=False, methods=["get"], pagination_class=None, renderer_classes=[JSONRenderer, CSVRenderer]
    )
    def export(self, request, *args, **kwargs):
        if not has_perm_anywhere(request.user, export_services.EXPORT_PERMISSION):
            raise Http404
        filterset = CaseFilter(request.query_params, queryset=self.get_queryset(), request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        export = call_service(
            export_services.export_cases,
            filterset.qs,
            acting_user=request.user,
            filters=export_services.filter_names(filterset),
        )
        return csv_response(export)

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        record_read(case, actor=request.user)
        return Response(CaseSerializer(case, context=self.get_serializer_context()).data)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        child = data.pop("child")
        serializer.instance = call_service(
            case_services.open_case,
            child=child,
            country=child.country,
            acting_user=self.request.user,
            out_of_scope_field="site",
            **data,
        )

    def _respond(self, case):
        case = self.get_queryset().get(pk=case.pk)
        return Response(CaseSerializer(case, context=self.get_serializer_context()).data)

    def partial_update(self, request, *args, **kwargs):
        case = self.get_object()
        others = sorted(set(request.data) - set(CaseRiskSerializer.Meta.fields))
        if others:
            message = _(
                "This field cannot be changed with PATCH: use the case's actions (advance, assign, ...)."
            )
            raise ValidationError({name: [message] for name in others})
        data = _validated(CaseRiskSerializer, request)
        call_service(
            case_services.set_risk,
            case,
            risk_level=data.get("risk_level", case.risk_level),
            urgent=data.get("urgent_protection_concern", case.urgent_protection_concern),
            acting_user=request.user,
            expected_version=data["version"],
        )
        return self._respond(case)

    @_step(CaseAdvanceSerializer, _("Move the case to another working stage."))
    @action(detail=True, methods=["post"])
    def advance(self, request, uuid=None):
        case = self.get_object()
        data = _validated(CaseAdvanceSerializer, request)
        call_service(
            case_services.advance_stage,
            case,
            to_stage=data["to_stage"],
            reason=data.get("reason", ""),
            acting_user=request.user,
            expected_version=data["version"],
        )
        return self._respond(case)

    @_step(CaseFirstActionSerializer, _("Record the first protective action."))
    @action(detail=True, methods=["post"], url_path="first-action")
    def first_action(self, request, uuid=None):
        case = self.get_object()
        data = _validated(CaseFirstActionSerializer, request)
        call_service(
            case_services.record_first_action,
            case,
            at=data.get("at"),
            note=data.get("note", ""),
            acting_user=request.user,
            expected_version=data["version"],
        )
        return self._respond(case)

    @_step(CaseAssignSerializer, _("Assign the caseworker (and optionally the supervisor)."))
    @action(detail=True, methods=["post"])
    def assign(self, request, uuid=None):
        case = self.get_object()
        data = _validated(CaseAssignSerializer, request)
        extra = {"supervisor": data["supervisor"]} if "supervisor" in data else {}
        call_service(
            case_services.assign_case,
            case,
            worker=data["worker"],
            acting_user=request.user,
            expected_version=data["version"],
            **extra,
        )
        return self._respond(case)

    @_step(CaseClosureRequestSerializer, _("Ask a supervisor to close the case."))
    @action(detail=True, methods=["post"], url_path="request-closure")
    def request_closure(self, request, uuid=None):
        case = self.get_object()
        data = _validated(CaseClosureRequestSerializer, request)
        call_service(
            case_services.request_closure,
            case,
            reason=data["closure_reason"],
            note=data.get("closure_note", ""),
            acting_user=request.user,
            expected_version=data["version"],
        )
        return self._respond(case)

    @_step(CaseDecisionSerializer, _("Approve the closure request (a supervisor who did not ask for it)."))
    @action(detail=True, methods=["post"], url_path="approve-closure")
    def approve_closure(self, request, uuid=None):
        case = self.get_object()
        data = _validated(CaseDecisionSerializer, request)
        call_service(
            case_services.approve_closure,
            case,
            note=data.get("note", ""),
            acting_user=request.user,
            expected_version=data["version"],
        )
        return self._respond(case)

    @_step(CaseDecisionSerializer, _("Refuse the closure request, saying why."))
    @action(detail=True, methods=["post"], url_path="reject-closure")
    def reject_closure(self, request, uuid=None):
        case = self.get_object()
        data = _validated(CaseDecisionSerializer, request)
        call_service(
            case_services.reject_closure,
            case,
            note=data.get("note", ""),
            acting_user=request.user,
            expected_version=data["version"],
        )
        return self._respond(case)

    @_step(CaseReopenSerializer, _("Reopen a closed case (supervisor): it goes back to assessment."))
    @action(detail=True, methods=["post"])
    def reopen(self, request, uuid=None):
        case = self.get_object()
        data = _validated(CaseReopenSerializer, request)
        call_service(
            case_services.reopen_case,
            case,
            reason=data["reason"],
            acting_user=request.user,
            expected_version=data["version"],
        )
        return self._respond(case)

    @extend_schema(methods=["GET"], responses=ConsentSerializer(many=True), summary=_("The case's consents."))
    @extend_schema(
        methods=["POST"],
        request=ConsentSerializer,
        responses={201: ConsentSerializer},
        summary=_("Record a consent or assent with the HTCDS checklist."),
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def consents(self, request, uuid=None):
        case = self.get_object()
        if request.method == "GET":
            rows = (
                Consent.objects.for_user(request.user)
                .filter(case=case)
                .select_related("case", "given_by_person")
            )
            if not visible_in_full(case, request.user):
                rows = rows.none()
            return self.audited_list(rows, Consent, ConsentSerializer)
        data = _validated(ConsentSerializer, request, self.get_serializer_context())
        consent = call_service(consent_services.record_consent, case, acting_user=request.user, **data)
        return Response(ConsentSerializer(consent, context=self.get_serializer_context()).data, status=201)

    @extend_schema(
        methods=["GET"], responses=LegalBasisSerializer(many=True), summary=_("The case's legal bases.")
    )
    @extend_schema(
        methods=["POST"],
        request=LegalBasisSerializer,
        responses={201: LegalBasisSerializer},
        summary=_("Ask for a legal basis to process the child's data without consent."),
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="legal-bases",
        pagination_class=None,
        filterset_class=None,
    )
    def legal_bases(self, request, uuid=None):
        case = self.get_object()
        if request.method == "GET":
            rows = (
                LegalBasis.objects.for_user(request.user)
                .filter(case=case)
                .select_related("case", "decided_by")
            )
            if not visible_in_full(case, request.user):
                rows = rows.none()
            return self.audited_list(rows, LegalBasis, LegalBasisSerializer)
        data = _validated(LegalBasisSerializer, request)
        legal_basis = call_service(
            consent_services.request_legal_basis, case, acting_user=request.user, **data
        )
        return Response(
            LegalBasisSerializer(legal_basis, context=self.get_serializer_context()).data, status=201
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "request": self.request}


class ConsentViewSet(AuditedListMixin, ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Consents and assents of the cases you can see. Record them through a case's consents action."""

    queryset_model = Consent
    serializer_class = ConsentSerializer
    filterset_class = ConsentFilter

    def optimise_queryset(self, qs):
        # Consents of a case kept as a summary only (after a transfer) are not part of the summary.
        return (
            qs.filter(case__summary_only=False)
            .select_related("case", "given_by_person")
            .order_by("-given_at", "-pk")
        )

    def list(self, request, *args, **kwargs):
        return self.audited_list(self.filter_queryset(self.get_queryset()), Consent)

    @extend_schema(request=WithdrawConsentSerializer, responses=ConsentSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, uuid=None):
        consent = self.get_object()
        data = _validated(WithdrawConsentSerializer, request)
        call_service(
            consent_services.withdraw_consent,
            consent,
            withdrawn_at=data.get("withdrawn_at"),
            note=data.get("note", ""),
            acting_user=request.user,
            expected_version=data["version"],
        )
        return Response(ConsentSerializer(consent, context=self.get_serializer_context()).data)


class LegalBasisViewSet(AuditedListMixin, ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Legal bases for processing without consent. A supervisor who did not ask approves or refuses."""

    queryset_model = LegalBasis
    serializer_class = LegalBasisSerializer
    filterset_class = LegalBasisFilter

    def optimise_queryset(self, qs):
        return (
            qs.filter(case__summary_only=False)
            .select_related("case", "decided_by")
            .order_by("-created_at", "-pk")
        )

    def list(self, request, *args, **kwargs):
        return self.audited_list(self.filter_queryset(self.get_queryset()), LegalBasis)

    def _decide(self, request, function):
        legal_basis = self.get_object()
        data = _validated(CaseDecisionSerializer, request)
        call_service(
            function,
            legal_basis,
            note=data.get("note", ""),
            acting_user=request.user,
            expected_version=data["version"],
        )
        return Response(LegalBasisSerializer(legal_basis, context=self.get_serializer_context()).data)

    @extend_schema(request=CaseDecisionSerializer, responses=LegalBasisSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, uuid=None):
        return self._decide(request, consent_services.approve_legal_basis)

    @extend_schema(request=CaseDecisionSerializer, responses=LegalBasisSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, uuid=None):
        return self._decide(request, consent_services.reject_legal_basis)
