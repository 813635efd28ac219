"""Search over the index, and the filtered list of guides, in a bounded number of queries.

On PostgreSQL a search is one SQL statement: full-text match in the served language's
configuration (and in the source language's, for texts that fell back to it), plus a
substring match on folded text for Chinese (so a word jieba splits differently still
matches); ranked by `ts_rank_cd`, counted with a window function, and only the rows of the
page get a `ts_headline` snippet. On SQLite (the embedded development database) the
fallback matches every query word as a substring of the folded (lower-case, accent-free)
text, orders by guide and reading order, and cuts snippets in Python: no stemming, so
`flares` does not find `flare`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Case, Count, IntegerField, Value, When, Window

from api.search import text as search_text
from api.search.index import SEGMENTED, config_for
from api.search.models import SearchEntry
from guide.languages import SOURCE_LANGUAGE, Language

SEARCH_ORDERINGS = {
    "relevance": "rank DESC, slug, position",
    "-updated": "published_at DESC, rank DESC, slug, position",
    "updated": "published_at, rank DESC, slug, position",
}
LIST_ORDERINGS = {
    "slug": ("slug",),
    "title": ("guide_title", "slug"),
    "-updated": ("-published_at", "slug"),
    "updated": ("published_at", "slug"),
}
HEADLINE_OPTIONS = (
    f"StartSel={search_text.START}, StopSel={search_text.STOP}, MaxWords=35, MinWords=12, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)
_COLUMNS = (
    "slug",
    "part",
    "object_id",
    "anchor",
    "heading",
    "heading_language",
    "text",
    "text_language",
    "guide_title",
    "published_at",
)


@dataclass(frozen=True)
class Filters:
    tag: str | None = None
    updated_since: datetime | None = None


@dataclass(frozen=True)
class Hit:
    slug: str
    part: str
    object_id: int | None
    anchor: str
    heading: str
    heading_language: str
    text_language: str
    guide_title: str
    published_at: datetime
    snippet: str  # HTML: escaped text, matches in <mark>


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _pg_search(
    q: str, language: Language, filters: Filters, ordering: str, offset: int, limit: int
) -> tuple[int, list[Hit]]:
    config, source_config = config_for(language.code), config_for(SOURCE_LANGUAGE)
    segmented = language.code in SEGMENTED
    params: dict[str, Any] = {
        "config": config,
        "source_config": source_config,
        "q": q,
        "q_lang": search_text.segment(q) if segmented else q,
        "language": language.code,
        "limit": limit,
        "offset": offset,
        "options": HEADLINE_OPTIONS,
    }
    substring = ""
    if segmented and search_text.words(q):
        params["likes"] = [_like(w) for w in search_text.words(q)]
        substring = "OR (e.text_language = %(language)s AND e.folded LIKE ALL (%(likes)s))"
    where = ""
    if filters.tag:
        params["tag"] = f"% {filters.tag} %"
        where += " AND e.tags LIKE %(tag)s"
    if filters.updated_since:
        params["since"] = filters.updated_since
        where += " AND e.published_at >= %(since)s"
    columns = ", ".join(f"e.{c}" for c in _COLUMNS)
    sql = f"""
    WITH q AS (
        SELECT websearch_to_tsquery(%(config)s::regconfig, %(q_lang)s) AS ql,
               websearch_to_tsquery(%(source_config)s::regconfig, %(q)s) AS qs
    ), hits AS (
        SELECT {columns}, e.position, e.config, e.tokens,
               CASE WHEN e.config = %(config)s THEN q.ql ELSE q.qs END AS tsq,
               ts_rank_cd(e.vector, CASE WHEN e.config = %(config)s THEN q.ql ELSE q.qs END)
                   AS rank
        FROM search_searchentry e CROSS JOIN q
        WHERE e.language = %(language)s {where}
          AND ((e.config = %(config)s AND e.vector @@ q.ql)
               OR (e.config = %(source_config)s AND e.vector @@ q.qs)
               {substring})
    ), page AS (
        SELECT *, count(*) OVER () AS total FROM hits
        ORDER BY {SEARCH_ORDERINGS[ordering]} LIMIT %(limit)s OFFSET %(offset)s
    )
    SELECT {", ".join(_COLUMNS)}, total,
           ts_headline(
               config::regconfig,
               CASE WHEN text = '' THEN heading
                    WHEN tokens <> '' THEN substr(tokens, strpos(tokens, E'\\n') + 1)
                    ELSE text END,
               tsq, %(options)s
           ) AS headline
    FROM page ORDER BY {SEARCH_ORDERINGS[ordering]}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    total = rows[0][len(_COLUMNS)] if rows else 0
    hits = []
    for row in rows:
        values = dict(zip(_COLUMNS, row, strict=False))
        headline = row[-1]
        if values["text_language"] in SEGMENTED:  # and adjacent words as one match
            headline = search_text.unsegment(headline).replace(
                search_text.STOP + search_text.START, ""
            )
        if search_text.START not in headline:  # matched as a substring, not as words
            headline = search_text.substring_snippet(values["text"] or values["heading"], q) or (
                headline
            )
        hits.append(_hit(values, headline))
    return total, hits


