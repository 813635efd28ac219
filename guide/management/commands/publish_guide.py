from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from guide.models import Guide
from guide.publishing import PublishingError, publish, rollback, withdraw


class Command(BaseCommand):
    help = "Publish a guide's working copy, withdraw it, or republish an older version."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--note", default="", help="A short change note.")
        parser.add_argument("--user", help="Username recorded as the publisher.")
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--withdraw", dest="take_down", action="store_true", help="Take it off the API."
        )
        group.add_argument(
            "--rollback",
            dest="rollback_to",
            type=int,
            metavar="N",
            help="Republish version N as a new version.",
        )

    def handle(self, *args, slug, note, user, take_down: bool, rollback_to: int | None, **options):
        guide = Guide.objects.filter(slug=slug).first()
        if guide is None:
            raise CommandError(f"No guide has the slug {slug!r}.")
        publisher = None
        if user:
            publisher = get_user_model().objects.filter(username=user).first()
            if publisher is None:
                raise CommandError(f"No user is called {user!r}.")
        try:
            if take_down:
                withdraw(guide)
                self.stdout.write(f"{slug}: withdrawn.")
                return
            if rollback_to is not None:
                version = rollback(guide, rollback_to, user=publisher, note=note)
            else:
                version = publish(guide, user=publisher, note=note)
        except PublishingError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{slug}: published version {version.number}.")
