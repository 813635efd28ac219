from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Content API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from api import snapshots  # noqa: F401  (renders versions when they are published)
