"""Pages of trafficking identification (case pages) and of the indicator lists (administrator)."""

from django.urls import path

from .views import identification as views
from .views import identification_admin as admin_views

urlpatterns = [
    path("<uuid:uuid>/trafficking/", views.TraffickingOverviewView.as_view(), name="trafficking_overview"),
    path("<uuid:uuid>/screenings/new/", views.ScreeningCreateView.as_view(), name="screening_create"),
    path("screenings/<uuid:uuid>/", views.ScreeningDetailView.as_view(), name="screening_detail"),
    path("screenings/<uuid:uuid>/edit/", views.ScreeningEditView.as_view(), name="screening_edit"),
    path(
        "<uuid:uuid>/trafficking/profile/",
        views.TraffickingProfileEditView.as_view(),
        name="trafficking_profile_edit",
    ),
    path(
        "<uuid:uuid>/trafficking/route/new/",
        views.TraffickingEventAddView.as_view(),
        name="trafficking_event_add",
    ),
    path(
        "route-events/<uuid:uuid>/edit/",
        views.TraffickingEventEditView.as_view(),
        name="trafficking_event_edit",
    ),
    path(
        "route-events/<uuid:uuid>/remove/",
        views.TraffickingEventRemoveView.as_view(),
        name="trafficking_event_remove",
    ),
    path("indicators/", admin_views.IndicatorListIndexView.as_view(), name="indicator_list_index"),
    path("indicators/new/", admin_views.IndicatorListCreateView.as_view(), name="indicator_list_create"),
    path(
        "indicators/<uuid:uuid>/", admin_views.IndicatorListDetailView.as_view(), name="indicator_list_detail"
    ),
    path(
        "indicators/<uuid:uuid>/edit/",
        admin_views.IndicatorListEditView.as_view(),
        name="indicator_list_edit",
    ),
    path("indicators/<uuid:uuid>/add/", admin_views.IndicatorAddView.as_view(), name="indicator_add"),
    path(
        "indicators/items/<uuid:uuid>/edit/", admin_views.IndicatorEditView.as_view(), name="indicator_edit"
    ),
    path("screening-rules/", admin_views.ScreeningRuleIndexView.as_view(), name="screening_rule_index"),
    path("screening-rules/new/", admin_views.ScreeningRuleCreateView.as_view(), name="screening_rule_create"),
    path(
        "screening-rules/<uuid:uuid>/edit/",
        admin_views.ScreeningRuleEditView.as_view(),
        name="screening_rule_edit",
    ),
]
