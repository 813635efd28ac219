from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "guide"
    verbose_name = "Patient guides"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from guide import publishing  # noqa: F401  (connects the deletion receiver)
