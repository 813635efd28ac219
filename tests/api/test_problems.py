"""Problem details (RFC 9457) as clients receive them: the members, the status, the media type,
and what DRF's own errors become."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response

from api.partners.keys import create_key
from api.partners.models import Partner
from api.problems import ProblemException, exception_handler, problem_response
from tests.support.guides import DETAIL
from tests.support.problems import PROBLEM


def handled(exc: Exception) -> Response:
    response = exception_handler(exc, {})
    assert response is not None
    assert response.content_type == PROBLEM
    return response


def test_a_problem_response_has_the_five_members_and_its_media_type():
    response = problem_response("not-found", "No guide is called “eczéma”.")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert json.loads(response.content) == {
        "type": "/problems/not-found",
        "title": "Not found",
        "status": 404,
        "detail": "No guide is called “eczéma”.",
    }
    # UTF-8 as written, not \u escapes: the detail reads the same in a log or a terminal.
    assert "“eczéma”".encode() in response.content


def test_a_problem_response_can_carry_another_status_headers_and_members():
    response = problem_response(
        "invalid-request",
        "If-Match does not match.",
        status=412,
        headers={"Retry-After": "30", "ETag": '"abc"'},
        known_parameters=["lang"],
    )
    assert response.status_code == 412
    assert response["Retry-After"] == "30" and response["ETag"] == '"abc"'
    body = json.loads(response.content)
    assert (body["type"], body["status"], body["known_parameters"]) == (
        "/problems/invalid-request",
        412,
        ["lang"],
    )


def test_a_problem_exception_keeps_its_type_status_and_members():
    response = handled(
        ProblemException("unsupported-language", "Language 'de' is not served.", served=["en"])
    )
    assert response.status_code == 400
    assert response.data == {
        "type": "/problems/unsupported-language",
        "title": "Unsupported language",
        "status": 400,
        "detail": "Language 'de' is not served.",
        "served": ["en"],
    }
    assert handled(ProblemException("rate-limited", "Slow down.")).status_code == 429


def test_field_errors_are_flattened_into_the_detail_and_kept_as_errors():
    errors = {"q": ["Too long."], "page": {"number": ["Not a number.", "Too big."]}}
    response = handled(exceptions.ValidationError(errors))
    assert response.status_code == 400
    assert response.data["type"] == "/problems/invalid-request"
    assert response.data["title"] == "Invalid request"
    assert response.data["detail"] == "q: Too long.; page: number: Not a number.; Too big."
    assert response.data["errors"] == errors


def test_a_list_of_errors_is_a_detail_without_an_errors_member():
    response = handled(exceptions.ValidationError(["Too long.", "Too short."]))
    assert response.data["detail"] == "Too long.; Too short."
    assert "errors" not in response.data


@pytest.mark.parametrize(
    ("exc", "status", "slug"),
    [
        (exceptions.NotFound(), 404, "not-found"),
        (exceptions.MethodNotAllowed("POST"), 405, "method-not-allowed"),
        (exceptions.NotAcceptable(), 406, "not-acceptable"),
        (exceptions.UnsupportedMediaType("text/xml"), 415, "unsupported-media-type"),
        (exceptions.AuthenticationFailed(), 401, "authentication-failed"),
        (exceptions.NotAuthenticated(), 401, "authentication-failed"),
        (exceptions.PermissionDenied(), 403, "permission-denied"),
        (exceptions.Throttled(wait=30), 429, "rate-limited"),
        (exceptions.ParseError(), 400, "invalid-request"),
        # Django's own, raised inside a DRF view: DRF answers them, with their own type.
        (Http404("No such rendition."), 404, "not-found"),
        (DjangoPermissionDenied(), 403, "permission-denied"),
    ],
)
def test_drf_errors_become_the_problem_type_of_their_status(exc, status, slug):
    response = handled(exc)
    assert response.status_code == status == response.data["status"]
    assert response.data["type"] == f"/problems/{slug}"


def test_a_django_404_inside_a_view_keeps_its_message():
    assert handled(Http404("No such rendition.")).data["detail"] == "No such rendition."


def test_a_throttled_answer_says_when_to_come_back():
    response = handled(exceptions.Throttled(wait=30))
    assert response["Retry-After"] == "30"
    assert "30 seconds" in response.data["detail"]


def test_an_unexpected_error_is_left_to_the_middleware():
    assert exception_handler(RuntimeError("boom"), {}) is None


def test_an_unsupported_language_over_the_drf_view_lists_the_served_ones(seeded, client):
    partner = Partner.objects.create(name="Clinic", slug="clinic")
    _, key = create_key(partner, "site")  # a keyed request takes the DRF view
    response = client.get(DETAIL, {"lang": "de"}, HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert (body["type"], body["title"], body["status"]) == (
        "/problems/unsupported-language",
        "Unsupported language",
        400,
    )
    assert body["detail"].startswith("Language 'de' is not served.")
    assert body["supported_languages"] == ["en", "es", "fr", "zh-Hans", "vi", "ar"]


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = "The guide changed meanwhile."


def test_the_status_member_is_always_the_status_sent():
    """An error without a problem type of its own is an invalid request, at its own status."""
    response = handled(Conflict())
    assert response.status_code == 409 == response.data["status"]
    assert response.data["type"] == "/problems/invalid-request"
    assert response.data["detail"] == "The guide changed meanwhile."
