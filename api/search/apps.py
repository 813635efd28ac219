from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "api.search"
    label = "search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from api.search import index  # noqa: F401  (publish receivers)
