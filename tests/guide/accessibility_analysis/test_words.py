"""Words keep their combining marks: Arabic harakat do not split a word in two."""

from __future__ import annotations

import pytest
import regex

from guide.accessibility_analysis.glossary_terms import glossary_entries, mark_html, unusual_words
from guide.accessibility_analysis.readability import count_words, readability
from guide.accessibility_analysis.words import whole_word, words_of
from guide.document import build_document, guide_tree_queryset
from guide.document_walk import walk
from guide.sanitize import html_to_text
from tests.support.guides import SEED_SLUG

# Real words, each written with marks inside it: shadda (U+0651), fatha, damma, kasra,
# sukun and tanween.
MARKED = [
    "المحفّزات",  # the triggers: shadda
    "مُرَطِّب",  # moisturiser: damma, fatha, kasra and shadda
    "تَهَيُّج",  # irritation: fatha and damma with shadda
    "يَشْعُر",  # he feels: sukun
    "أحيانًا",  # sometimes: tanween fath
    "الجِلْد",  # the skin: kasra and sukun
]


@pytest.mark.parametrize("word", MARKED)
def test_a_word_with_harakat_is_one_word(word):
    assert words_of(word) == [word]
    assert words_of(f"«{word}»، {word}.") == [word, word]


def test_arabic_word_counts_do_not_depend_on_diacritics():
    with_marks = "تجنَّب المُحفِّزات، واستخدم المُرَطِّب يوميًّا على الجِلْد الجاف."
    without = regex.sub(r"\p{M}", "", with_marks)
    assert count_words(with_marks, "ar") == count_words(without, "ar") == 8
    assert readability(with_marks, "ar").words == 8
    assert words_of("don't re-apply") == ["don't", "re-apply"]  # joiners still join


def test_a_term_does_not_match_the_start_of_a_longer_marked_word():
    entry = {
        "slug": "fragment",
        "term": {"ar": "المحف"},
        "definition": {"ar": "تعريف"},
        "abbreviation": {},
        "expansion": {},
        "also_matches": {},
    }
    assert "<dfn" not in mark_html("<p>تجنّب المحفّزات.</p>", "ar", [entry], set())
    entry["term"] = {"ar": "المحفّزات"}
    assert '<dfn title="تعريف">المحفّزات</dfn>' in mark_html(
        "<p>تجنّب المحفّزات.</p>", "ar", [entry], set()
    )


def test_arabic_glossary_candidates_of_the_seed_are_whole_words(seeded):
    document = build_document(guide_tree_queryset().get(slug=SEED_SLUG))
    arabic = "\n".join(
        html_to_text(node.texts["ar"]) if node.html else node.texts["ar"]
        for node in walk(document)
        if node.texts.get("ar")
    )
    candidates = [w for w, _n, _z in unusual_words(document, "ar", glossary_entries(), limit=60)]
    assert candidates
    for word in candidates:
        assert regex.search(whole_word(regex.escape(word)), arabic, regex.I), word
    assert any(regex.search(r"\p{M}", word) for word in candidates)  # marked words kept whole
