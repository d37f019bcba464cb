"""Base views: every page gets its queryset from `for_user`, so out-of-scope records answer 404.

Besides the scoped list and detail views: `AuditedSearchListView` (a filtered list that records one
SEARCH event per view) and `ServiceFormView` / `ServiceObjectFormView` (forms whose valid data goes
to a service), shared by the apps' pages.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView
from django.views.generic.detail import SingleObjectMixin

from trygg.audit.services import record_search

from .scoping import has_perm_anywhere
from .services import ConflictError, OutOfScope


def healthz(request):
    """Liveness probe: 200 and nothing else, no login, no database detail."""
    return HttpResponse("ok", content_type="text/plain")


class ScopedViewMixin(LoginRequiredMixin):
    """Restricts the queryset to the user's scope for `action`; a missing permission is a 404."""

    model = None
    action = "view"
    # A permission the user must hold somewhere to open the page at all (e.g. "person.add").
    required_permission: str | None = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # A Django mixin placed before this one in the bases would bring back an unscoped
        # get_queryset. Refuse such a class when it is defined, not when a leak is found.
        owner = next(klass for klass in cls.__mro__ if "get_queryset" in vars(klass))
        if not issubclass(owner, ScopedViewMixin):
            raise ImproperlyConfigured(
                f"{cls.__qualname__}: put ScopedViewMixin before {owner.__qualname__} in the bases, "
                "so that its queryset comes from for_user()."
            )

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.required_permission and not has_perm_anywhere(request.user, self.required_permission):
            raise Http404(_("Not found."))
        try:
            return super().dispatch(request, *args, **kwargs)
        except OutOfScope as exc:
            raise Http404(_("Not found.")) from exc

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user, self.action)


class ScopedDetailView(ScopedViewMixin, DetailView):
    slug_field = "uuid"
    slug_url_kwarg = "uuid"


class ScopedListView(ScopedViewMixin, ListView):
    paginate_by = 50


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
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
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


class ConflictMessageMixin:
    """Turns a version conflict into a form error the user can act on, never a silent overwrite."""

    def handle_conflict(self, form, exc: ConflictError):
        form.add_error(None, str(exc))
        messages.error(self.request, str(exc))
        return self.render_to_response(self.get_context_data(form=form), status=409)


class HomeView(LoginRequiredMixin, View):
    template_name = "core/home.html"

    def get(self, request):
        from .home import counts_for

        return render(request, self.template_name, {"counts": counts_for(request.user)})
