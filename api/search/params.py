"""Query parameters of search and of the guide list's filters: parsed, or a 400 problem."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time

from django.http import QueryDict
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.utils import OpenApiParameter

from api.problems import ProblemException
from api.search.query import LIST_ORDERINGS, SEARCH_ORDERINGS, Filters

MAX_QUERY_LENGTH = 100
_SLUG = re.compile(r"^[-a-z0-9_]{1,100}$")

TAG_PARAMETER = OpenApiParameter(
    "tag",
    {"type": "string", "pattern": _SLUG.pattern},
    description="Only guides with this tag (its slug, e.g. `dermatology`).",
    required=False,
)
UPDATED_SINCE_PARAMETER = OpenApiParameter(
    "updated_since",
    {"type": "string", "format": "date"},
    description="Only guides published (or republished) on or after this date "
    "(`2026-05-27`, from midnight UTC). An ISO 8601 time (`2026-05-27T08:00:00Z`; without "
    "an offset, UTC) is accepted too.",
    required=False,
)
# Some text besides white space, and no control characters (tabs and newlines are spaces).
_ALLOWED = r"[^\x00-\x08\x0e-\x1f\x7f-\x9f]"
_VISIBLE = r"[^\x00-\x08\x0e-\x1f\x7f-\x9f\s]"
Q_PATTERN = f"^{_ALLOWED}*{_VISIBLE}{_ALLOWED}*$"


def ordering_parameter(choices: dict, default: str) -> OpenApiParameter:
    return OpenApiParameter(
        "ordering",
        str,
        enum=list(choices),
        description=f"Order of the results (default `{default}`); `-updated` is newest first.",
        required=False,
    )


def query_text(params: QueryDict) -> str:
    """The query with its white space collapsed; checked exactly as the schema says."""
    raw = params.get("q", "")
    if len(raw) > MAX_QUERY_LENGTH:
        raise ProblemException(
            "invalid-request", f"`q` is at most {MAX_QUERY_LENGTH} characters long."
        )
    if not re.search(r"\S", raw):
        raise ProblemException("invalid-request", "`q` (the words to search for) is required.")
    if not re.match(Q_PATTERN, raw):
        raise ProblemException("invalid-request", "`q` contains control characters.")
    return " ".join(raw.split())


def filters(params: QueryDict) -> Filters:
    tag = params.get("tag")
    if tag is not None and not _SLUG.match(tag):
        raise ProblemException("invalid-request", "`tag` must be a tag slug, e.g. `dermatology`.")
    raw = params.get("updated_since")
    since = None
    if raw is not None:
        try:
            since = parse_datetime(raw)
            if since is None and (day := parse_date(raw)) is not None:
                since = datetime.combine(day, time.min)
        except ValueError:
            since = None
        if since is None:
            raise ProblemException(
                "invalid-request",
                "`updated_since` must be a date (2026-05-27) or an ISO 8601 time; "
                f"got {raw[:40]!r}.",
            )
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        try:
            since = since.astimezone(UTC)
        except OverflowError:  # an offset that takes year 1 or 9999 past the calendar
            since = (datetime.min if since.year < 5000 else datetime.max).replace(tzinfo=UTC)
    return Filters(tag=tag, updated_since=since)


def ordering(params: QueryDict, choices: dict, default: str) -> str:
    value = params.get("ordering", default)
    if value not in choices:
        raise ProblemException(
            "invalid-request",
            f"`ordering` must be one of {', '.join(choices)}; got {value[:40]!r}.",
        )
    return value


def search_ordering(params: QueryDict) -> str:
    return ordering(params, SEARCH_ORDERINGS, "relevance")


def list_ordering(params: QueryDict) -> str:
    return ordering(params, LIST_ORDERINGS, "slug")


def check_known(params: QueryDict, known: frozenset[str]) -> None:
    """Unknown parameters are a 400 that lists the known ones (a typo is not ignored)."""
    unknown = sorted(set(params) - known)
    if unknown:
        raise ProblemException(
            "invalid-request",
            f"Unknown query parameter {unknown[0][:40]!r}. Known: {', '.join(sorted(known))}.",
        )
