"""The Partner managers group. Its data migration calls this; so can a fresh test database."""

from __future__ import annotations

from guide.roles import with_permissions

PARTNER_MANAGERS = "Partner managers"

# Model -> the permissions partner managers hold on it. Keys are revoked, never deleted (the
# record of who held a key stays); usage is written by the API, only read in the admin.
PARTNER_MANAGER_PERMISSIONS = {
    "partner": ["add", "change", "delete", "view"],
    "apikey": ["change", "view"],
    "partnerusage": ["view"],
    "webhook": ["add", "change", "delete", "view"],
    "webhookdelivery": ["change", "view"],
}


def ensure_partner_managers(apps=None, app_label: str = "partners") -> None:
    """Create the group with rights over partners, keys, usage, webhooks and deliveries
    (including `partners.manage_keys`), and none over guide content, users or groups.
    `app_label`: "api" in the migrations from before the partners app had its own."""
    apps = with_permissions(apps, app_label)
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
