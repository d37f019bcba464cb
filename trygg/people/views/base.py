"""Building blocks shared by the people pages: audited search lists and forms that call services."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django.views.generic.detail import SingleObjectMixin

from trygg.audit.services import record_search
from trygg.core.services import ConflictError
from trygg.core.views import ScopedListView, ScopedViewMixin


class AuditedSearchListView(ScopedListView):
    """A list page with a filter form, htmx live results, and one SEARCH audit event per view.

    The event stores the UUIDs of the rows shown on the page, never the words searched for.
    """

    filterset_class = None
    partial_template_name: str = ""

    def get_queryset(self):
        base = self.listing(super().get_queryset())
        self.filterset = self.filterset_class(self.request.GET, queryset=base, request=self.request)
        if not self.filterset.is_valid():
            return base.none()
        return self.filterset.qs

    def listing(self, qs):
        return qs

    def is_partial(self) -> bool:
        """An htmx request for the results only (a history restore needs the whole page)."""
        htmx = getattr(self.request, "htmx", None)
        return bool(htmx and not htmx.history_restore_request and self.partial_template_name)

    def get_template_names(self):
        if self.is_partial():
            return [self.partial_template_name]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["partial"] = self.is_partial()
        context["query_string"] = self._query_without_page()
        record_search(
            self.model,
            actor=self.request.user,
            query_present=bool((self.request.GET.get("q") or "").strip()),
            result_uuids=[row.uuid for row in context["object_list"]],
        )
        return context

    def _query_without_page(self) -> str:
        params = self.request.GET.copy()
        params.pop("page", None)
        return params.urlencode()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # The same URL answers a whole page or just the results (htmx): caches must tell them apart.
        patch_vary_headers(response, ["HX-Request"])
        return response


def add_service_errors(form, exc: ValidationError) -> None:
    """Put a service's validation errors on the matching form fields (or on the form)."""
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


class ServiceFormMixin:
    """A form whose valid data goes to a service; conflicts answer 409 with a clear message.

    Subclasses implement `perform(form)` (call the service, return the redirect URL).
    """

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def form_valid(self, form):
        try:
            url = self.perform(form)
        except ConflictError as exc:
            return self.conflict(form, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        return redirect(url)

    def conflict(self, form, exc: ConflictError):
        """Nothing was saved: say what happened and what to do, keep what the user typed."""
        form.add_error(None, str(exc))
        context = self.get_context_data(form=form, conflict=True)
        return self.render_to_response(context, status=409)

    def form_invalid(self, form):
        # 400 tells a script (and the tests) that nothing was saved; browsers show the page as usual.
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def perform(self, form) -> str:
        raise NotImplementedError


class ServiceFormView(ScopedViewMixin, ServiceFormMixin, FormView):
    """A service form not tied to an existing record (registering one)."""


class ServiceObjectFormView(ScopedViewMixin, SingleObjectMixin, ServiceFormMixin, FormView):
    """A service form about one record, found by UUID in the user's scope for `action`.

    ScopedViewMixin comes first so that its `get_queryset` (from `for_user`) is the one used.
    """

    slug_field = "uuid"
    slug_url_kwarg = "uuid"
    context_object_name = "object"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.on_show(self.object)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def on_show(self, obj) -> None:
        """Called when the page is shown (GET): pages that show a person record the read."""


OUT_OF_SCOPE_SITE = _("You cannot keep or put this record at that site: it would be outside your scope.")
