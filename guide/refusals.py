"""Why the admin refused something, said to the person refused: what, and who can.

A refusal inside the admin (PermissionDenied) is answered by `config.errors.handler403`
with an admin page built from `explain()`: what was refused, the roles the user holds and
what each is for, and the roles that may do it. "Who can" comes from the roles table
(`guide.roles.ROLES`), so the page never disagrees with the permissions actually granted.

Views that know what they refuse raise `Refused(permission, action)`; a bare PermissionDenied
raised by Django's own admin views is explained from the URL (`guide_section_add` needs
`guide.add_section`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guide.roles import (
    EDITOR_GROUP,
    PARTNER_MANAGERS,
    REVIEWER_GROUP,
    ROLES,
    TRANSLATOR_GROUP,
)

# What each role is for, as the refused person reads it.
ROLE_DUTIES = {
    EDITOR_GROUP: gettext_lazy(
        "write and structure guides in every language and preview them; they do not "
        "publish, withdraw or record medical reviews"
    ),
    TRANSLATOR_GROUP: gettext_lazy(
        "change the translations; the English text, a guide's structure, publishing and "
        "medical reviews are for others"
    ),
    REVIEWER_GROUP: gettext_lazy(
        "change translations, record medical reviews from their own account, mark "
        "translations reviewed, and publish, withdraw or republish guides"
    ),
    PARTNER_MANAGERS: gettext_lazy("manage partners, their keys and webhooks"),
}

# What Django's admin views do, by the last part of their URL name.
_VIEW_ACTIONS = {
    "add": ("add", gettext_lazy("Adding a %(thing)s")),
    "change": ("change", gettext_lazy("Changing a %(thing)s")),
    "delete": ("delete", gettext_lazy("Deleting a %(thing)s")),
    "changelist": ("view", gettext_lazy("Listing %(things)s")),
    "history": ("view", gettext_lazy("The history of a %(thing)s")),
}


class Refused(PermissionDenied):
    """A refusal that names the permission it needed and, in words, what was refused."""

    def __init__(self, permission: str, action: str) -> None:
        super().__init__(action)
        self.permission = permission  # "guide.publish_guide"
        self.action = action


@dataclass(frozen=True)
class Explanation:
    action: str  # what was refused
    your_roles: list[tuple[str, str]]  # (role, what it is for)
    who_can: list[str]  # roles that hold the permission
    known: bool  # whether the permission needed is known (else: ask an administrator)


def _from_url(request: HttpRequest) -> tuple[str | None, str | None]:
    """(permission, action) of a Django admin view, from its URL name."""
    match = getattr(request, "resolver_match", None)
    head, _sep, tail = ((match.url_name if match else None) or "").rpartition("_")
    if tail not in _VIEW_ACTIONS or "_" not in head:
        return None, None
    app_label, model_name = head.split("_", 1)
    try:
        opts = apps.get_model(app_label, model_name)._meta
    except LookupError:
        return None, None
    verb, words = _VIEW_ACTIONS[tail]
    action = words % {"thing": opts.verbose_name, "things": opts.verbose_name_plural}
    return f"{app_label}.{verb}_{model_name}", action


def roles_holding(permission: str) -> list[str]:
    """The roles of the table that grant `permission` ("app_label.codename")."""
    app_label, _sep, codename = permission.partition(".")
    return [
        role
        for role, grants in ROLES.items()
        if any(g.app_label == app_label and codename in g.codenames() for g in grants)
    ]


def explain(request: HttpRequest, exception: Any = None) -> Explanation:
    """What was refused to the user of `request`, their roles, and who may do it."""
    permission = getattr(exception, "permission", None)
    action = getattr(exception, "action", None)
    if permission is None:
        permission, action = _from_url(request)
        message = str(exception or "").strip()
        action = message or action
    user: Any = request.user
    names = sorted(user.groups.values_list("name", flat=True)) if user.is_authenticated else []
    return Explanation(
        action=str(action or _("This page or action")),
        your_roles=[(name, str(ROLE_DUTIES.get(name, ""))) for name in names],
        who_can=roles_holding(permission) if permission else [],
        known=permission is not None,
    )
