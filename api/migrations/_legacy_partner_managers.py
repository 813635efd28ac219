"""The Partner managers group as migration 0003 created it, frozen.

The migration calls this copy rather than the live roles table, so it keeps doing what it
did; the leading underscore keeps the migration loader from reading this module.
"""

from __future__ import annotations

from typing import Any

PARTNER_MANAGERS = "Partner managers"

PARTNER_MANAGER_PERMISSIONS = {
    "partner": ["add", "change", "delete", "view"],
    "apikey": ["change", "view"],
    "partnerusage": ["view"],
    "webhook": ["add", "change", "delete", "view"],
    "webhookdelivery": ["change", "view"],
}


def ensure_partner_managers(apps: Any, app_label: str = "api") -> None:
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [
        f"{action}_{model}"
        for model, actions in PARTNER_MANAGER_PERMISSIONS.items()
        for action in actions
    ]
    group, _ = Group.objects.get_or_create(name=PARTNER_MANAGERS)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label=app_label, codename__in=[*codenames, "manage_keys"]
        )
    )
