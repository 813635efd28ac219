"""Render the printable handouts of live guides now, in this process (no queue needed)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from api import handout_store
from api.handout import PARTS
from api.models import RenderedHandout
from guide.models import Guide


class Command(BaseCommand):
    help = (
        "Render the missing printable handouts (PDF) of every live guide, or of the slugs "
        "given, in this process. --again replaces stored ones (after a change to the "
        "handout template or fonts; stored handouts of a version never change otherwise)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slugs", nargs="*", help="Only these guides.")
        parser.add_argument(
            "--again", action="store_true", help="Render stored handouts again too."
        )
        parser.add_argument(
            "--language", action="append", help="Only this language code (repeatable)."
        )
        parser.add_argument(
            "--part",
            action="append",
            choices=list(PARTS),
            help="Only this handout: the whole guide, or its FAQ or comparison (repeatable).",
        )

    def handle(
        self,
        *args,
        slugs: list[str],
        again: bool,
        language: list[str] | None,
        part: list[str] | None,
        **options,
    ) -> None:
        guides = Guide.objects.filter(
            status=Guide.Status.PUBLISHED, live_version__isnull=False
        ).select_related("live_version")
        if slugs:
            guides = guides.filter(slug__in=slugs)
        for guide in guides:
            version = guide.live_version
            assert version is not None  # filtered on live_version
            if again:
                stored = RenderedHandout.objects.filter(slug=guide.slug, number=version.number)
                if language:
                    stored = stored.filter(language__in=language)
                if part:
                    stored = stored.filter(part__in=part)
                stored.delete()
            started = time.perf_counter()
            made = handout_store.render_version(version.pk, language, part)
            self.stdout.write(
                f"{guide.slug} v{version.number}: {made} handouts rendered "
                f"in {time.perf_counter() - started:.1f} s"
            )
