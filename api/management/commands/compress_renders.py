"""Store the compressed encodings of representations rendered before they were stored."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from api import encodings
from api.models import RenderedGuide
from api.snapshots import forget


class Command(BaseCommand):
    help = (
        "Compress (brotli, gzip) every stored representation that has no encodings yet, so "
        "that guides published before encodings were stored are served compressed too. "
        "Idempotent; safe while serving."
    )

    def handle(self, *args, **options) -> None:
        pending = RenderedGuide.objects.filter(body_br__isnull=True).only("pk", "slug", "body")
        slugs: set[str] = set()
        done = 0
        for row in pending.iterator(chunk_size=200):
            coded = encodings.compress(row.body.encode())
            RenderedGuide.objects.filter(pk=row.pk).update(
                body_br=coded["br"], body_gzip=coded["gzip"]
            )
            slugs.add(row.slug)
            done += 1
        for slug in slugs:
            forget(slug)  # cached snapshots without encodings are dropped
        self.stdout.write(f"Compressed {done} representations of {len(slugs)} guides.")
