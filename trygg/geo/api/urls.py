from rest_framework.routers import SimpleRouter

from .views import CountryViewSet, LocationImportViewSet, LocationViewSet, ProgrammeViewSet, SiteViewSet

router = SimpleRouter()
router.register("countries", CountryViewSet, basename="country")
router.register("locations", LocationViewSet, basename="location")
router.register("location-imports", LocationImportViewSet, basename="locationimport")
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register("sites", SiteViewSet, basename="site")

urlpatterns = router.urls
