from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Content API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from corsheaders.signals import check_request_enabled

        from api import (  # noqa: F401  (receivers)
            handout_store,
            partners,
            schema_extensions,
            snapshots,
            webhooks,
        )

        check_request_enabled.connect(partners.cors_allows, dispatch_uid="partner-origins")
