"""Pages of the geo administration."""

from .admin import AdminIndexView, CountryListView, CountryOperatingView
from .locations import (
    LocationCreateView,
    LocationEditView,
    LocationImportDetailView,
    LocationImportView,
    LocationListView,
)
from .places import (
    ProgrammeCreateView,
    ProgrammeDeleteView,
    ProgrammeDetailView,
    ProgrammeEditView,
    ProgrammeListView,
    SiteCreateView,
    SiteDeleteView,
    SiteDetailView,
    SiteEditView,
    SiteListView,
)

__all__ = [
    "AdminIndexView",
    "CountryListView",
    "CountryOperatingView",
    "LocationCreateView",
    "LocationEditView",
    "LocationImportDetailView",
    "LocationImportView",
    "LocationListView",
    "ProgrammeCreateView",
    "ProgrammeDeleteView",
    "ProgrammeDetailView",
    "ProgrammeEditView",
    "ProgrammeListView",
    "SiteCreateView",
    "SiteDeleteView",
    "SiteDetailView",
    "SiteEditView",
    "SiteListView",
]
