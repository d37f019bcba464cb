"""Care pages: placements at the root (where the "Care" link goes), then homes, requests,
restrictions, incidents, the tracing handover list and the settings. `<uuid>` names the record of
the part it follows."""

from django.urls import path

from .views import admin, homes, life, placements, requests

app_name = "care"

urlpatterns = [
    # Placements and life in care
    path("", placements.PlacementListView.as_view(), name="placement_list"),
    path("placements/<uuid:uuid>/", placements.PlacementDetailView.as_view(), name="placement_detail"),
    path("placements/<uuid:uuid>/review/", placements.ReviewView.as_view(), name="placement_review"),
    path("placements/<uuid:uuid>/care-plan/", placements.CarePlanView.as_view(), name="placement_care_plan"),
    path("placements/<uuid:uuid>/move/", placements.MoveView.as_view(), name="placement_move"),
    path("placements/<uuid:uuid>/end/", placements.EndView.as_view(), name="placement_end"),
    path("placements/<uuid:uuid>/aftercare/", placements.AftercareView.as_view(), name="placement_aftercare"),
    path("placements/<uuid:uuid>/contact/", life.ContactView.as_view(), name="placement_contact"),
    path("placements/<uuid:uuid>/incident/", life.IncidentCreateView.as_view(), name="incident_create"),
    path("contacts/<uuid:uuid>/", life.ContactUpdateView.as_view(), name="contact_update"),
    path("handover/", placements.HandoverListView.as_view(), name="handover_list"),
    # Homes and the village dashboard
    path("homes/", homes.HomeListView.as_view(), name="home_list"),
    path("homes/new/", homes.HomeCreateView.as_view(), name="home_create"),
    path("homes/<uuid:uuid>/", homes.HomeDetailView.as_view(), name="home_detail"),
    path("homes/<uuid:uuid>/edit/", homes.HomeEditView.as_view(), name="home_edit"),
    path("dashboard/", homes.DashboardView.as_view(), name="dashboard"),
    # Gatekeeping
    path("requests/", requests.RequestListView.as_view(), name="request_list"),
    path("requests/new/", requests.RequestCreateView.as_view(), name="request_create"),
    path("requests/<uuid:uuid>/", requests.RequestDetailView.as_view(), name="request_detail"),
    path("requests/<uuid:uuid>/assessment/", requests.AssessmentView.as_view(), name="request_assessment"),
    path("requests/<uuid:uuid>/decision/", requests.DecisionView.as_view(), name="request_decision"),
    path("requests/<uuid:uuid>/place/", requests.PlaceView.as_view(), name="request_place"),
    path("requests/<uuid:uuid>/withdraw/", requests.WithdrawView.as_view(), name="request_withdraw"),
    # Contact restrictions and safeguarding incidents
    path("restrictions/new/", life.RestrictionCreateView.as_view(), name="restriction_create"),
    path("restrictions/<uuid:uuid>/lift/", life.RestrictionLiftView.as_view(), name="restriction_lift"),
    path("incidents/<uuid:uuid>/", life.IncidentDetailView.as_view(), name="incident_detail"),
    path("incidents/<uuid:uuid>/actions/", life.IncidentActionAddView.as_view(), name="incident_action_add"),
    path("incidents/<uuid:uuid>/close/", life.IncidentCloseView.as_view(), name="incident_close"),
    path("incident-actions/<uuid:uuid>/done/", life.ActionDoneView.as_view(), name="incident_action_done"),
    # Settings
    path("settings/", admin.SettingsIndexView.as_view(), name="settings"),
    path("settings/<str:code>/", admin.SettingsEditView.as_view(), name="settings_edit"),
]
