"""The content registry: which guide owns an object, and what each part declares."""

from __future__ import annotations

from guide import content
from guide.models import Author, Callout, Figure, TableCell, TableRow


def test_every_part_of_a_guide_finds_its_guide(seeded):
    cell = TableCell.objects.filter(row__table__guide=seeded).first()
    assert content.owning_guide_id(cell) == seeded.pk
    assert content.owning_guide_id(cell.row) == seeded.pk
    assert content.owning_guide_id(Callout.objects.filter(section__guide=seeded).first()) == (
        seeded.pk
    )
    assert content.owning_guide_id(seeded) == seeded.pk
    assert content.owning_guide_id(seeded.author) is None  # shared between guides
    assert content.owning_guide_id(TableRow()) is None  # not linked yet
    assert content.owning_guide_id(Figure()) is None


def test_a_stored_text_is_named_as_the_document_names_it(seeded):
    cell = TableCell.objects.select_related("row", "column").filter(row__table__guide=seeded)[0]
    expected = f"table.{cell.row.table_id}.rows.{cell.row_id}.{cell.column.key}"
    assert content.text_path(cell, "text") == expected
    assert content.text_path(seeded, "title") == "title"
    assert content.text_path(Author(name="x"), "bio") == "author.bio"


def test_history_and_roles_follow_the_declared_parts():
    history = {model._meta.model_name for model in content.history_models()}
    assert {"guide", "section", "tablecell", "figure", "author", "tag"} <= history
    assert not {"glossaryterm", "reference", "codedsubject"} & history
    assert "glossaryterm" not in content.model_names(translators=True)
    assert content.model_names(shared=True) == ["author", "tag", "glossaryterm"]
