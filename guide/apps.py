from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "guide"
    verbose_name = "Patient guides"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from guide import (
            figures,
            publishing,
        )

        publishing.version_published.connect(
            figures.write_published_renditions, dispatch_uid="figure-renditions"
        )
