from django.urls import path, re_path

from . import views

app_name = "geo"

urlpatterns = [
    path("", views.AdminIndexView.as_view(), name="admin_index"),
    path("countries/", views.CountryListView.as_view(), name="country_list"),
    path("countries/<str:code>/operating/", views.CountryOperatingView.as_view(), name="country_operating"),
    path("locations/", views.LocationListView.as_view(), name="location_list"),
    re_path(r"^(?P<country>[A-Za-z]{2})/locations/$", views.LocationListView.as_view(), name="location_list"),
    re_path(
        r"^(?P<country>[A-Za-z]{2})/locations/new/$",
        views.LocationCreateView.as_view(),
        name="location_create",
    ),
    path("locations/<uuid:uuid>/edit/", views.LocationEditView.as_view(), name="location_edit"),
    path("locations/import/", views.LocationImportView.as_view(), name="location_import"),
    path(
        "locations/imports/<uuid:uuid>/",
        views.LocationImportDetailView.as_view(),
        name="location_import_detail",
    ),
    path("programmes/", views.ProgrammeListView.as_view(), name="programme_list"),
    path("programmes/new/", views.ProgrammeCreateView.as_view(), name="programme_create"),
    path("programmes/<uuid:uuid>/", views.ProgrammeDetailView.as_view(), name="programme_detail"),
    path("programmes/<uuid:uuid>/edit/", views.ProgrammeEditView.as_view(), name="programme_edit"),
    path("programmes/<uuid:uuid>/delete/", views.ProgrammeDeleteView.as_view(), name="programme_delete"),
    path("sites/", views.SiteListView.as_view(), name="site_list"),
    path("sites/new/", views.SiteCreateView.as_view(), name="site_create"),
    path("sites/<uuid:uuid>/", views.SiteDetailView.as_view(), name="site_detail"),
    path("sites/<uuid:uuid>/edit/", views.SiteEditView.as_view(), name="site_edit"),
    path("sites/<uuid:uuid>/delete/", views.SiteDeleteView.as_view(), name="site_delete"),
]
