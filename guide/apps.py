from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "guide"
    verbose_name = "Patient guides"
    default_auto_field = "django.db.models.BigAutoField"
