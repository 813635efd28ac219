from django.apps import AppConfig


class EmbedConfig(AppConfig):
    """Embed pages, their loader and frame scripts, templates and static files."""

    name = "api.embed"
    label = "embed"
    verbose_name = "Embeds"
