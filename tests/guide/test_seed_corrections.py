"""Corrections a translation reviewer asked for, pinned one by one in the shipped seed.

These read the seed files directly: no database. The Arabic ones hold once the complete
Arabic translation is in `guide/seed/`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[2] / "guide" / "seed"
SLUG = "opzelura-atopic-dermatitis"


def load(code: str) -> dict:
    return json.loads((SEED / f"{SLUG}.{code}.json").read_text("utf-8"))


def strings(value) -> Iterator[str]:
    """Every string of a translation file, keys excepted (anchors are English slugs)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def spanish_text() -> str:
    es = load("es")
    return "\n".join(s for s in strings({k: v for k, v in es.items() if k != "note"}))


GLOSSARY = json.loads((SEED / "glossary.json").read_text("utf-8"))


def glossary_texts(code: str, fields=("term", "definition", "expansion")) -> list[str]:
    return [t[f][code] for t in GLOSSARY["terms"] for f in fields if code in t.get(f, {})]


# The summary says no more than the text it summarises ("beginning in week 2").
EN_SUMMARY = (
    "Opzelura (ruxolitinib cream) is a prescription cream for eczema. In a new study, skin "
    "pain began to improve in week 2. This guide explains how it works, how to use it safely, "
    "what it may cost, and what to ask your skin doctor."
)
ES_SUMMARY = (
    "Opzelura (ruxolitinib en crema) es una crema de venta con receta para el eccema. En un "
    "estudio nuevo, el dolor de la piel empezó a mejorar en la semana 2. Esta guía explica "
    "cómo funciona, cómo usarla de forma segura, cuánto puede costar y qué preguntarle a su "
    "médico de la piel."
)


def test_english_summary_does_not_overstate_the_source():
    en = load("en")
    assert en["summary"] == EN_SUMMARY
    assert "within 2 weeks" not in en["summary"]
    assert en["summary_is_editorial"] is True


def test_spanish_summary_matches_the_english():
    es = load("es")
    assert es["summary"] == ES_SUMMARY
    assert "en 2 semanas" not in es["summary"]


def test_urgent_advice_heading_matches_its_body():
    section = load("es")["sections"]["when-to-seek-urgent-advice"]
    assert section["heading"] == "Cuándo pedir consejo médico urgente"
    assert "consultar a un médico" in section["paragraphs"][0]


def test_recurrent_infections():
    body = load("es")["sections"]["questions-to-ask-about-safety"]["paragraphs"][0]
    assert "infecciones recurrentes" in body
    assert "infecciones frecuentes" not in spanish_text()


def test_by_week_two_is_not_from_week_two():
    es = load("es")
    first = es["sections"][
        "opzelura-and-moderate-atopic-dermatitis-what-the-new-trial-signals-mean"
    ]
    assert "empezaron a mejorar para la segunda semana" in first["paragraphs"][1]
    assert "se informó mejoría del dolor para la semana 2" in es["comparison_table"]["rows"][0][2]
    text = spanish_text()
    assert "a partir de la segunda semana" not in text
    assert "hacia la semana 2" not in text


def test_questions_to_ask_keeps_to_ask():
    heading = load("es")["sections"]["questions-to-ask-about-safety"]["heading"]
    assert heading == "Preguntas que conviene hacer sobre la seguridad"


def test_janus_kinase_in_spanish_without_english():
    (jak,) = [t for t in GLOSSARY["terms"] if t["slug"] == "jak-inhibitor"]
    assert jak["expansion"]["es"] == "cinasa Janus"
    assert not any(re.search(r"\b(Jano|kinase)\b", text) for text in glossary_texts("es"))


def test_one_spelling_of_eccema():
    """Spanish writes "eccema", the spelling the Diccionario panhispánico de dudas prefers."""
    text = spanish_text() + "\n".join(glossary_texts("es"))
    assert re.search(r"\beccema\b", text)
    assert not re.search(r"\beczema\b", text, flags=re.I)
    (eczema,) = [t for t in GLOSSARY["terms"] if t["slug"] == "eczema"]
    assert eczema["term"]["es"] == "eccema"


def test_crema_hidratante_throughout():
    text = spanish_text() + "\n".join(glossary_texts("es"))
    assert "crema hidratante" in text and "cremas hidratantes" in text
    assert "humectante" not in text.lower()


@pytest.mark.parametrize("field", ["pronunciation", "abbreviation"])
def test_glossary_terms_have_their_own_pronunciation_and_abbreviation(field):
    """A translated term never carries the English word's pronunciation or abbreviation."""
    for term in GLOSSARY["terms"]:
        values = term.get(field, {})
        english = values.get("en")
        for code, value in values.items():
            if code != "en" and english and term["term"].get(code) != term["term"]["en"]:
                assert value != english or (field == "abbreviation" and value == "JAK"), (
                    term["slug"],
                    code,
                )


# Arabic: hold once the complete Arabic translation replaces the partial one.


def arabic_text() -> str:
    return "\n".join(strings({k: v for k, v in load("ar").items() if k != "note"}))


def test_arabic_moderate_means_moderate_severity():
    text = arabic_text()
    assert "التهاب الجلد التأتبي المتوسط" not in text
    assert "متوسط الشدة" in text


def test_arabic_escalating_care_not_treatment():
    section = load("ar")["sections"]["when-to-seek-urgent-advice"]
    assert "تصعيد العلاج" not in arabic_text()
    assert "رعاية" in section["paragraphs"][0]  # "care" (higher-level care), as in the English
