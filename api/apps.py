from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Content API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from api import (  # noqa: F401  (receivers)
            catalogue,
            handout_store,
            schema_extensions,
            snapshots,
        )
