"""The one walk over a document's texts."""

from __future__ import annotations

from lxml import etree

from guide.document import build_document, guide_tree_queryset, iter_texts
from guide.document_walk import walk
from guide.languages import SOURCE_LANGUAGE
from guide.translating.texts import guide_texts
from guide.translating.xliff import XLIFF_NAMESPACE, export_xliff


def test_the_walk_names_every_text_once_and_agrees_with_the_stored_rows(seeded):
    document = build_document(guide_tree_queryset().get(pk=seeded.pk))
    nodes = list(walk(document))
    paths = [node.path for node in nodes]
    assert len(paths) == len(set(paths))
    assert paths[:4] == ["title", "subtitle", "summary", "faq_heading"]
    assert [path for path, _texts in iter_texts(document)] == paths
    # The same texts XLIFF reads from the database, named the same way.
    assert {node.path for node in nodes if node.source} == {t.path for t in guide_texts(seeded)}
    assert sum(1 for node in nodes if node.source) == len(guide_texts(seeded))
    assert [n.path for n in nodes if n.source and not n.texts.get(SOURCE_LANGUAGE)] == []


def test_bodies_are_html_at_their_sections_heading_level(seeded):
    document = build_document(guide_tree_queryset().get(pk=seeded.pk))
    nodes = list(walk(document))
    html = {node.path for node in nodes if node.html}
    assert html and all(path.endswith(".body") and path[0] in "sc" for path in html)
    section = document["sections"][0]
    levels = {node.path: node.level for node in nodes}
    assert levels[f"sections.{section['id']}.heading"] == 2
    sub = next(s for s in document["sections"] if s["subsections"])["subsections"][0]
    assert levels[f"sections.{sub['id']}.body"] == 3
    assert levels["title"] is None


def test_each_text_knows_its_admin_page(seeded):
    document = build_document(guide_tree_queryset().get(pk=seeded.pk))
    nodes = {node.path: node for node in walk(document)}
    entry = document["faq"][1]
    answer = nodes[f"faq.{entry['id']}.answer"]
    assert answer.page == ("faqentry", entry["id"])  # each entry has a page of its own
    assert answer.target == {"model": "faq", "id": entry["id"], "index": 1}
    table = document["comparison_table"]
    row = table["rows"][0]
    key = table["columns"][0]["key"]
    assert nodes[f"table.{table['id']}.rows.{row['id']}.{key}"].page == ("tablerow", row["id"])
    assert nodes[f"table.{table['id']}.caption"].page == ("comparisontable", table["id"])


def test_xliff_keeps_its_row_ids_and_names_each_unit_by_its_document_id(seeded):
    """Files exported before keep importing (ids), and a translator sees the same name as
    the warnings and the to-fix page (resname)."""
    document = build_document(guide_tree_queryset().get(pk=seeded.pk))
    section = document["sections"][0]
    units = {
        unit.get("id"): unit.get("resname")
        for unit in etree.fromstring(export_xliff(seeded, "es")).iter(
            f"{{{XLIFF_NAMESPACE}}}trans-unit"
        )
    }
    assert units[f"section.{section['id']}.body"] == f"sections.{section['id']}.body"
    assert set(units.values()) == {node.path for node in walk(document) if node.source}
