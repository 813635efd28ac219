"""The glossary: seeded idempotently, served per language, marked on first use only."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guide.accessibility_analysis.glossary_terms import (
    glossary_entries,
    import_glossary,
    known_words,
    mark_first_occurrences,
    unusual_words,
)
from guide.document import build_document, guide_tree_queryset
from guide.models import GlossaryTerm, Section
from guide.publishing import publish
from tests.support.guides import SEED_SLUG

REQUIRED = {
    "jak-inhibitor",
    "topical-corticosteroids",
    "calcineurin-inhibitors",
    "biologic",
    "emollient",
    "atopic-dermatitis",
    "eczema",
    "flare",
    "prior-authorization",
    "step-therapy",
    "formulary",
    "specialty-pharmacy",
    "patient-reported-outcomes",
    "body-surface-area",
}


@pytest.fixture
def glossary(db):
    import_glossary()
    return glossary_entries()


def test_seed_glossary_covers_the_required_terms_in_english_and_spanish(glossary):
    by_slug = {entry["slug"]: entry for entry in glossary}
    assert set(by_slug) >= REQUIRED
    for slug in REQUIRED:
        assert by_slug[slug]["definition"]["en"] and by_slug[slug]["definition"]["es"]
    assert by_slug["body-surface-area"]["abbreviation"]["en"] == "BSA"


def test_glossary_import_is_idempotent(glossary):
    again = import_glossary()
    assert (again.created, again.updated) == (0, 0)
    with CaptureQueriesContext(connection) as queries:
        synced = import_glossary(update=True)
    assert (synced.created, synced.updated) == (0, 0)
    assert not [q for q in queries.captured_queries if q["sql"].startswith(("INSERT", "UPDATE"))]
    term = GlossaryTerm.objects.get(slug="flare")
    term.definition_es = "cambiado"
    term.save()
    assert import_glossary().updated == 0  # editors own existing terms
    assert import_glossary(update=True).updated == 1


def test_first_occurrence_only_per_language(glossary):
    marked = mark_first_occurrences(
        [
            ("<p>A flare can hurt. Another flare may follow.</p>", "en"),
            ('<p>Flares again; <a href="https://example.org">eczema</a> then eczema.</p>', "en"),
            ("<p>Un brote de eccema.</p>", "es"),
        ],
        glossary,
    )
    assert marked[0].count("<dfn") == 1
    assert marked[0].startswith('<p>A <dfn title="A time when eczema gets worse')
    assert "Another flare may follow" in marked[0]
    assert "Flares again" in marked[1]  # already marked in the first block
    # Not inside a link; the next, unlinked use is the first mark.
    assert '<a href="https://example.org">eczema</a> then <dfn title="A group' in marked[1]
    # Spanish text gets Spanish definitions, marked on its own first use.
    assert '<dfn title="Un tiempo en que el eccema empeora' in marked[2]


def test_abbreviations_get_their_expansion(glossary):
    (marked,) = mark_first_occurrences(
        [("<p>Your BSA is measured. BSA matters.</p>", "en")], glossary
    )
    assert marked == (
        '<p>Your <abbr title="body surface area">BSA</abbr> is measured. BSA matters.</p>'
    )


def test_api_marks_each_term_once_per_guide_not_in_stored_content(client, seeded, glossary):
    publish(seeded, note="with the glossary")  # the glossary is frozen with each version
    body = client.get(f"/api/v1/guides/{SEED_SLUG}/").json()
    bodies = []

    def walk(sections):
        for section in sections:
            bodies.append(section["body"])
            bodies.extend(c["body"] for c in section.get("callouts", []))
            walk(section["subsections"])

    walk(body["sections"])
    html = "".join(bodies)
    titles = re.findall(r'<dfn title="([^"]*)">', html)
    assert len(titles) == len(set(titles)) >= 8
    eczema = next(e for e in glossary if e["slug"] == "eczema")["definition"]["en"]
    assert titles.count(eczema) == 1
    first = next(i for i, b in enumerate(bodies) if re.search(r"\beczema\b", b, re.I))
    assert "<dfn" in bodies[first] and eczema in bodies[first]
    assert not Section.objects.filter(body_en__contains="<dfn").exists()
    # The same marks as data, body by body, for apps that show definitions natively.
    marks = []

    def walk_terms(sections):
        for section in sections:
            marks.extend(section.get("terms", []))
            for callout in section.get("callouts", []):
                marks.extend(callout.get("terms", []))
            walk_terms(section["subsections"])

    walk_terms(body["sections"])
    terms = [m for m in marks if m["kind"] == "term"]
    assert [m["definition"] for m in terms] == [html_lib.unescape(t) for t in titles]
    eczema_mark = next(m for m in terms if m["term"] == "eczema")
    assert eczema_mark["definition"] == eczema and eczema_mark["text"].lower() == "eczema"
    assert all(m["expansion"] for m in marks if m["kind"] == "abbreviation")


def test_glossary_endpoint_per_language(client, glossary):
    spanish = client.get("/api/v1/glossary/", {"lang": "es"})
    assert spanish.status_code == 200
    assert spanish["Content-Language"] == "es"
    terms = {t["slug"]: t for t in spanish.json()["terms"]}
    assert terms["flare"]["term"] == "brote" and "fallback" not in terms["flare"]
    # A term without its Arabic texts falls back to English, marked.
    GlossaryTerm.objects.filter(slug="flare").update(term_ar=None, definition_ar=None)
    arabic = client.get("/api/v1/glossary/", {"lang": "ar"}).json()
    assert arabic["dir"] == "rtl"
    flare = next(t for t in arabic["terms"] if t["slug"] == "flare")
    assert flare["fallback"] == {"term": "en", "definition": "en"}
    bad = client.get("/api/v1/glossary/", {"lang": "xx"})
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"


def test_unusual_words_are_rare_and_not_in_the_glossary(seeded, glossary):
    document = build_document(guide_tree_queryset().get(slug=SEED_SLUG))
    words = unusual_words(document, "en", glossary)
    found = {word for word, _count, _zipf in words}
    assert "opzelura" in found
    assert all(zipf < 3.0 for _word, _count, zipf in words)
    known = known_words(glossary, "en")
    assert not found & known
    assert "emollients" not in found  # a plural of a glossary term
    assert unusual_words(document, "zh-hans", glossary) == []
