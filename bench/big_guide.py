"""A synthetic published guide with 200 sections (40 top-level, 4 subsections each).

Every text is filled in every configured language, like a fully translated guide, so the
comparison with the seed guide is about size alone.
"""

from __future__ import annotations

from django.db import transaction
from modeltranslation.utils import build_localized_fieldname

from guide.languages import language_codes
from guide.models import (
    Callout,
    ComparisonTable,
    FAQEntry,
    Guide,
    Section,
    TableCell,
    TableColumn,
    TableRow,
)
from guide.publishing import publish

SLUG = "bench-200-sections"
PARAGRAPH = (
    "<p>Apply a thin layer to the affected skin twice a day, and wash your hands after. "
    "Talk to your care team before you stop or change a treatment.</p>"
)


def _texts(field: str, text: str) -> dict[str, str]:
    return {build_localized_fieldname(field, code): f"{text} ({code})" for code in language_codes()}


@transaction.atomic
def create(top_level: int = 40, subsections_each: int = 4, slug: str = SLUG) -> Guide:
    """Create and publish the guide (replacing an earlier one)."""
    Guide.objects.filter(slug=slug).delete()
    guide = Guide.objects.create(
        slug=slug, **_texts("title", "A long guide"), **_texts("summary", "Many sections.")
    )
    for i in range(top_level):
        parent = Section.objects.create(
            guide=guide,
            order=i,
            anchor=f"part-{i}",
            **_texts("heading", f"Part {i}"),
            **_texts("body", PARAGRAPH),
        )
        Callout.objects.create(
            section=parent, **_texts("label", "Tip"), **_texts("body", "<p>Keep it simple.</p>")
        )
        for j in range(subsections_each):
            Section.objects.create(
                guide=guide,
                parent=parent,
                order=j,
                anchor=f"part-{i}-{j}",
                **_texts("heading", f"Part {i}.{j}"),
                **_texts("body", PARAGRAPH),
            )
        FAQEntry.objects.create(
            guide=guide,
            order=i,
            **_texts("question", f"Question {i}?"),
            **_texts("answer", "<p>An answer.</p>"),
        )
    table = ComparisonTable.objects.create(guide=guide, **_texts("caption", "Options compared"))
    columns = [
        TableColumn.objects.create(
            table=table, order=c, key=f"c{c}", is_row_header=c == 0, **_texts("label", f"C{c}")
        )
        for c in range(5)
    ]
    for r in range(top_level):
        row = TableRow.objects.create(table=table, order=r)
        for column in columns:
            TableCell.objects.create(row=row, column=column, **_texts("text", f"cell {r}"))
    publish(guide, note="bench")
    return guide
