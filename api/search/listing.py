"""The guide list with filters (`?tag=`, `?updated_since=`, `?ordering=`).

The unfiltered list stays the cached path of `api.snapshots.live_page`. Filtered pages ask
the search index, which has one `guide` row per live guide and language (tags, publish
time, title as served), then fetch those guides' stored summaries: two queries.
"""

from __future__ import annotations

import orjson

from api.models import RenderedGuide
from api.search.query import Filters, guide_page
from api.snapshots import API_VERSION
from guide.languages import Language

FILTER_PARAMETERS = frozenset({"tag", "updated_since", "ordering"})


def filtered_page(
    language: Language, filters: Filters, ordering: str, offset: int, limit: int
) -> tuple[int, list[dict]]:
    total, slugs = guide_page(language, filters, ordering, offset, limit)
    if not slugs:
        return total, []
    bodies = dict(
        RenderedGuide.objects.filter(
            live=True, api_version=API_VERSION, language=language.code, kind="summary"
        )
        .filter(slug__in=slugs)
        .values_list("slug", "body")
    )
    return total, [orjson.loads(bodies[slug]) for slug in slugs if slug in bodies]
