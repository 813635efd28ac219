"""Text as search sees it: folded for accent- and case-insensitive matching, Chinese split
into words, and snippets with the matches marked.

Pure functions, shared by the PostgreSQL search and the SQLite fallback.
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from functools import cache

# Start and end of a match inside a snippet before it is escaped; stripped from indexed text.
START, STOP = "\u27e6", "\u27e7"
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}{START}{STOP}])\s+(?=[{_CJK}{START}{STOP}])")
# Letters that do not decompose into a base letter and a combining mark.
_EXTRA = {"đ": "d", "Đ": "d", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "æ": "ae", "œ": "oe"}


def _fold_char(char: str) -> str:
    if char in _EXTRA:
        return _EXTRA[char]
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str) -> str:
    """Lower case without accents: `Pérdida` -> `perdida`, `Đau` -> `dau`. Arabic vowel
    marks (harakat) are combining marks too, so they go the same way."""
    return "".join(_fold_char(c) for c in text)


def fold_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index in `text` it came from."""
    out, positions = [], []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        out.append(folded)
        positions.extend([index] * len(folded))
    return "".join(out), positions


def clean(text: str) -> str:
    return text.replace(START, "").replace(STOP, "")


@cache
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()  # loads the dictionary shipped in the package; nothing is downloaded
    return jieba


def segment(text: str) -> str:
    """Chinese words separated by spaces (jieba's precise mode), so PostgreSQL's `simple`
    parser sees words; text without Chinese characters comes back unchanged."""
    if not re.search(rf"[{_CJK}]", text):
        return text
    return " ".join(w for w in _jieba().cut(text) if w.strip())


def unsegment(text: str) -> str:
    """Undo `segment` between Chinese characters (and around match marks)."""
    return _SPACE_BETWEEN_CJK.sub("", text)


def mark(snippet: str) -> str:
    """Escape a snippet and turn the match sentinels into `<mark>` elements."""
    escaped = html.escape(snippet, quote=False)
    return escaped.replace(START, "<mark>").replace(STOP, "</mark>")


def words(query: str) -> list[str]:
    """Folded words of a query for substring matching (a Chinese run is one word)."""
    return [w for w in fold(query).split() if w]


def substring_snippet(text: str, query: str, width: int = 160) -> str | None:
    """A window of `text` around the first match of any query word, matches sentinel-marked;
    None when no word occurs."""
    folded, positions = fold_with_positions(text)
    spans = []
    for word in words(query):
        for found in re.finditer(re.escape(word), folded):
            start = positions[found.start()]
            end = positions[found.end() - 1] + 1
            spans.append((start, end))
    if not spans:
        return None
    spans.sort()
    first = spans[0][0]
    lo = max(0, first - width // 3)
    hi = min(len(text), lo + width)
    if lo > 0 and " " in text[lo:first]:
        lo = text.index(" ", lo) + 1  # start at a word boundary where there are spaces
    out, cursor = [], lo
    for start, end in spans:
        if start < cursor or end > hi:
            continue
        out.extend([text[cursor:start], START, text[start:end], STOP])
        cursor = end
    out.append(text[cursor:hi])
    prefix = "… " if lo > 0 else ""
    suffix = " …" if hi < len(text) else ""
    return prefix + "".join(out).strip() + suffix
