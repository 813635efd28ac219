"""Spanish syllabification by rule, for readability formulas that count syllables.

Hyphenation patterns (pyphen) mark where a word may be broken at a line end, which is not
the same as its syllables: they never split a hiatus ("guía", "real" count 1 instead of 2,
"analogía" 3 instead of 5), and across the seed's Spanish they undercounted by about 3%.
Spanish syllables follow from spelling alone (Real Academia Española, Ortografía 2010, §4):

- a nucleus is one vowel, a diphthong (a weak vowel i, u, ü, or word-final y, beside
  another vowel: "ciu-dad", "cau-sa", "hoy") or a triphthong ("U-ru-guay");
- two strong vowels (a, e, o) are in hiatus ("re-al", "le-er"), and so is an accented weak
  vowel (í, ú) beside a strong one ("guí-a", "ba-úl", "re-ír"); a doubled weak vowel too
  ("chi-i-ta");
- "ch", "ll", "rr" are one consonant, and the "u" of "qu"/"gu" before e or i is silent;
- between nuclei a single consonant opens the next syllable ("ca-sa"); a consonant followed
  by l or r (pl, br, tr, ...) stays together ("ma-dre", "hom-bre"); otherwise the last
  consonant opens the next syllable and the others close the previous one ("ins-tru-men-to").

The count of syllables is the count of nuclei; the split itself is exposed and tested
against hand-syllabified words (`tests/guide/accessibility_analysis/test_spanish_syllables.py`).
"""

from __future__ import annotations

import itertools

_VOWELS = frozenset("aeiouáéíóúü")
_STRONG = frozenset("aeoáéó")
_ACCENTED_WEAK = frozenset("íú")
# A consonant and l or r that begin a syllable together (tl is split, as in Spain: at-le-ta).
_ONSET_CLUSTERS = frozenset(
    {"pl", "pr", "bl", "br", "fl", "fr", "gl", "gr", "cl", "cr", "kl", "kr", "dr", "tr"}
)


def _units(word: str) -> list[tuple[str, bool]]:
    """The word as (letters, is_vowel) units: digraphs are one consonant."""
    w = word.lower()
    units: list[tuple[str, bool]] = []
    i = 0
    while i < len(w):
        pair = w[i : i + 2]
        if pair in ("ch", "ll", "rr"):
            units.append((pair, False))
            i += 2
            continue
        if pair in ("qu", "gu") and i + 2 < len(w) and w[i + 2] in "eéií":
            units.append((pair, False))  # the u is silent: que-so, gue-rra, guí-a
            i += 2
            continue
        char = w[i]
        if char == "y":
            final = i == len(w) - 1
            after_vowel = bool(units) and units[-1][1]
            units.append(("y", final and (after_vowel or len(w) == 1)))
        else:
            units.append((char, char in _VOWELS))
        i += 1
    return units


def _hiatus(a: str, b: str) -> bool:
    """Whether adjacent vowels `a`, `b` belong to different syllables."""
    if a in _STRONG and b in _STRONG:
        return True
    if (a in _ACCENTED_WEAK and b in _STRONG) or (b in _ACCENTED_WEAK and a in _STRONG):
        return True
    return a == b  # chi-i-ta, du-un-vi-ro


def syllabify(word: str) -> list[str]:
    """The syllables of one Spanish word, lower-cased ("analogía" -> a, na, lo, gí, a)."""
    units = _units(word)
    # Nuclei: runs of vowels, cut at each hiatus. Each item: (start, end) unit indexes.
    nuclei: list[list[int]] = []
    for index, (letters, vowel) in enumerate(units):
        if not vowel:
            continue
        if nuclei and nuclei[-1][1] == index - 1 and not _hiatus(units[index - 1][0], letters):
            nuclei[-1][1] = index
        else:
            nuclei.append([index, index])
    if not nuclei:
        return ["".join(letters for letters, _ in units)] if units else []
    bounds = [0]  # where each syllable starts, in units
    for left, right in itertools.pairwise(nuclei):
        consonants = [letters for letters, _ in units[left[1] + 1 : right[0]]]
        onset = 1
        if len(consonants) >= 2 and consonants[-2] + consonants[-1] in _ONSET_CLUSTERS:
            onset = 2
        bounds.append(right[0] - min(onset, len(consonants)))
    bounds.append(len(units))
    return [
        "".join(letters for letters, _ in units[start:end])
        for start, end in itertools.pairwise(bounds)
    ]


def count_syllables(word: str) -> int:
    """Syllables of one Spanish word; a word with no vowel (an acronym) counts as one."""
    return max(1, len(syllabify(word)))
