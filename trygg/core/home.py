"""Counts on the home page, each from the user's own scope."""

from django.utils.translation import gettext_lazy as _


def counts_for(user) -> list[dict]:
    from trygg.geo.models import Site
    from trygg.people.models import Household, Person

    rows = [
        ("persons", _("Persons"), Person, "person"),
        ("households", _("Households"), Household, "household"),
        ("sites", _("Sites"), Site, "site"),
    ]
    counts = []
    for key, label, model, _subject in rows:
        qs = model.objects.for_user(user, "view")
        counts.append({"key": key, "label": label, "value": qs.count()})
    return counts