def _hit(values: dict[str, Any], snippet: str) -> Hit:
    return Hit(
        slug=values["slug"],
        part=values["part"],
        object_id=values["object_id"],
        anchor=values["anchor"],
        heading=values["heading"],
        heading_language=values["heading_language"],
        text_language=values["text_language"],
        guide_title=values["guide_title"],
        published_at=values["published_at"],
        snippet=search_text.mark(snippet),
    )


def _filtered(language: Language, filters: Filters):
    rows = SearchEntry.objects.filter(language=language.code)
    if filters.tag:
        rows = rows.filter(tags__contains=f" {filters.tag} ")
    if filters.updated_since:
        rows = rows.filter(published_at__gte=filters.updated_since)
    return rows


def _fallback_search(
    q: str, language: Language, filters: Filters, ordering: str, offset: int, limit: int
) -> tuple[int, list[Hit]]:
    rows = _filtered(language, filters)
    for word in search_text.words(q):
        rows = rows.filter(folded__contains=word)
    guide_first = Case(
        When(part=SearchEntry.Part.GUIDE, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    order = {
        "relevance": (guide_first, "slug", "position"),
        "-updated": ("-published_at", "slug", "position"),
        "updated": ("published_at", "slug", "position"),
    }[ordering]
    page = list(
        rows.annotate(total=Window(Count("id")))
        .order_by(*order)
        .values(*_COLUMNS, "total")[offset : offset + limit]
    )
    total = page[0]["total"] if page else 0
    hits = []
    for values in page:
        snippet = search_text.substring_snippet(values["text"], q)
        if snippet is None:  # the words are in the heading only
            snippet = values["text"][:160] + (" …" if len(values["text"]) > 160 else "")
        hits.append(_hit(values, snippet))
    return total, hits


def search(
    q: str, language: Language, filters: Filters, ordering: str, offset: int, limit: int
) -> tuple[int, list[Hit]]:
    """(total hits, the hits of the page): one query on PostgreSQL, one on SQLite."""
    if connection.vendor == "postgresql":
        return _pg_search(q, language, filters, ordering, offset, limit)
    return _fallback_search(q, language, filters, ordering, offset, limit)


def guide_page(
    language: Language, filters: Filters, ordering: str, offset: int, limit: int
) -> tuple[int, list[str]]:
    """(total, slugs of the page) of live guides matching the list filters, in one query."""
    rows = _filtered(language, filters).filter(part=SearchEntry.Part.GUIDE)
    page = list(
        rows.annotate(total=Window(Count("id")))
        .order_by(*LIST_ORDERINGS[ordering])
        .values_list("slug", "total")[offset : offset + limit]
    )
    return (page[0][1] if page else 0), [slug for slug, _total in page]
