from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guide.translating.xliff import XliffImportError, import_xliff


class Command(BaseCommand):
    help = (
        "Import a translated XLIFF file. All or nothing: any problem is listed by unit id "
        "and nothing is changed. Reviewed translations are kept unless --overwrite-reviewed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--overwrite-reviewed",
            action="store_true",
            help="Allow replacing translations that are marked medically reviewed.",
        )
        parser.add_argument("--guide", help="Refuse the file unless it is for this guide slug.")
        parser.add_argument("--language", help="Refuse the file unless it is for this language.")

    def handle(self, *args, file: str, overwrite_reviewed: bool, guide, language, **options):
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        try:
            result = import_xliff(
                data,
                overwrite_reviewed=overwrite_reviewed,
                expect_guide=guide,
                expect_language=language,
            )
        except XliffImportError as exc:
            count = len(exc.problems)
            lines = "\n".join(f"  {problem}" for problem in exc.problems)
            raise CommandError(
                f"{file} refused, nothing changed ({count} problem{'s' * (count != 1)}):\n{lines}"
            ) from exc
        self.stdout.write(
            f"{result.slug} [{result.language}]: {len(result.updated)} updated, "
            f"{result.unchanged} unchanged, {result.skipped} without translation."
        )
        for unit in result.updated:
            self.stdout.write(f"  updated {unit}")
