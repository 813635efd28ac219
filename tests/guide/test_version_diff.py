"""The diff between two guide documents: words, texts and structure, per language."""

from __future__ import annotations

import copy

from guide.document import build_document, guide_tree_queryset
from guide.version_diff import EMPTY_DOCUMENT, Piece, diff_documents, tokens, word_diff


def by_code(diffs):
    return {d.language.code: d for d in diffs}


def working(guide):
    return build_document(guide_tree_queryset().get(pk=guide.pk))


def test_word_diff_marks_whole_words_inserted_and_deleted():
    pieces = word_diff("Apply a thin layer twice a day.", "Apply a thin layer once a day.")
    assert [p for p in pieces if p.kind != "same"] == [Piece("del", "twice"), Piece("ins", "once")]
    assert "".join(p.text for p in pieces if p.kind != "ins") == "Apply a thin layer twice a day."
    assert "".join(p.text for p in pieces if p.kind != "del") == "Apply a thin layer once a day."


def test_chinese_is_compared_per_character_and_arabic_words_keep_their_marks():
    assert tokens("每天两次") == ["每", "天", "两", "次"]
    assert tokens("المحفّزات الشائعة") == ["المحفّزات", " ", "الشائعة"]
    changed = [p for p in word_diff("每天两次", "每天一次") if p.kind != "same"]
    assert changed == [Piece("del", "两"), Piece("ins", "一")]


def test_identical_documents_have_no_changes(seeded):
    document = working(seeded)
    assert not any(d.changed for d in diff_documents(document, copy.deepcopy(document)))


def test_a_spanish_edit_shows_only_in_spanish_as_a_word_change(seeded):
    old = working(seeded)
    new = copy.deepcopy(old)
    entry = new["faq"][0]
    entry["answer"]["es"] = entry["answer"]["es"] + " Consulte a su médico."
    diffs = by_code(diff_documents(old, new))
    assert not diffs["en"].changed and not diffs["fr"].changed
    [change] = diffs["es"].texts
    assert (change.path, change.kind) == (f"faq.{entry['id']}.answer", "changed")
    assert [p.text.strip() for p in change.pieces if p.kind == "ins"] == ["Consulte a su médico."]
    assert not [p for p in change.pieces if p.kind == "del"]


def test_html_bodies_are_compared_as_read_and_markup_only_changes_are_named(seeded):
    old = working(seeded)
    new = copy.deepcopy(old)
    section = new["sections"][0]
    section["body"]["en"] = section["body"]["en"].replace("<p>", '<p class="x">', 1)
    [change] = by_code(diff_documents(old, new))["en"].texts
    assert change.kind == "markup"
    section["body"]["en"] = "<p>Only <strong>this</strong>.</p>"
    [change] = by_code(diff_documents(old, new))["en"].texts
    assert change.kind == "changed"
    assert "<" not in "".join(p.text for p in change.pieces)


def test_translation_added_and_removed(seeded):
    old = working(seeded)
    new = copy.deepcopy(old)
    old["title"].pop("vi")
    new["title"].pop("fr")
    diffs = by_code(diff_documents(old, new))
    assert [(c.path, c.kind) for c in diffs["vi"].texts] == [("title", "added")]
    assert [(c.path, c.kind) for c in diffs["fr"].texts] == [("title", "removed")]


def test_structure_sections_faq_and_rows_added_removed_and_moved(seeded):
    old = working(seeded)
    new = copy.deepcopy(old)
    removed_section = new["sections"].pop()
    new["faq"].reverse()
    table = new["comparison_table"]
    assert table and len(table["rows"]) > 1 and len(new["faq"]) > 1
    added_row = copy.deepcopy(table["rows"][0])
    added_row["id"] = 10**9
    table["rows"].append(added_row)
    diffs = by_code(diff_documents(old, new))
    parts = {(p.part, p.kind) for p in diffs["es"].parts}
    assert ("section", "removed") in parts
    assert ("faq", "moved") in parts
    assert ("row", "added") in parts
    removed = next(p for p in diffs["es"].parts if p.kind == "removed")
    assert removed.label == removed_section["heading"]["es"]
    assert removed.label_language == "es"
    # Moving is structure only: the texts of the moved entries did not change.
    assert not any(c.path.startswith("faq.") for c in diffs["es"].texts)


def test_against_nothing_everything_is_added(seeded):
    diffs = by_code(diff_documents(EMPTY_DOCUMENT, working(seeded)))
    assert diffs["en"].texts and all(c.kind == "added" for c in diffs["en"].texts)
    assert {p.kind for p in diffs["en"].parts} == {"added"}
