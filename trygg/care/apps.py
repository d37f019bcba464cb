from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "trygg.care"
    label = "care"

    def ready(self):
        # Placement reviews and emergency assessments join the case work lists (see care.work).
        from . import work

        work.register()
