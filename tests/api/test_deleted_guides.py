"""A deleted guide's versions go with it, also from the cache."""

from __future__ import annotations

from guide.models import Guide
from guide.publishing import publish
from tests.support.guides import SEED_SLUG


def test_a_new_guide_reusing_a_slug_is_not_served_the_old_versions(
    seeded, client, django_capture_on_commit_callbacks
):
    old = client.get(f"/api/v1/guides/{SEED_SLUG}/versions/1/")
    assert old.status_code == 200
    old_title = old.json()["title"]
    with django_capture_on_commit_callbacks(execute=True):
        seeded.delete()
        replacement = Guide.objects.create(slug=SEED_SLUG, title_en="A different guide")
        publish(replacement)
    new = client.get(f"/api/v1/guides/{SEED_SLUG}/versions/1/")
    assert new.status_code == 200
    assert new.json()["title"] == "A different guide" != old_title
