from django.core.management.base import BaseCommand

from guide.accessibility_analysis.glossary_terms import import_glossary
from guide.seed_import import import_seed

DEFAULT_SLUG = "opzelura-atopic-dermatitis"


class Command(BaseCommand):
    help = (
        "Import a seed guide and the seed glossary from guide/seed/ "
        "(idempotent; existing guides and terms are kept unless --update)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", default=DEFAULT_SLUG)
        parser.add_argument(
            "--update",
            action="store_true",
            help="Bring an existing guide back in line with the seed files.",
        )

    def handle(self, *args, slug: str, update: bool, **options):
        # The glossary first: a guide published by the import is frozen with its terms.
        glossary = import_glossary(update=update)
        self.stdout.write(f"glossary: {glossary.created} created, {glossary.updated} updated.")
        result = import_seed(slug, update=update)
        if result.skipped:
            self.stdout.write(f"{slug}: already present, left unchanged (use --update to sync).")
        else:
            self.stdout.write(
                f"{slug}: {result.created} created, {result.updated} updated; "
                f"translations: {', '.join(result.languages) or 'none'}"
                + (
                    f"; published version {result.published_version}."
                    if result.published_version
                    else "; nothing to publish."
                )
            )
