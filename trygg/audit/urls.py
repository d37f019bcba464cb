from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.EventListView.as_view(), name="index"),
    path("records/", views.RecordLookupView.as_view(), name="record_lookup"),
    path("records/<uuid:uuid>/", views.RecordAccessView.as_view(), name="record_access"),
    path("users/<uuid:uuid>/", views.UserActivityView.as_view(), name="user_activity"),
]
