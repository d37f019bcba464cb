from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "trygg.accounts"
    label = "accounts"

    def ready(self):
        from . import signals  # noqa: F401
        from .api import schema  # noqa: F401  (registers the OpenAPI authentication schemes)
