"""API for family tracing: requests, match proposals, the steps after a match, batch runs, settings.

Querysets come from `for_user` (the base viewset). Writes go through the services, which check
the scope again, audit and detect concurrent edits (409). Lists are audited as a search (the
UUIDs returned), a record opened on its own as a read. Steps a user may see but not take (a
requesting country confirming a match, approving one's own determination) answer 403.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from trygg.audit.services import record_read, record_search
from trygg.core.api.viewsets import ScopedCreateModelMixin, ScopedViewSetMixin
from trygg.core.scoping import has_perm_anywhere, has_perm_in_country
from trygg.core.services import OutOfScope
from trygg.geo.models import Country

from ..filters import MatchProposalFilter, TracingRequestApiFilter, request_part_filter
from ..models import (
    BatchRun,
    BestInterestsDetermination,
    MatchProposal,
    MonitoringVisit,
    Reunification,
    TracingRequest,
    Verification,
)
from ..services import batch, config, requests, reunification, review
from . import serializers as s


class TracingViewSetMixin(ScopedViewSetMixin):
    """Audited reads, service errors as 400 naming the field."""

    ordering: tuple[str, ...] = ("-created_at", "-pk")
    related: tuple[str, ...] = ()

    def optimise_queryset(self, qs):
        return qs.select_related(*self.related).order_by(*self.ordering)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        record_search(
            self.get_model(),
            actor=request.user,
            query_present=bool(request.query_params.get("q")),
            result_uuids=[row.uuid for row in rows],
        )
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        record_read(obj, actor=request.user)
        return Response(self.get_serializer(obj).data)

    def call(self, function, *args, **kwargs):
        try:
            return function(*args, acting_user=self.request.user, **kwargs)
        except DjangoValidationError as exc:
            if hasattr(exc, "error_dict"):
                raise ValidationError(exc.message_dict) from exc
            raise ValidationError({"non_field_errors": exc.messages}) from exc
        except OutOfScope as exc:
            raise Http404 from exc

    def body(self, serializer_class) -> dict:
        body = serializer_class(data=self.request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        return dict(body.validated_data)

    def answer(self, obj):
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data)


class TracingRequestViewSet(
    TracingViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ScopedCreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Tracing requests: file one (with consent to trace, or record it later), change it, match it
    again, close it. Proposals are under `matches`."""

    queryset_model = TracingRequest
    serializer_class = s.TracingRequestSerializer
    filterset_class = TracingRequestApiFilter
    related = ("country", "site", "matched_country")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        country = data.pop("country")
        serializer.instance = self.call(requests.file_request, country=country, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version")
        serializer.instance = self.call(
            requests.update_request, serializer.instance, expected_version=version, **data
        )

    @extend_schema(request=s.TracingConsentSerializer, responses=s.TracingRequestSerializer)
    @action(detail=True, methods=["post"])
    def consent(self, request, uuid=None):
        """Record the consent to trace; matching starts."""
        obj = self.get_object()
        data = self.body(s.TracingConsentSerializer)
        obj = self.call(
            requests.record_consent, obj, expected_version=data["version"], given_by=data["given_by"]
        )
        return self.answer(obj)

    @extend_schema(request=None, responses=s.MatchProposalSerializer(many=True))
    @action(detail=True, methods=["post"])
    def match(self, request, uuid=None):
        """Match the request now; answers the new proposals."""
        obj = self.get_object()
        found = self.call(requests.run_matching, obj)
        context = self.get_serializer_context()
        return Response(s.MatchProposalSerializer(found, many=True, context=context).data)

    @extend_schema(request=s.TracingCloseSerializer, responses=s.TracingRequestSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, uuid=None):
        """Close the request, with the reason."""
        obj = self.get_object()
        data = self.body(s.TracingCloseSerializer)
        obj = self.call(requests.close_request, obj, expected_version=data["version"], reason=data["reason"])
        return self.answer(obj)


class MatchProposalViewSet(
    TracingViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Possible matches, seen from both countries; the child's side only where the child is
    registered. A tracing officer of that country confirms, rejects (with a reason; the pair is
    never proposed again) and shares chosen details with the requesting country."""

    queryset_model = MatchProposal
    serializer_class = s.MatchProposalSerializer
    filterset_class = MatchProposalFilter
    related = ("request", "child__site", "request_country", "child_country")
    ordering = ("-probability", "-pk")

    def scope_action(self) -> str:
        # Every step is the child's country's reviewer's, checked by the service (403 otherwise).
        return "view"

    def optimise_queryset(self, qs):
        return super().optimise_queryset(qs).prefetch_related("shares")

    def retrieve(self, request, *args, **kwargs):
        proposal = self.get_object()
        record_read(proposal, actor=request.user)
        if review.sees_child(request.user, proposal):
            record_read(proposal.child, actor=request.user)
        return Response(self.get_serializer(proposal).data)

    @extend_schema(request=s.MatchDecisionSerializer, responses=s.MatchProposalSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, uuid=None):
        """This is the child: the request moves to "match confirmed"."""
        obj = self.get_object()
        data = self.body(s.MatchDecisionSerializer)
        return self.answer(
            self.call(review.confirm_proposal, obj, expected_version=data["version"], reason=data["reason"])
        )

    @extend_schema(request=s.MatchDecisionSerializer, responses=s.MatchProposalSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, uuid=None):
        """Not the child, with the reason; the pair is never proposed again."""
        obj = self.get_object()
        data = self.body(s.MatchDecisionSerializer)
        return self.answer(
            self.call(review.reject_proposal, obj, expected_version=data["version"], reason=data["reason"])
        )

    @extend_schema(request=s.MatchShareSerializer, responses=s.MatchProposalSerializer)
    @action(detail=True, methods=["post"])
    def share(self, request, uuid=None):
        """Share chosen details of the child with the requesting country, saying who consented."""
        obj = self.get_object()
        data = self.body(s.MatchShareSerializer)
        self.call(review.share_details, obj, **data)
        return self.answer(obj)


class RequestPartViewSet(
    TracingViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    related = ("request",)


class VerificationViewSet(ScopedCreateModelMixin, RequestPartViewSet):
    """Verifications of a confirmed match (interviews, documents, outcome)."""

    queryset_model = Verification
    serializer_class = s.VerificationSerializer
    filterset_class = request_part_filter(Verification)
    related = ("request", "verified_by")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = self.call(reunification.record_verification, data.pop("request"), **data)


class DeterminationViewSet(ScopedCreateModelMixin, mixins.UpdateModelMixin, RequestPartViewSet):
    """Best-interests determinations: submitted by one person, approved or returned by another."""

    queryset_model = BestInterestsDetermination
    serializer_class = s.DeterminationSerializer
    filterset_class = request_part_filter(BestInterestsDetermination)
    related = ("request", "submitted_by", "decided_by")

    def scope_action(self) -> str:
        if self.action in ("approve", "return_for_changes"):
            return "view"
        return super().scope_action()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        serializer.instance = self.call(reunification.submit_determination, data.pop("request"), **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version")
        serializer.instance = self.call(
            reunification.update_determination, serializer.instance, expected_version=version, **data
        )

    @extend_schema(request=s.DeterminationDecisionSerializer, responses=s.DeterminationSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, uuid=None):
        """Approve (someone other than the submitter). "Not in the child's best interest" ends the
        request with a referral to alternative care."""
        obj = self.get_object()
        data = self.body(s.DeterminationDecisionSerializer)
        return self.answer(
            self.call(
                reunification.approve_determination,
                obj,
                expected_version=data["version"],
                comment=data["comment"],
            )
        )

    @extend_schema(request=s.DeterminationDecisionSerializer, responses=s.DeterminationSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_for_changes(self, request, uuid=None):
        """Return for changes, with a comment saying what must change."""
        obj = self.get_object()
        data = self.body(s.DeterminationDecisionSerializer)
        return self.answer(
            self.call(
                reunification.return_determination,
                obj,
                expected_version=data["version"],
                comment=data["comment"],
            )
        )


class ReunificationViewSet(ScopedCreateModelMixin, RequestPartViewSet):
    """Reunifications; recording one schedules the monitoring visits."""

    queryset_model = Reunification
    serializer_class = s.ReunificationSerializer
    filterset_class = request_part_filter(Reunification)
    ordering = ("-reunified_on", "-pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = self.call(reunification.record_reunification, data.pop("request"), **data)


class MonitoringVisitViewSet(mixins.UpdateModelMixin, RequestPartViewSet):
    """Monitoring visits after return, as scheduled; PUT or PATCH records what a visit found."""

    queryset_model = MonitoringVisit
    serializer_class = s.MonitoringVisitSerializer
    filterset_class = request_part_filter(MonitoringVisit)
    related = ("request", "visited_by")
    ordering = ("due_on", "pk")

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        instance = serializer.instance
        serializer.instance = self.call(
            reunification.record_visit,
            instance,
            expected_version=data.pop("version"),
            visited_on=data.get("visited_on", instance.visited_on),
            outcome=data.get("outcome", instance.outcome),
            notes=data.get("notes", instance.notes),
        )


class BatchRunViewSet(
    TracingViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Batch runs: create one to index a country's children and match every open request again."""

    queryset_model = BatchRun
    serializer_class = s.BatchRunSerializer
    related = ("country",)

    def create(self, request, *args, **kwargs):
        if not has_perm_anywhere(request.user, "tracing.change"):
            raise Http404
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = self.call(batch.start_batch_run, country=serializer.validated_data["country"])


class TracingSettingsViewSet(viewsets.ViewSet):
    """Each country's match threshold, duplicate warning and monitoring schedule (by ISO code)."""

    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}"
    serializer_class = s.TracingSettingsSerializer

    def _countries(self):
        return Country.objects.offered_to(self.request.user, config.CONFIGURE_PERMISSION)

    def _country(self, code):
        country = get_object_or_404(Country, code=str(code).upper())
        if not has_perm_in_country(self.request.user, config.CONFIGURE_PERMISSION, country.pk):
            raise Http404
        return country

    def list(self, request):
        rows = [config.settings_for(country.pk) for country in self._countries().order_by("code")]
        return Response(s.TracingSettingsSerializer(rows, many=True).data)

    def retrieve(self, request, code=None):
        return Response(s.TracingSettingsSerializer(config.settings_for(self._country(code).pk)).data)

    def update(self, request, code=None):
        country = self._country(code)
        body = s.TracingSettingsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            row = config.set_tracing_settings(country, acting_user=request.user, **body.validated_data)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return Response(s.TracingSettingsSerializer(row).data)
