"""The groups and their permissions, as one table.

`ROLES` says, for each group, which permissions it holds; nothing else grants them.
`sync_roles()` makes the database match the table exactly (groups created, permissions
added and removed), so it can be re-run at will: `manage.py sync_roles` runs it, and so does
a fresh test database that starts without migration data. Migrations do not import this
module: each keeps its own frozen copy of the table it applied.

- Editors write and structure content in every language and preview it; they do not
  publish, mark translations reviewed, or touch users, groups or partners.
- Translators change texts in the languages other than the source; the source text and the
  structure stay read-only for them (see `guide.admin_roles`).
- Medical reviewers may do what translators may, plus mark reviewed, record reviews,
  preview and publish (publish, withdraw, roll back).
- Partner managers hold partners, keys (`manage_keys`), usage, webhooks and deliveries, and
  nothing over content. Keys are revoked, never deleted (the record of who held a key
  stays); usage is written by the API and only read in the admin. These rows name the
  partner models by their app label.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from guide import content

EDITOR_GROUP = "Editors"
TRANSLATOR_GROUP = "Translators"
REVIEWER_GROUP = "Medical reviewers"
PARTNER_MANAGERS = "Partner managers"

ALL = ("add", "change", "delete", "view")
TEXTS = ("view", "change")


@dataclass(frozen=True)
class Grant:
    """Permissions on one model: default actions (`view` -> `view_<model>`), or a custom
    permission's codename (it contains an underscore: `publish_guide`)."""

    app_label: str
    model: str
    actions: tuple[str, ...]

    def codenames(self) -> list[str]:
        return [a if "_" in a else f"{a}_{self.model}" for a in self.actions]


def _content(actions: tuple[str, ...], **flags: bool) -> list[Grant]:
    return [Grant("guide", name, actions) for name in content.model_names(**flags)]


_STATUSES = Grant("guide", "textstatus", TEXTS)
_READ_REVIEWS = Grant("guide", "medicalreview", ("view",))
_TRANSLATOR = (
    *_content(TEXTS, translators=True),
    _STATUSES,
    Grant("guide", "guidelanguage", ("view",)),
    _READ_REVIEWS,
)

ROLES: dict[str, tuple[Grant, ...]] = {
    EDITOR_GROUP: (
        *_content(ALL),
        Grant("guide", "guide", ("preview_guide", "edit_source")),
        _STATUSES,
        _READ_REVIEWS,
    ),
    TRANSLATOR_GROUP: _TRANSLATOR,
    REVIEWER_GROUP: (
        *_TRANSLATOR,
        Grant("guide", "textstatus", ("mark_reviewed",)),
        Grant("guide", "guidelanguage", ("change",)),
        Grant("guide", "guide", ("publish_guide", "preview_guide")),
        Grant("guide", "medicalreview", ("add",)),
    ),
    PARTNER_MANAGERS: (
        Grant("partners", "partner", (*ALL, "manage_keys")),
        Grant("partners", "apikey", ("change", "view")),
        Grant("partners", "partnerusage", ("view",)),
        Grant("partners", "webhook", ALL),
        Grant("partners", "webhookdelivery", ("change", "view")),
    ),
}


def table() -> dict[str, list[tuple[str, str, str]]]:
    """The table as (app label, model, codename) rows per group: the form migrations freeze."""
    return {
        group: sorted(
            {(g.app_label, g.model, codename) for g in grants for codename in g.codenames()}
        )
        for group, grants in ROLES.items()
    }


def sync_roles() -> None:
    """Give each group of the table exactly its permissions. Permissions are created first:
    in a fresh database they only exist after post_migrate."""
    roles = table()
    for label in sorted({app for rows in roles.values() for app, _m, _c in rows}):
        create_permissions(apps.get_app_config(label), verbosity=0)
    wanted = {(app, model, codename) for rows in roles.values() for app, model, codename in rows}
    found = {
        (p.content_type.app_label, p.content_type.model, p.codename): p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in={codename for _a, _m, codename in wanted}
        )
    }
    for name, rows in roles.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set([found[row] for row in rows if row in found])
