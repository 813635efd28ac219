"""Reading a guide costs the same number of queries whatever its size."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from guide.document import build_document, guide_tree_queryset
from guide.models import (
    Section,
)
from tests.support import big_guide

pytestmark = pytest.mark.django_db


def count_queries(path: str) -> int:
    cache.clear()
    client = Client()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_detail_queries_do_not_grow_with_size(seeded):
    big_guide.create("small", top_level=1, subsections_each=4)  # 5 sections in all
    big_guide.create("large", top_level=40, subsections_each=4)  # 200 sections in all
    assert Section.objects.filter(guide__slug="large").count() == 200
    small = count_queries("/api/v1/guides/small/?lang=ar")
    large = count_queries("/api/v1/guides/large/?lang=ar")
    seed = count_queries("/api/v1/guides/opzelura-atopic-dermatitis/?lang=ar")
    assert small == large == seed == 1  # one indexed lookup of the stored representation
    print(f"detail queries: small={small} large={large} seed={seed}")


def test_building_a_document_costs_the_same_for_any_size(seeded):
    big_guide.create("small", top_level=1, subsections_each=4)
    big_guide.create("large", top_level=40, subsections_each=4)
    counts = {}
    for slug in ("small", "large", "opzelura-atopic-dermatitis"):
        with CaptureQueriesContext(connection) as ctx:
            build_document(guide_tree_queryset().get(slug=slug))
        counts[slug] = len(ctx.captured_queries)
    assert len(set(counts.values())) == 1, counts
    print(f"document (publish-time) queries: {counts}")


def test_list_queries_do_not_grow_with_guides(seeded):
    one = count_queries("/api/v1/guides/")
    for n in range(5):
        big_guide.create(f"extra-{n}", top_level=3, subsections_each=2)
    six = count_queries("/api/v1/guides/")
    assert one == six
