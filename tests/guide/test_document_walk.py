"""The one walk over a document's texts."""

from __future__ import annotations

from guide.document import build_document, guide_tree_queryset, iter_texts
from guide.document_walk import walk
from guide.languages import SOURCE_LANGUAGE
from guide.translating.texts import guide_texts


def test_the_walk_names_every_text_once_and_agrees_with_the_stored_rows(seeded):
    document = build_document(guide_tree_queryset().get(pk=seeded.pk))
    nodes = list(walk(document))
    paths = [node.path for node in nodes]
    assert len(paths) == len(set(paths))
    assert paths[:4] == ["title", "subtitle", "summary", "faq_heading"]
    assert [path for path, _texts in iter_texts(document)] == paths
    # The same texts XLIFF reads from the database, counted from the document.
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
    assert answer.page == ("guide", seeded.pk)
    assert answer.target == {"model": "faq", "id": entry["id"], "index": 1}
    table = document["comparison_table"]
    row = table["rows"][0]
    key = table["columns"][0]["key"]
    assert nodes[f"table.{table['id']}.rows.{row['id']}.{key}"].page == ("tablerow", row["id"])
    assert nodes[f"table.{table['id']}.caption"].page == ("comparisontable", table["id"])
