from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "trygg.people"
    label = "people"
