from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "trygg.cases"
    label = "cases"

    def ready(self):
        # Each part registers its stage requirements and case-page panels when imported.
        from . import registrations  # noqa: F401
