from rest_framework.routers import SimpleRouter

from .views import HouseholdMemberViewSet, HouseholdViewSet, PersonViewSet, RelationshipViewSet

router = SimpleRouter()
router.register("persons", PersonViewSet, basename="person")
router.register("households", HouseholdViewSet, basename="household")
router.register("household-members", HouseholdMemberViewSet, basename="household-member")
router.register("relationships", RelationshipViewSet, basename="relationship")

urlpatterns = router.urls
