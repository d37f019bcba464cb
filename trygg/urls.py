from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from trygg.core.views import healthz

api_v1 = [
    path("", include("trygg.accounts.api.urls")),
    path("", include("trygg.geo.api.urls")),
    path("", include("trygg.people.api.urls")),
    path("", include("trygg.audit.api.urls")),
    path("", include("trygg.cases.api.urls")),
    path("tracing/", include("trygg.tracing.api.urls")),
    path("care/", include("trygg.care.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("trygg.accounts.urls")),
    path("geo/", include("trygg.geo.urls")),
    path("people/", include("trygg.people.urls")),
    path("audit/", include("trygg.audit.urls")),
    path("cases/", include("trygg.cases.urls")),
    path("tracing/", include("trygg.tracing.urls")),
    path("care/", include("trygg.care.urls")),
    path("api/v1/", include((api_v1, "api"))),
    path("", include("trygg.core.urls")),
]
