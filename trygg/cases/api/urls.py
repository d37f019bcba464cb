"""Case API routes: each part of the cases app registers its viewsets on this router."""

from rest_framework.routers import SimpleRouter

from . import case_routes, identification_routes, management_routes

router = SimpleRouter()
for module in (case_routes, identification_routes, management_routes):
    module.register(router)

urlpatterns = router.urls
