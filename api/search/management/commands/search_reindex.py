from django.core.management.base import BaseCommand

from api.search.index import reindex


class Command(BaseCommand):
    help = "Rebuild the search index from the live version of every published guide."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{reindex()} search entries written.")
