"""Reading a guide costs the same number of queries whatever its size."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from modeltranslation.utils import build_localized_fieldname

from guide.document import build_document, guide_tree_queryset
from guide.languages import language_codes
from guide.models import (
    Author,
    Callout,
    ComparisonTable,
    FAQEntry,
    Guide,
    Section,
    TableCell,
    TableColumn,
    TableRow,
    Tag,
)
from guide.publishing import publish

pytestmark = pytest.mark.django_db


def all_languages(field: str, text: str) -> dict:
    return {build_localized_fieldname(field, code): f"{text} [{code}]" for code in language_codes()}


def make_guide(slug: str, sections: int, subsections_each: int) -> Guide:
    # Shaped like a real guide (author, tag, callouts, FAQ, table), so that every prefetch runs.
    author = Author.objects.create(name=f"Author of {slug}", **all_languages("bio", "Bio"))
    guide = Guide.objects.create(slug=slug, author=author, **all_languages("title", slug))
    guide.tags.add(Tag.objects.create(slug=f"tag-{slug}", **all_languages("name", "Tag")))
    for i in range(sections):
        parent = Section.objects.create(
            guide=guide,
            order=i,
            anchor=f"s{i}",
            **all_languages("heading", f"H{i}"),
            **all_languages("body", f"<p>Body {i}</p>"),
        )
        Callout.objects.create(
            section=parent, **all_languages("label", "Tip"), **all_languages("body", "t")
        )
        for j in range(subsections_each):
            Section.objects.create(
                guide=guide,
                parent=parent,
                order=j,
                anchor=f"s{i}-{j}",
                **all_languages("heading", f"H{i}.{j}"),
                **all_languages("body", f"<p>Body {i}.{j}</p>"),
            )
        FAQEntry.objects.create(
            guide=guide, order=i, **all_languages("question", "Q"), **all_languages("answer", "A")
        )
    table = ComparisonTable.objects.create(guide=guide, **all_languages("caption", "Compared"))
    columns = [
        TableColumn.objects.create(
            table=table, order=c, key=f"c{c}", is_row_header=c == 0, **all_languages("label", "L")
        )
        for c in range(3)
    ]
    for r in range(sections):
        row = TableRow.objects.create(table=table, order=r)
        for column in columns:
            TableCell.objects.create(row=row, column=column, **all_languages("text", "x"))
    publish(guide, note="test")
    return guide


def count_queries(path: str) -> int:
    cache.clear()
    client = Client()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_detail_queries_do_not_grow_with_size(seeded):
    make_guide("small", sections=1, subsections_each=4)  # 5 sections in all
    make_guide("large", sections=40, subsections_each=4)  # 200 sections in all
    assert Section.objects.filter(guide__slug="large").count() == 200
    small = count_queries("/api/v1/guides/small/?lang=ar")
    large = count_queries("/api/v1/guides/large/?lang=ar")
    seed = count_queries("/api/v1/guides/opzelura-atopic-dermatitis/?lang=ar")
    assert small == large == seed == 1  # one indexed lookup of the stored representation
    print(f"detail queries: small={small} large={large} seed={seed}")


def test_building_a_document_costs_the_same_for_any_size(seeded):
    make_guide("small", sections=1, subsections_each=4)
    make_guide("large", sections=40, subsections_each=4)
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
        make_guide(f"extra-{n}", sections=3, subsections_each=2)
    six = count_queries("/api/v1/guides/")
    assert one == six
