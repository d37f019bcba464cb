"""URLs for the error-page tests: the real ones plus views that fail the way real code might."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from trygg.urls import urlpatterns as trygg_urlpatterns

# Data, not code: in real failures the name comes from the database, never from a source line.
CHILD = {"name": "Amélie Wanjiru", "born": "2012-03-04"}


def boom(request):
    # An error message carrying a name, as a careless exception might.
    message = "Could not match {name}, born {born}".format(**CHILD)
    raise ValueError(message)


def forbidden(request):
    reason = "{name}'s record is restricted".format(**CHILD)
    raise PermissionDenied(reason)


urlpatterns = [
    path("boom/", boom),
    path("forbidden/", forbidden),
    *trygg_urlpatterns,
]
