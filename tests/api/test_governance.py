"""Trust metadata in what readers get: references, disclaimer, publisher, canonical page,
honest dates and editorial marks, in the API, the JSON-LD and the embed."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import pytest
from pyld import jsonld

from api.glossary import render_term
from guide.accessibility_analysis.glossary_terms import glossary_entries, import_glossary
from guide.languages import all_languages, get_language
from guide.models import Guide
from guide.publishing import publish
from guide.trust import DISCLAIMER
from tests.support.guides import DETAIL, SEED_SLUG

JSONLD = f"/api/v1/guides/{SEED_SLUG}/jsonld/"
EMBED = f"/embed/v1/guides/{SEED_SLUG}/"
CONTEXT = Path(__file__).resolve().parents[1] / "data" / "schema.org.jsonld"
SOURCE = Path(
    os.environ.get(
        "SEED_SOURCE",
        Path(__file__).resolve().parents[3] / "shared" / "seed" / "opzelura-guide.txt",
    )
)


def test_references_are_served_and_cited(client, seeded):
    body = client.get(DETAIL).json()
    references = {ref["key"]: ref for ref in body["references"]}
    assert set(references) == {"source-article", "aad-2026-trial-report"}
    article = references["source-article"]
    assert (article["author"], article["date"]) == ("Maya Chen", "2026-05-27")
    # Nothing the source does not give: no invented link, DOI or publisher.
    assert all(ref["url"] is None and ref["doi"] is None for ref in body["references"])
    assert all(ref["publisher"] is None for ref in body["references"])
    cited = {key for s in body["sections"] for key in s["citations"]}
    cited |= {key for s in body["sections"] for sub in s["subsections"] for key in sub["citations"]}
    assert cited == set(references)
    assert body["faq"][1]["citations"] == ["aad-2026-trial-report"]
    assert body["faq"][0]["citations"] == []


def test_seed_references_name_only_what_the_source_names(seeded):
    if not SOURCE.exists():
        pytest.skip(f"seed source text not found at {SOURCE}")
    source = SOURCE.read_text("utf-8")
    for ref in seeded.references.all():
        assert ref.date and ref.date in source
        assert not ref.url and not ref.doi
    trial = seeded.references.get(key="aad-2026-trial-report")
    assert "2026 American Academy of Dermatology meeting" in source
    assert "2026 American Academy of Dermatology meeting" in trial.title


@pytest.mark.parametrize("language", [lang.code for lang in all_languages()])
def test_disclaimer_in_every_served_language(client, seeded, language):
    tag = get_language(language).tag
    body = client.get(DETAIL, {"lang": tag}).json()
    disclaimer = body["disclaimer"]
    assert disclaimer["text"] == DISCLAIMER[language]
    assert "fallback" not in disclaimer
    if language == "en":
        assert "translation_status" not in disclaimer
    else:  # machine-assisted until a reviewer confirms it
        assert disclaimer["translation_status"] == {"text": "machine"}
    page = client.get(EMBED, {"lang": tag}).content.decode()
    assert DISCLAIMER[language].split("。")[0].split(".")[0] in page


def test_publisher_and_canonical_page(client, db, settings):
    settings.PUBLISHER_NAME = "Riverside Patient Education"
    settings.PUBLISHER_URL = "https://patients.example.org/"
    settings.PUBLISHER_CORRECTIONS_EMAIL = "corrections@patients.example.org"
    from guide.seed_import import import_seed

    import_seed(SEED_SLUG)
    guide = Guide.objects.get(slug=SEED_SLUG)
    guide.canonical_url = "https://patients.example.org/{lang}/opzelura"
    guide.save()
    publish(guide, note="canonical page")
    body = client.get(DETAIL, {"lang": "es"}).json()
    assert body["canonical_url"] == "https://patients.example.org/es/opzelura"
    assert body["publisher"] == {
        "name": "Riverside Patient Education",
        "url": "https://patients.example.org/",
        "corrections_email": "corrections@patients.example.org",
        "corrections_url": None,
    }
    page = json.loads(client.get(JSONLD, {"lang": "es"}).content)
    assert page["@id"] == page["url"] == page["mainEntityOfPage"] == body["canonical_url"]
    assert page["publisher"]["name"] == "Riverside Patient Education"
    assert page["publisher"]["contactPoint"]["email"] == "corrections@patients.example.org"
    html = client.get(EMBED, {"lang": "es"}).content.decode()
    # The name in its own language (EMBED_PROVIDER_LANGUAGE) inside the Spanish sentence.
    assert 'Publicado por <span lang="en" dir="ltr">Riverside Patient Education</span>.' in html
    assert 'href="mailto:corrections@patients.example.org"' in html


def test_citations_in_jsonld_and_embed(client, seeded):
    page = json.loads(client.get(JSONLD).content)
    titles = {work["name"] for work in page["citation"]}
    assert len(titles) == 2 and all(w["@type"] == "CreativeWork" for w in page["citation"])
    article = next(w for w in page["citation"] if w.get("author"))
    assert article["author"] == {"@type": "Person", "name": "Maya Chen"}
    assert article["datePublished"] == "2026-05-27"
    html = client.get(EMBED, {"lang": "es"}).content.decode()
    assert '<h3 id="references">Fuentes</h3>' in html
    assert '<li id="ref-aad-2026-trial-report"><span lang="en" dir="ltr">' in html


def _local_loader(url: str, options=None) -> dict:
    """schema.org's context from a committed file: nothing is fetched."""
    if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
        raise AssertionError(f"unexpected remote document {url}")
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": json.loads(CONTEXT.read_text("utf-8")),
    }


