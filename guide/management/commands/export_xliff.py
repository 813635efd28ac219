from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guide.languages import get_language
from guide.models import Guide
from guide.translating.xliff import export_xliff


class Command(BaseCommand):
    help = "Export a guide's texts for one target language as XLIFF 1.2 (for translators)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("language", help="target language, e.g. es or zh-Hans")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, slug: str, language: str, output: str | None, **options):
        guide = Guide.objects.filter(slug=slug).first()
        if guide is None:
            raise CommandError(f"No guide has the slug {slug!r}.")
        target = get_language(language)
        if target is None:
            raise CommandError(f"Language {language!r} is not configured.")
        try:
            data = export_xliff(guide, target.code)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if output:
            Path(output).write_bytes(data)
            self.stderr.write(f"Wrote {output}.")
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
