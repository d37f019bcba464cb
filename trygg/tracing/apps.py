from django.apps import AppConfig


class TracingConfig(AppConfig):
    name = "trygg.tracing"
    label = "tracing"