def _keys(value) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if not key.startswith("@"):
                found.add(key)
            found |= _keys(item)
    elif isinstance(value, list):
        for item in value:
            found |= _keys(item)
    return found


def _expanded(value, properties: set[str], types: set[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "@type":
                types.update(item if isinstance(item, list) else [item])
            elif not key.startswith("@"):
                properties.add(key)
            _expanded(item, properties, types)
    elif isinstance(value, list):
        for item in value:
            _expanded(item, properties, types)


@pytest.mark.parametrize("lang", ["en", "es", "ar"])
def test_jsonld_expands_against_the_schema_org_context(client, seeded, lang):
    from guide.reviews import record_review
    from tests.support.roles import make_reviewer

    seeded.refresh_from_db()
    record_review(seeded, lang, make_reviewer())
    page = json.loads(client.get(JSONLD, {"lang": lang}).content)
    assert {"citation", "publisher", "lastReviewed", "reviewedBy", "mainEntityOfPage"} <= set(page)
    expanded = jsonld.expand(page, {"documentLoader": _local_loader})
    properties: set[str] = set()
    types: set[str] = set()
    _expanded(expanded, properties, types)
    # Every term used is a schema.org term of the context: none was dropped on expansion.
    assert {f"https://schema.org/{key}" for key in _keys(page)} <= properties
    assert all(t.startswith("https://schema.org/") for t in types)
    assert "https://schema.org/MedicalWebPage" in types


def test_date_modified_is_when_content_last_changed(client, seeded):
    first = client.get(DETAIL).json()["updated_at"]
    assert first == seeded.versions.get().published_at.isoformat()
    publish(seeded, note="republished, nothing changed")
    from django.core.cache import cache

    cache.clear()
    assert client.get(DETAIL).json()["updated_at"] == first
    assert json.loads(client.get(JSONLD).content)["dateModified"] == first
    seeded.refresh_from_db()
    seeded.subtitle_en = seeded.subtitle_en + " Updated."
    seeded.save()
    version = publish(seeded, note="subtitle changed")
    cache.clear()
    changed = client.get(DETAIL).json()["updated_at"]
    assert datetime.fromisoformat(changed) == version.published_at
    assert changed != first


def test_editorial_texts_are_marked(client, seeded):
    body = client.get(DETAIL, {"lang": "es"}).json()
    assert body["editorial"] == ["summary"]
    assert body["comparison_table"]["editorial"] == ["caption"]
    assert body["summary_readability"]["formula"] == "fernandez-huerta"


def test_readability_counts_for_each_block_heading_and_cell(client, seeded):
    body = client.get(DETAIL, {"lang": "es"}).json()
    first = body["sections"][0]
    figure = first["readability"]
    assert figure["words"] > 100 and figure["sentences"] >= 4 and figure["syllables"] > 200
    assert figure["characters"] > figure["words"]
    assert figure["long_sentences"] and all(s["words"] > 25 for s in figure["long_sentences"])
    assert first["heading_readability"]["words"] == len(first["heading"].split())
    table = body["comparison_table"]
    assert table["caption_readability"]["language"] == "es"
    cell = table["rows"][0]["readability"]["option"]
    assert table["rows"][0]["cells"]["option"] == "Opzelura (ruxolitinib tópico)"
    assert (cell["words"], cell["syllables"]) == (
        3,
        4 + 5 + 3,
    )  # op-ze-lu-ra ru-xo-li-ti-nib tó-pi-co
    chinese = client.get(DETAIL, {"lang": "zh-Hans"}).json()
    assert chinese["summary_readability"]["words"] >= 1


def test_glossary_terms_keep_pronunciation_and_abbreviation_to_their_language(db):
    import_glossary()
    entries = {e["slug"]: e for e in glossary_entries()}
    spanish = render_term(entries["atopic-dermatitis"], get_language("es"))
    assert spanish["term"] == "dermatitis atópica"
    assert spanish["pronunciation"] is None  # never "ay-TOP-ik der-muh-TY-tis"
    assert spanish["abbreviation"] == "DA"
    steroids = render_term(entries["topical-corticosteroids"], get_language("es"))
    assert steroids["abbreviation"] is None and steroids["expansion"] is None  # not "TCS"
    english = render_term(entries["topical-corticosteroids"], get_language("en"))
    assert (english["abbreviation"], english["pronunciation"]) == ("TCS", "KOR-tih-koh-STER-oydz")
    jak = render_term(entries["jak-inhibitor"], get_language("es"))
    assert (jak["abbreviation"], jak["expansion"]) == ("JAK", "cinasa Janus")
