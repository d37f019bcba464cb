"""What the care pages share: links to records, and a form page about one record.

Every page finds its record through `for_user` (ScopedViewMixin): outside the user's scope it is a
404. Writes call the care services; a stale version answers 409 with the form kept.
"""

from django.contrib import messages
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.core.scoping import grants_for, has_perm_anywhere
from trygg.core.views import ServiceObjectFormView

from ..services.config import holds_on

CARE_READ_PERMISSIONS = (
    "carehome.view",
    "carehome.view_own_home",
    "placement.view",
    "placement.view_own_home",
)


def may_see_care(user) -> bool:
    return any(has_perm_anywhere(user, permission) for permission in CARE_READ_PERMISSIONS)


def holds_in_country(user, permission: str, country_id) -> bool:
    """A grant for this permission anywhere in the country (its whole, or one of its villages)."""
    return any(g.is_global or g.country_id == country_id for g in grants_for(user, permission))


def home_url(home) -> str:
    return reverse("care:home_detail", kwargs={"uuid": home.uuid})


def request_url(request) -> str:
    return reverse("care:request_detail", kwargs={"uuid": request.uuid})


def placement_url(placement) -> str:
    return reverse("care:placement_detail", kwargs={"uuid": placement.uuid})


def incident_url(incident) -> str:
    return reverse("care:incident_detail", kwargs={"uuid": incident.uuid})


class CareFormView(ServiceObjectFormView):
    """A form about one care record, found in the user's scope for `action`; back to the record
    (or the record it belongs to) after."""

    template_name = "care/form.html"
    title = ""
    intro = ""
    submit_label = gettext_lazy("Save")
    # Whether the form edits the record itself (carries its version) or adds something to it.
    pass_instance = True
    related = ()
    # The full permission (not its own-home form) the user must hold where the record lives;
    # without it the form is not found, as for a record out of scope.
    wide_permission: str | None = None

    def get_queryset(self):
        qs = super().get_queryset()
        return qs.select_related(*self.related) if self.related else qs

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if self.wide_permission and not holds_on(self.request.user, self.wide_permission, obj):
            raise Http404(_("Not found."))
        return obj

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.pass_instance:
            kwargs["instance"] = self.object
        return kwargs

    def back_url(self) -> str:
        raise NotImplementedError

    def get_title(self) -> str:
        return self.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "title": self.get_title(),
                "intro": self.intro,
                "submit_label": self.submit_label,
                "back_url": self.back_url(),
                "current_url": self.back_url(),
            }
        )
        return context

    def done(self, message: str, url: str | None = None) -> str:
        messages.success(self.request, message)
        return url or self.back_url()


class AnyCarePermissionMixin:
    """Opens the page only to users holding one of `required_any` somewhere (404 otherwise, as for
    a record out of scope). Put before the scoped view in the bases."""

    required_any: tuple[str, ...] = CARE_READ_PERMISSIONS

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not any(has_perm_anywhere(user, p) for p in self.required_any):
            raise Http404(_("Not found."))
        return super().dispatch(request, *args, **kwargs)
