"""What a word is, in every language the guides are written in: one definition for counting,
splitting and matching words.

A word is letters and digits with the combining marks written on them, joined by an
apostrophe or a hyphen. Python's `re` leaves combining marks out of `\\w` (they are not
alphanumeric), so `[^\\W_]+` cut Arabic words at every diacritic: "المحفّزات" (with a
shadda) came out as "المحف" and "زات", which inflated Arabic word counts and made the
fragments glossary candidates. The `regex` package (already required by wordfreq) has the
Unicode classes: `\\p{L}` letters, `\\p{M}` combining marks, `\\p{N}` digits.
"""

from __future__ import annotations

import regex

APOSTROPHES = "'\u2019"
_PART = r"[\p{L}\p{N}][\p{L}\p{M}\p{N}]*"
WORD = regex.compile(rf"{_PART}(?:[{APOSTROPHES}\-]{_PART})*")
# Around a term matched inside a text: no letter, mark, digit, underscore or hyphen.
NOT_BEFORE = r"(?<![\p{L}\p{M}\p{N}_\-])"
NOT_AFTER = r"(?![\p{L}\p{M}\p{N}_\-])"
_PUNCTUATION = regex.compile(r"[^\p{L}\p{M}\p{N}\s]")


def words_of(text: str) -> list[str]:
    return WORD.findall(text)


def has_word(text: str) -> bool:
    return WORD.search(text) is not None


def whole_word(pattern: str) -> str:
    """`pattern` as a regular expression that matches only a whole word (or phrase)."""
    return f"{NOT_BEFORE}{pattern}{NOT_AFTER}"


def strip_punctuation(text: str) -> str:
    return _PUNCTUATION.sub("", text)
