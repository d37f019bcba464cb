"""Care API routes, mounted at /api/v1/care/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views, views_life

router = SimpleRouter()
router.register("homes", views.CareHomeViewSet, basename="care-home")
router.register("requests", views.PlacementRequestViewSet, basename="care-request")
router.register("placements", views.PlacementViewSet, basename="care-placement")
router.register("reviews", views_life.CareReviewViewSet, basename="care-review")
router.register("contacts", views_life.FamilyContactViewSet, basename="care-contact")
router.register("aftercare", views_life.AftercareViewSet, basename="care-aftercare")
router.register("restrictions", views_life.ContactRestrictionViewSet, basename="care-restriction")
router.register("incidents", views_life.SafeguardingIncidentViewSet, basename="care-incident")

urlpatterns = [
    path("dashboard/", views.DashboardView.as_view(), name="care-dashboard"),
    *router.urls,
]
