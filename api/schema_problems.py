"""The problem details (RFC 9457) of the v1 schema, and the responses of a read operation."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

PROBLEM_MEDIA_TYPE = "application/problem+json"


class Problem(serializers.Serializer):
    """RFC 9457 problem details; `type` names the problem, `detail` says what to fix."""

    type = serializers.CharField(help_text="URI reference of the problem type, `/problems/<slug>`")
    title = serializers.CharField()
    status = serializers.IntegerField(min_value=400, max_value=599)
    detail = serializers.CharField(help_text="What went wrong with this request and how to fix it")
    supported_languages = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="With `unsupported-language`"
    )
    supported_versions = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="With `unknown-api-version`"
    )
    # The problem member is named `errors`, over `Serializer.errors` (never validated here).
    errors = serializers.DictField(  # type: ignore[assignment]
        required=False, help_text="Per-field messages, when known"
    )
    known_parameters = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="With an unknown query parameter: the ones this address takes",
    )


ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "`unsupported-language` (lists `supported_languages`) or `invalid-request` "
    "(a parameter, the query string or a header is malformed; `detail` names it); on sync, "
    "`invalid-cursor`.",
    401: "`authentication-failed`: the API key sent is wrong, revoked or inactive.",
    403: "`invalid-preview-token`: the preview link is altered or expired.",
    404: "`not-found`: no published guide, part, version or page at this address (or a "
    "path parameter of the wrong form).",
    406: "`not-acceptable`: the response is JSON; accept `application/json` or `*/*`.",
    413: "`payload-too-large`: the API is read-only and takes no request body.",
    414: "`uri-too-long`: the query string is too long.",
    429: "`rate-limited`: wait for `Retry-After` seconds.",
    501: "`not-implemented`: a `format` other than `json` was asked for; only JSON is offered.",
    503: "`service-unavailable`: a service we depend on is down and no stored copy could be "
    "served; retry after `Retry-After` seconds. Copies you hold stay valid. For a handout, "
    "`handout-not-ready`: it is being rendered; ask again after `Retry-After` seconds.",
}

# What any read of the API can answer besides success.
COMMON_ERRORS = (400, 401, 406, 413, 414, 429, 503)


def responses(
    ok: type[serializers.Serializer],
    *errors: int,
    media_types: tuple[str, ...] = ("application/json",),
    not_modified: bool = True,
) -> dict:
    """The `responses` of a read operation: its body, 304 when it is conditional, and every
    error status it can give (the common ones plus `errors`) as a `Problem`."""
    documented: dict = {(200, media_type): ok for media_type in media_types}
    if not_modified:
        documented[304] = OpenApiResponse(
            description="Not modified: the `If-None-Match` (or `If-Modified-Since`) copy is "
            "current. No body."
        )
    for status in sorted({*COMMON_ERRORS, *errors}):
        documented[(status, PROBLEM_MEDIA_TYPE)] = OpenApiResponse(
            response=Problem, description=ERROR_DESCRIPTIONS[status]
        )
    return documented
