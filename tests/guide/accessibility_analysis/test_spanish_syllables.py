"""The Spanish syllabifier against words syllabified by hand (RAE, Ortografía 2010)."""

from __future__ import annotations

import re

import pytest

from guide.accessibility_analysis.readability import count_syllables, readability
from guide.accessibility_analysis.spanish_syllables import syllabify

# Hand-syllabified: diphthongs, triphthongs, hiatus (strong vowels, accented í/ú), silent
# u of qu/gu, ü, y as a vowel, the digraphs ch/ll/rr, onset clusters and longer codas.
WORDS = """
gu-í-a:guí-a re-al:re-al a-na-lo-gí-a:a-na-lo-gí-a
ciu-dad cui-da-do piel bue-no tiem-po cau-sa ai-re eu-ro oi-go hoy muy rey ley
es-tu-dio se-ma-na do-lor me-jo-rí-a dí-a pa-ís ra-íz ba-úl re-ú-ne o-í-do le-er cre-er
po-e-ta te-a-tro ca-o-ba hé-ro-e o-cé-a-no a-é-re-o u-ru-guay buey a-ve-ri-guáis
lim-piáis miau gue-rra gui-so que-so quie-ro pin-güi-no ci-güe-ña a-gua len-gua an-ti-guo
hom-bre ma-dre pa-dre pro-ble-ma flor in-glés ti-gre cua-tro ins-tru-men-to obs-tá-cu-lo
cons-truir trans-por-te pers-pec-ti-va ex-tra-ño e-xa-men ta-xi ca-rro pe-rro ca-lle
lla-ma no-che mu-cho cho-co-la-te cás-ca-ra mos-ca car-ne ár-bol cam-po ac-ción lec-ción
a-pli-car cre-ma hi-dra-tan-te re-ce-ta mé-di-co far-ma-céu-ti-co ec-ce-ma der-ma-ti-tis
a-tó-pi-ca tó-pi-co in-fla-ma-ción tra-ta-mien-to in-hi-bi-dor pi-ca-zón se-gu-ri-dad
pa-cien-te cien-cia rui-do viu-da pia-no nie-ve sua-ve hue-vo hie-lo a-ho-ra bú-ho
pro-hí-be re-ír fre-ír ma-íz ra-úl ma-rí-a rí-o tí-o ac-tú-a con-ti-nú-a con-ti-nua
e-va-lú-e ca-í-da le-í-do a-ún a-hí o-ír in-cre-í-ble zo-o-ló-gi-co co-o-pe-rar chi-i-ta
guion ruin flui-do je-sui-ta en-sa-yo ma-yo ye-so re-yes voy pa-ra-guay es-toy bien
des-pués se-mes-tre abs-trac-to ex-pli-car bio-lo-gí-a eu-ro-pa au-tor deu-da vein-te
boi-na die-ci-séis tam-bién in-mu-ni-ta-rio sis-té-mi-co cor-ti-coi-des e-mo-lien-te
cal-ci-neu-ri-na ru-xo-li-ti-nib ja-nus ci-na-sa cuí-da-te
"""


def _cases() -> list[tuple[str, list[str]]]:
    cases = []
    for item in WORDS.split():
        syllables = item.split(":")[-1].split("-")
        cases.append(("".join(syllables), syllables))
    return cases


CASES = _cases()


def test_there_are_at_least_a_hundred_words_with_diphthongs_and_hiatus():
    assert len({word for word, _ in CASES}) >= 100
    assert sum("í" in w or "ú" in w for w, _ in CASES) >= 20  # hiatus with an accented vowel
    diphthong = re.compile(r"(?<![qg])[aeiouáéíóúü][aeiouáéíóúüy]")
    assert sum(any(diphthong.search(s) for s in syl) for _, syl in CASES) >= 40


@pytest.mark.parametrize(("word", "syllables"), CASES, ids=[w for w, _ in CASES])
def test_hand_syllabified_word(word, syllables):
    assert syllabify(word) == syllables
    assert count_syllables(word, "es") == len(syllables)


def test_the_cases_hyphenation_patterns_got_wrong():
    assert [count_syllables(w, "es") for w in ("guía", "real", "analogía")] == [2, 2, 5]


def test_capitals_and_acronyms():
    assert syllabify("Opzelura") == ["op", "ze", "lu", "ra"]
    assert count_syllables("TCS", "es") == 1  # no vowel: counted as one
    assert count_syllables("Guía", "es-MX") == 2


def test_readability_uses_it():
    result = readability("La guía es real.", "es")
    assert result.syllables == 1 + 2 + 1 + 2
