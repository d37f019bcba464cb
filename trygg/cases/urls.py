"""Case pages. The case core owns this file; identification and management add their own modules."""

from django.urls import include, path

app_name = "cases"

urlpatterns = [
    path("", include("trygg.cases.urls_case")),
    path("", include("trygg.cases.urls_identification")),
    path("", include("trygg.cases.urls_management")),
    path("", include("trygg.cases.urls_work")),
]
