"""Groups and their permissions. Migrations call this; so can a fresh test database."""

from __future__ import annotations

EDITOR_MODELS = [
    "guide",
    "section",
    "callout",
    "faqentry",
    "comparisontable",
    "tablecolumn",
    "tablerow",
    "tablecell",
    "author",
    "tag",
    "guidelanguage",
    "glossaryterm",
]


def ensure_groups(apps=None) -> None:
    """Create the Editors group with every permission over guide content, none over users."""
    from django.contrib.auth.management import create_permissions

    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
        create_permissions(apps.get_app_config("guide"), verbosity=0)
    else:
        app_config = apps.get_app_config("guide")
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="guide", content_type__model__in=EDITOR_MODELS
        )
    )
