"""Browsing a country's location hierarchy, editing it, and importing it from CSV."""

import uuid

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.core.scoping import has_perm_in_country
from trygg.core.views import ScopedDetailView, ScopedListView

from ..filters import LocationFilter
from ..forms import LocationEditForm, LocationForm, LocationImportForm, country_choices
from ..models import Country, Location, LocationImport
from ..services import create_location, start_location_import, update_location
from .base import ObjectServiceFormView, ServiceFormView


def location_list_url(country: Country, parent: Location | None = None) -> str:
    url = reverse("geo:location_list", kwargs={"country": country.code})
    return f"{url}?{urlencode({'parent': parent.uuid})}" if parent is not None else url


def _country_or_404(user, code: str, permission: str) -> Country:
    country = Country.objects.where_user_may(user, permission).filter(code=(code or "").upper()).first()
    if country is None:
        raise Http404(_("Not found."))
    return country


def _ancestors(location: Location | None) -> list[Location]:
    chain = []
    while location is not None:
        chain.append(location)
        location = location.parent
    return list(reversed(chain))


class LocationListView(ScopedListView):
    """One level of a country's hierarchy (the regions, or the children of one place), or a search."""

    model = Location
    template_name = "geo/location_list.html"
    paginate_by = 100
    required_permission = "location.view"

    def get(self, request, *args, **kwargs):
        code = kwargs.get("country") or request.GET.get("country")
        if not code:
            return self.choose_country(request)
        self.country = _country_or_404(request.user, code, "location.view")
        return super().get(request, *args, **kwargs)

    def choose_country(self, request):
        countries = list(country_choices(request.user, "location.view"))
        if len(countries) == 1:
            return redirect(location_list_url(countries[0]))
        return render(request, "geo/location_countries.html", {"countries": countries})

    @cached_property
    def parent(self) -> Location | None:
        value = self.request.GET.get("parent")
        if not value:
            return None
        try:
            key = uuid.UUID(value)
        except ValueError as exc:
            raise Http404(_("Not found.")) from exc
        parent = (
            Location.objects.for_user(self.request.user, "view")
            .filter(country=self.country, uuid=key)
            .select_related("parent__parent__parent")
            .first()
        )
        if parent is None:
            raise Http404(_("Not found."))
        return parent

    def get_queryset(self):
        queryset = super().get_queryset().filter(country=self.country)
        data = self.request.GET.copy()
        data.pop("country", None)
        data.pop("page", None)
        self.filterset = LocationFilter(data or None, queryset=queryset, request=self.request)
        queryset = self.filterset.qs
        self.searching = bool((data.get("q") or "").strip() or data.get("level"))
        if self.parent is None and not self.searching:
            queryset = queryset.filter(parent__isnull=True)
        return (
            queryset.select_related("parent")
            .annotate(child_count=Count("children", filter=Q(children__is_deleted=False)))
            .order_by("level", "name")
        )

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            return ["geo/includes/location_results.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        user = self.request.user
        can_add = has_perm_in_country(user, "location.add", self.country.pk)
        imports = []
        if can_add:
            imports = list(
                LocationImport.objects.for_user(user, "add")
                .filter(country=self.country)
                .select_related("created_by")[:5]
            )
        return super().get_context_data(
            country=self.country,
            parent=self.parent,
            ancestors=_ancestors(self.parent),
            searching=self.searching,
            filter_form=self.filterset.form,
            can_add=can_add,
            can_change=has_perm_in_country(user, "location.change", self.country.pk),
            imports=imports,
            **kwargs,
        )


class LocationCreateView(ServiceFormView):
    model = Location
    form_class = LocationForm
    required_permission = "location.add"
    page_title = gettext_lazy("Add a location")
    success_message = gettext_lazy("The location was added.")

    @cached_property
    def country(self) -> Country:
        return _country_or_404(self.request.user, self.kwargs["country"], "location.add")

    def get_initial(self):
        value = self.request.GET.get("parent")
        try:
            key = uuid.UUID(value) if value else None
        except ValueError:
            key = None
        if key is None:
            return {}
        parent = Location.objects.for_user(self.request.user, "view").filter(country=self.country, uuid=key)
        return {"parent": parent.values_list("code", flat=True).first() or ""}

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"country": self.country}

    def perform(self, form):
        return create_location(country=self.country, acting_user=self.request.user, **form.service_data())

    def get_success_url_for(self, location):
        return location_list_url(self.country, location.parent)

    def get_cancel_url(self):
        return location_list_url(self.country)

    def get_context_data(self, **kwargs):
        return super().get_context_data(country=self.country, **kwargs)


class LocationEditView(ObjectServiceFormView):
    model = Location
    form_class = LocationEditForm
    related = ("country", "parent")
    page_title = gettext_lazy("Change a location")
    success_message = gettext_lazy("The location was saved.")

    def get_initial(self):
        loc = self.object
        return {
            "parent": loc.parent.code if loc.parent else "",
            "code": loc.code,
            "name": loc.name,
            "version": loc.version,
        }

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"country": self.object.country}

    def perform(self, form):
        return update_location(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )

    def get_success_url_for(self, location):
        return location_list_url(location.country, location.parent)

    def get_cancel_url(self):
        return location_list_url(self.object.country, self.object.parent)


class LocationImportView(ServiceFormView):
    """Upload a CSV of locations; the import runs as a background task."""

    model = LocationImport
    action = "add"
    form_class = LocationImportForm
    template_name = "geo/location_import.html"
    required_permission = "location.add"

    def get_initial(self):
        return {"country": (self.request.GET.get("country") or "").upper() or None}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        countries = form.fields["country"].queryset
        if not form.is_bound and len(countries) == 1:
            form.initial["country"] = countries[0].code
        return form

    def perform(self, form):
        upload = form.cleaned_data["file"]
        return start_location_import(
            country=form.cleaned_data["country"],
            content=form.content,
            file_name=upload.name,
            acting_user=self.request.user,
        )

    def get_success_url_for(self, location_import):
        return reverse("geo:location_import_detail", kwargs={"uuid": location_import.uuid})

    def get_context_data(self, **kwargs):
        imports = self.get_queryset().select_related("country", "created_by")[:10]
        return super().get_context_data(imports=imports, **kwargs)


class LocationImportDetailView(ScopedDetailView):
    """What an import did, or is doing: htmx polls the status part until it has finished."""

    model = LocationImport
    action = "add"
    template_name = "geo/location_import_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("country", "created_by")

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            return ["geo/includes/import_status.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(list_url=location_list_url(self.object.country), **kwargs)
