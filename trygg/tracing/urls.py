"""Tracing pages: `<uuid>/...` acts on a tracing request, `<part>/<uuid>/...` on another record."""

from django.urls import path

from .views import admin, matches, requests, reunification

app_name = "tracing"

urlpatterns = [
    path("", requests.TracingRequestListView.as_view(), name="request_list"),
    path("new/", requests.TracingRequestCreateView.as_view(), name="request_create"),
    path("<uuid:uuid>/", requests.TracingRequestDetailView.as_view(), name="request_detail"),
    path("<uuid:uuid>/edit/", requests.TracingRequestEditView.as_view(), name="request_edit"),
    path("<uuid:uuid>/consent/", requests.ConsentView.as_view(), name="request_consent"),
    path("<uuid:uuid>/match/", requests.MatchNowView.as_view(), name="request_match"),
    path("<uuid:uuid>/close/", requests.CloseView.as_view(), name="request_close"),
    # Match review
    path("matches/", matches.MatchListView.as_view(), name="match_list"),
    path("matches/<uuid:uuid>/", matches.MatchDetailView.as_view(), name="match_detail"),
    path("matches/<uuid:uuid>/decide/", matches.MatchDecideView.as_view(), name="match_decide"),
    path("matches/<uuid:uuid>/share/", matches.MatchShareView.as_view(), name="match_share"),
    # After a confirmed match
    path(
        "<uuid:uuid>/verification/new/",
        reunification.VerificationCreateView.as_view(),
        name="verification_add",
    ),
    path(
        "<uuid:uuid>/best-interests/new/",
        reunification.DeterminationCreateView.as_view(),
        name="determination_add",
    ),
    path(
        "best-interests/<uuid:uuid>/",
        reunification.DeterminationDetailView.as_view(),
        name="determination_detail",
    ),
    path(
        "best-interests/<uuid:uuid>/decide/",
        reunification.DeterminationDecideView.as_view(),
        name="determination_decide",
    ),
    path(
        "best-interests/<uuid:uuid>/edit/",
        reunification.DeterminationEditView.as_view(),
        name="determination_edit",
    ),
    path(
        "<uuid:uuid>/reunification/new/",
        reunification.ReunificationCreateView.as_view(),
        name="reunification_add",
    ),
    path("visits/", reunification.VisitListView.as_view(), name="visit_list"),
    path("visits/<uuid:uuid>/", reunification.VisitRecordView.as_view(), name="visit_record"),
    # Batch runs and settings
    path("batch/", admin.BatchRunListView.as_view(), name="batch_list"),
    path("batch/<uuid:uuid>/", admin.BatchRunDetailView.as_view(), name="batch_detail"),
    path("settings/", admin.SettingsIndexView.as_view(), name="settings_index"),
    path("settings/<str:code>/", admin.SettingsEditView.as_view(), name="settings_edit"),
]
