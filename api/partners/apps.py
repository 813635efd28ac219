from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "api.partners"
    label = "partners"
    verbose_name = "Partners"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from corsheaders.signals import check_request_enabled

        from api.partners import keys, outbox  # noqa: F401  (receivers)

        check_request_enabled.connect(keys.cors_allows, dispatch_uid="partner-origins")
