"""The administration home page and the list of countries."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from trygg.core.scoping import has_perm_anywhere
from trygg.core.text import normalise
from trygg.core.views import ScopedViewMixin

from ..forms import CountryOperatingForm, CountrySearchForm, country_choices
from ..models import Country
from ..services import set_country_operating

# Opening the administration at all needs one of these somewhere.
ADMIN_PERMISSIONS = ("country.change", "location.change", "programme.change", "site.change", "user.change")


def _reverse_or_none(name: str) -> str | None:
    # Some administration pages belong to other apps and may not exist in every build.
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


class AdminIndexView(LoginRequiredMixin, TemplateView):
    """Links to what the user may administer, and nothing else."""

    template_name = "geo/admin_index.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not any(
            has_perm_anywhere(request.user, perm) for perm in ADMIN_PERMISSIONS
        ):
            raise Http404(_("Not found."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        links = []
        if has_perm_anywhere(user, "country.change"):
            links.append(
                {
                    "url": reverse("geo:country_list"),
                    "label": _("Countries"),
                    "description": _("Mark the countries where the organisation works."),
                }
            )
        if has_perm_anywhere(user, "programme.change"):
            links.append(
                {
                    "url": reverse("geo:programme_list"),
                    "label": _("Programmes"),
                    "description": _("Family strengthening, alternative care and other programmes."),
                }
            )
        if has_perm_anywhere(user, "site.change"):
            links.append(
                {
                    "url": reverse("geo:site_list"),
                    "label": _("Sites"),
                    "description": _("SOS Children's Villages, offices and other places where we work."),
                }
            )
        users_url = _reverse_or_none("accounts:user_list")
        if users_url and has_perm_anywhere(user, "user.view"):
            links.append(
                {
                    "url": users_url,
                    "label": _("Users"),
                    "description": _("Accounts, roles and memberships."),
                }
            )
        deadlines_url = _reverse_or_none("cases:deadlines_index")
        if deadlines_url and has_perm_anywhere(user, "caseconfig.change"):
            links.append(
                {
                    "url": deadlines_url,
                    "label": _("Case response deadlines"),
                    "description": _(
                        "How soon a case needs a first action and an assessment at each risk level, "
                        "per country."
                    ),
                }
            )
        location_countries = []
        if has_perm_anywhere(user, "location.change"):
            location_countries = list(country_choices(user, "location.change"))
        return super().get_context_data(
            links=links,
            location_countries=location_countries,
            can_import=has_perm_anywhere(user, "location.add"),
            **kwargs,
        )


class CountryListView(ScopedViewMixin, TemplateView):
    """Every ISO 3166-1 country, searchable by its name in the reader's language."""

    model = Country
    template_name = "geo/country_list.html"
    paginate_by = 50

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            return ["geo/includes/country_results.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        form = CountrySearchForm(self.request.GET or None)
        query, operating = "", ""
        if form.is_valid():
            query = normalise(form.cleaned_data["q"])
            operating = form.cleaned_data["operating"]
        countries = self.get_queryset()
        if operating:
            countries = countries.filter(is_operating=operating == "yes")
        # The translated names live in pycountry's catalogues, not in the database: 249 rows are
        # filtered and sorted here, in one query.
        rows = [(normalise(str(country)), country) for country in countries]
        if query:
            rows = [
                row
                for row in rows
                if query in row[0] or query in normalise(row[1].name) or query == row[1].code.lower()
            ]
        rows.sort(key=lambda row: row[0])
        page = Paginator([country for _key, country in rows], self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        return super().get_context_data(
            form=form,
            page_obj=page,
            countries=page.object_list,
            can_change=has_perm_anywhere(self.request.user, "country.change"),
            **kwargs,
        )


class CountryOperatingView(ScopedViewMixin, View):
    """Switch "the organisation works here" on or off (system administrators only)."""

    model = Country
    action = "change"
    http_method_names = ["post"]

    def post(self, request, code):
        country = get_object_or_404(self.get_queryset(), code=code.upper())
        form = CountryOperatingForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest(_("Say whether the organisation works in this country."))
        set_country_operating(country, operating=form.cleaned_data["operating"], acting_user=request.user)
        if getattr(request, "htmx", False):
            return render(request, "geo/includes/country_row.html", {"country": country, "can_change": True})
        if country.is_operating:
            messages.success(request, _("The organisation now works in %(country)s.") % {"country": country})
        else:
            messages.success(
                request, _("The organisation no longer works in %(country)s.") % {"country": country}
            )
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("geo:country_list")
        return redirect(target)
