"""Base views: every page gets its queryset from `for_user`, so out-of-scope records answer 404."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

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
