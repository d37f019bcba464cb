"""Shared pieces of the geo pages: service-backed forms and filtered, paginated lists."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView

from trygg.core.services import ConflictError
from trygg.core.views import ConflictMessageMixin, ScopedListView, ScopedViewMixin


def add_service_errors(form, exc: ValidationError) -> None:
    """Put a service's validation errors on the form fields they name (others on the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class ServiceFormView(ConflictMessageMixin, ScopedViewMixin, FormView):
    """A form whose valid submission calls a service; its errors and conflicts land on the form."""

    template_name = "geo/form.html"
    success_message = ""
    page_title = ""
    submit_label = ""
    cancel_url = None

    def perform(self, form):
        raise NotImplementedError

    def get_success_url_for(self, result) -> str:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            result = self.perform(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        except ConflictError as exc:
            return self.handle_conflict(form, exc)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect(self.get_success_url_for(result))

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=self.page_title,
            submit_label=self.submit_label or _("Save"),
            cancel_url=self.get_cancel_url(),
            **kwargs,
        )

    def get_cancel_url(self):
        return self.cancel_url


class ObjectServiceFormView(ServiceFormView):
    """A service form about one record, found in the user's scope for `action` (else 404)."""

    action = "change"
    related = ()

    @cached_property
    def object(self):
        queryset = self.get_queryset().select_related(*self.related)
        try:
            return queryset.get(uuid=self.kwargs["uuid"])
        except (queryset.model.DoesNotExist, ValidationError) as exc:
            raise Http404(_("Not found.")) from exc

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)


class FilteredListView(ScopedListView):
    """A scoped list narrowed by a FilterSet; htmx requests get only the results part."""

    filterset_class = None
    related = ()
    partial_template_name = None

    def get_queryset(self):
        queryset = super().get_queryset().select_related(*self.related)
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=queryset, request=self.request
        )
        return self.filterset.qs

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and self.partial_template_name:
            return [self.partial_template_name]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filterset.form, **kwargs)
