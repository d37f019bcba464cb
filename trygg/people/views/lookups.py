"""Small htmx fragments for forms: person suggestions (a datalist) and place options (a select)."""

from django.shortcuts import render
from django.views import View

from trygg.audit.services import record_search
from trygg.core.views import ScopedViewMixin
from trygg.geo.models import Country

from ..forms import PLACE_OPTIONS_LIMIT, place_label, places_for
from ..models import Person

SUGGESTIONS_LIMIT = 10
# The picker inputs are named after their form field; any of these carries the typed text.
_PICKER_PARAMS = ("q", "person", "relative")


class PersonSuggestionsView(ScopedViewMixin, View):
    """`<datalist>` options: persons the user can see whose name or reference matches."""

    model = Person
    required_permission = "person.view"

    def get(self, request):
        query = next((request.GET[name] for name in _PICKER_PARAMS if request.GET.get(name)), "").strip()
        persons = []
        if len(query) >= 2:
            persons = list(self.get_queryset().search(query).for_listing()[:SUGGESTIONS_LIMIT])
            record_search(
                Person, actor=request.user, query_present=True, result_uuids=[p.uuid for p in persons]
            )
        return render(request, "people/includes/person_suggestions.html", {"persons": persons})


class PlaceOptionsView(ScopedViewMixin, View):
    """`<option>`s of places in one country the user can see, filtered by name."""

    required_permission = "location.view"

    def get(self, request):
        code = (request.GET.get("country") or "").strip().upper()
        country = Country.objects.filter(code=code).first()
        places = []
        if country is not None:
            query = (request.GET.get("place_search") or "").strip()
            places = [
                (str(loc.uuid), place_label(loc))
                for loc in places_for(request.user, [country.pk], query)[:PLACE_OPTIONS_LIMIT]
            ]
        selected = request.GET.get("place_of_origin") or request.GET.get("location") or ""
        return render(request, "people/includes/place_options.html", {"places": places, "selected": selected})
