"""Programmes and sites: lists, pages, and create / edit / delete forms for administrators."""

from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from trygg.core.scoping import has_perm_anywhere, has_perm_in_country
from trygg.core.views import ScopedDetailView

from ..filters import ProgrammeFilter, SiteFilter
from ..forms import DeleteForm, ProgrammeEditForm, ProgrammeForm, SiteEditForm, SiteForm
from ..models import Programme, Site
from ..services import (
    create_programme,
    create_site,
    delete_programme,
    delete_site,
    update_programme,
    update_site,
)
from .base import FilteredListView, ObjectServiceFormView, ServiceFormView


class ProgrammeListView(FilteredListView):
    model = Programme
    filterset_class = ProgrammeFilter
    related = ("country",)
    template_name = "geo/programme_list.html"
    partial_template_name = "geo/includes/programme_results.html"

    def get_queryset(self):
        return super().get_queryset().order_by("country__name", "name")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_add=has_perm_anywhere(self.request.user, "programme.add"), **kwargs
        )


class ProgrammeDetailView(ScopedDetailView):
    model = Programme
    template_name = "geo/programme_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("country")

    def get_context_data(self, **kwargs):
        user, programme = self.request.user, self.object
        sites = Site.objects.for_user(user, "view").filter(programme=programme).select_related("location")
        return super().get_context_data(
            sites=sites,
            can_change=has_perm_in_country(user, "programme.change", programme.country_id),
            can_delete=has_perm_in_country(user, "programme.delete", programme.country_id),
            **kwargs,
        )


class ProgrammeCreateView(ServiceFormView):
    model = Programme
    form_class = ProgrammeForm
    required_permission = "programme.add"
    page_title = _("Add a programme")
    success_message = _("The programme was added.")
    cancel_url = reverse_lazy("geo:programme_list")

    def perform(self, form):
        return create_programme(acting_user=self.request.user, **form.cleaned_data)

    def get_success_url_for(self, programme):
        return reverse("geo:programme_detail", kwargs={"uuid": programme.uuid})


class ProgrammeEditView(ObjectServiceFormView):
    model = Programme
    form_class = ProgrammeEditForm
    related = ("country",)
    page_title = _("Change a programme")
    success_message = _("The programme was saved.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.object}

    def perform(self, form):
        data = dict(form.cleaned_data)
        version = data.pop("version")
        return update_programme(self.object, acting_user=self.request.user, expected_version=version, **data)

    def get_success_url_for(self, programme):
        return reverse("geo:programme_detail", kwargs={"uuid": programme.uuid})

    def get_cancel_url(self):
        return self.get_success_url_for(self.object)


class ProgrammeDeleteView(ObjectServiceFormView):
    model = Programme
    action = "delete"
    form_class = DeleteForm
    template_name = "geo/confirm_delete.html"
    related = ("country",)
    page_title = _("Delete a programme")
    submit_label = _("Delete the programme")
    success_message = _("The programme was deleted.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        return kwargs

    def get_initial(self):
        return {"version": self.object.version}

    def perform(self, form):
        delete_programme(
            self.object, acting_user=self.request.user, expected_version=form.cleaned_data["version"]
        )

    def get_success_url_for(self, result):
        return reverse("geo:programme_list")

    def get_cancel_url(self):
        return reverse("geo:programme_detail", kwargs={"uuid": self.object.uuid})


class SiteListView(FilteredListView):
    model = Site
    filterset_class = SiteFilter
    related = ("country", "programme", "location")
    template_name = "geo/site_list.html"
    partial_template_name = "geo/includes/site_results.html"

    def get_queryset(self):
        return super().get_queryset().order_by("country__name", "name")

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_add=has_perm_anywhere(self.request.user, "site.add"), **kwargs)


class SiteDetailView(ScopedDetailView):
    model = Site
    template_name = "geo/site_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("country", "programme", "location")

    def get_context_data(self, **kwargs):
        user, site = self.request.user, self.object
        return super().get_context_data(
            can_change=has_perm_in_country(user, "site.change", site.country_id, site_id=site.pk),
            can_delete=has_perm_in_country(user, "site.delete", site.country_id, site_id=site.pk),
            **kwargs,
        )


class SiteCreateView(ServiceFormView):
    model = Site
    form_class = SiteForm
    required_permission = "site.add"
    page_title = _("Add a site")
    success_message = _("The site was added.")
    cancel_url = reverse_lazy("geo:site_list")

    def perform(self, form):
        return create_site(
            country=form.cleaned_data["country"], acting_user=self.request.user, **form.service_data()
        )

    def get_success_url_for(self, site):
        return reverse("geo:site_detail", kwargs={"uuid": site.uuid})


class SiteEditView(ObjectServiceFormView):
    model = Site
    form_class = SiteEditForm
    related = ("country", "programme", "location")
    page_title = _("Change a site")
    success_message = _("The site was saved.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.object}

    def perform(self, form):
        return update_site(
            self.object,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )

    def get_success_url_for(self, site):
        return reverse("geo:site_detail", kwargs={"uuid": site.uuid})

    def get_cancel_url(self):
        return self.get_success_url_for(self.object)


class SiteDeleteView(ObjectServiceFormView):
    model = Site
    action = "delete"
    form_class = DeleteForm
    template_name = "geo/confirm_delete.html"
    related = ("country",)
    page_title = _("Delete a site")
    submit_label = _("Delete the site")
    success_message = _("The site was deleted.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        return kwargs

    def get_initial(self):
        return {"version": self.object.version}

    def perform(self, form):
        delete_site(self.object, acting_user=self.request.user, expected_version=form.cleaned_data["version"])

    def get_success_url_for(self, result):
        return reverse("geo:site_list")

    def get_cancel_url(self):
        return reverse("geo:site_detail", kwargs={"uuid": self.object.uuid})
