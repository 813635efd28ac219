from typing import Any

from django.core.management.base import BaseCommand

from guide.roles import ROLES, sync_roles


class Command(BaseCommand):
    help = "Give each group exactly the permissions of the roles table (guide.roles.ROLES)."

    def handle(self, *args: Any, **options: Any) -> None:
        sync_roles()
        self.stdout.write(f"Synced {len(ROLES)} groups: {', '.join(ROLES)}.")
