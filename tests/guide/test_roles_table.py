"""The roles table: one command sets it exactly, and the migrations agree with it."""

from __future__ import annotations

import importlib
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from guide.roles import EDITOR_GROUP, PARTNER_MANAGERS, ROLES, table

pytestmark = pytest.mark.django_db


def held() -> dict[str, set[tuple[str, str, str]]]:
    return {
        group.name: {
            (p.content_type.app_label, p.content_type.model, p.codename)
            for p in group.permissions.select_related("content_type")
        }
        for group in Group.objects.filter(name__in=ROLES)
    }


def wanted() -> dict[str, set[tuple[str, str, str]]]:
    return {group: set(rows) for group, rows in table().items()}


def test_sync_roles_sets_exactly_the_table_and_is_idempotent():
    call_command("sync_roles", stdout=StringIO())
    editors = Group.objects.get(name=EDITOR_GROUP)
    editors.permissions.add(Permission.objects.get(codename="publish_guide"))
    Group.objects.get(name=PARTNER_MANAGERS).permissions.clear()
    out = StringIO()
    call_command("sync_roles", stdout=out)
    first = held()
    call_command("sync_roles", stdout=StringIO())
    assert held() == first == wanted()
    assert "publish_guide" not in {p.codename for p in editors.permissions.all()}
    assert "Synced 4 groups" in out.getvalue()


def test_every_row_of_the_table_names_an_existing_permission():
    call_command("sync_roles", stdout=StringIO())
    for group, rows in held().items():
        assert rows == wanted()[group], group


def test_the_table_gives_what_the_former_role_functions_gave():
    legacy = importlib.import_module("guide.migrations._legacy_roles")
    partners = importlib.import_module("api.migrations._legacy_partner_managers")
    from django.apps import apps

    Group.objects.filter(name__in=ROLES).delete()
    legacy.ensure_roles()
    config = apps.get_app_config("partners")
    models_module = config.models_module
    try:
        partners.ensure_partner_managers(apps, "partners")  # written for a migration's registry
    finally:
        config.models_module = models_module
    before = held()
    call_command("sync_roles", stdout=StringIO())
    assert held() == before


def latest_frozen_table() -> dict[str, dict[str, list[str]]]:
    """`ROLES` of the newest guide migration that freezes one."""
    folder = Path(importlib.import_module("guide.migrations").__file__).parent
    for path in sorted(folder.glob("[0-9]*.py"), reverse=True):
        module = importlib.import_module(f"guide.migrations.{path.stem}")
        if hasattr(module, "ROLES"):
            return module.ROLES
    raise AssertionError("no migration freezes the roles table")


def test_the_latest_roles_migration_froze_the_table_as_it_is():
    """Changing the table needs a migration that freezes the new one (and sync_roles)."""
    frozen = latest_frozen_table()
    rows = {
        group: {
            (*model.split("."), codename)
            for model, codenames in models.items()
            for codename in codenames
        }
        for group, models in frozen.items()
    }
    assert rows == wanted()
