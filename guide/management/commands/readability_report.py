from django.core.management.base import BaseCommand, CommandError

from guide.accessibility_analysis.readability_figures import refresh_readability, summarize
from guide.languages import all_languages
from guide.models import Guide

DEFAULT_SLUG = "opzelura-atopic-dermatitis"


class Command(BaseCommand):
    help = "Median and worst readability of a guide's blocks, per language (refreshes first)."

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", default=DEFAULT_SLUG)

    def handle(self, *args, slug: str, **options):
        guide = Guide.objects.filter(slug=slug).first()
        if guide is None:
            raise CommandError(f"No guide has the slug {slug!r}.")
        refresh_readability(guide)
        header = (
            f"{'lang':8} {'blocks':>6} {'formula':22} {'median score':>12} {'median grade':>12} "
            f"{'worst score':>11} {'worst grade':>11} {'>8':>4}  worst block"
        )
        self.stdout.write(header)
        for language in all_languages():
            s = summarize(guide.readability, language.code)
            if not s["blocks"]:
                continue
            if s["formula"] is None:
                self.stdout.write(f"{language.tag:8} {s['blocks']:>6} none: {s['reason']}")
                continue
            self.stdout.write(
                f"{language.tag:8} {s['blocks']:>6} {s['formula']:22} {s['median_score']:>12} "
                f"{s['median_grade']:>12} {s['worst_score']:>11} {s['worst_grade']:>11} "
                f"{s['above_grade_8']:>4}  {s['worst_block']}"
            )
        minutes = guide.readability.get("reading_time_minutes", {})
        self.stdout.write(
            "reading time (min): " + ", ".join(f"{code} {m}" for code, m in minutes.items())
        )
