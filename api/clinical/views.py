"""HTTP for clinic systems: the Infobutton knowledge request and the CDS Hooks service.

Thin like the rest of the API: parse, call `infobutton` / `cds_hooks`, respond. The
Infobutton response is cached like every public read (strong ETag over its bytes, 304,
`Cache-Control`, surrogate keys); CDS Hooks answers are about one patient and never cached.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import schema_problems
from api.caching import _surrogate
from api.clinical import cds_hooks, infobutton, shapes
from api.clinical.cds_auth import CdsClientThrottle, CdsHooksAuthentication
from api.negotiation import supported_tags
from api.problems import ProblemException
from api.read_view import ReadOnlyAPIView
from api.request_policy import RequestPolicy
from api.snapshots import make_etag


class ParameterChoosesFormat(BaseContentNegotiation):
    """The format is a request parameter (`knowledgeResponseType`), not `Accept`: EHRs send
    all sorts of `Accept` headers and must not get a 406 for them."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def _errors(documented: dict) -> dict:
    """The 304 and problem responses of a read, without its JSON body."""
    return {k: v for k, v in documented.items() if not (isinstance(k, tuple) and k[0] == 200)}


def _infobutton_parameter(
    name: str, description: str, required: bool = False, **kwargs: Any
) -> OpenApiParameter:
    return OpenApiParameter(name, str, description=description, required=required, **kwargs)


@extend_schema_view(
    get=extend_schema(
        operation_id="infobutton_knowledge_request",
        summary="HL7 Infobutton knowledge request (URL-based), MedlinePlus Connect style",
        description=(
            "Guides for a diagnosis or medicine code, for an EHR's infobutton. Parameters are the "
            "HL7 Infobutton URL-based implementation guide's, as MedlinePlus Connect documents "
            "them; other Infobutton parameters are ignored. Answers an Atom feed (`text/xml`, "
            "default) or its JSON form (MedlinePlus Connect's `_value` convention). No match: an "
            "empty feed. An ICD-10-CM code also finds guides coded for a broader code (`L20.9` "
            "finds `L20`). See docs/clinic-systems.md."
        ),
        parameters=[
            _infobutton_parameter(
                infobutton.CODE_SYSTEM,
                "Code system OID: 2.16.840.1.113883.6.90 (ICD-10-CM), 2.16.840.1.113883.6.96 "
                "(SNOMED CT), 2.16.840.1.113883.6.88 (RxNorm).",
                required=True,
                enum=["2.16.840.1.113883.6.90", "2.16.840.1.113883.6.96", "2.16.840.1.113883.6.88"],
            ),
            _infobutton_parameter(
                infobutton.CODE,
                "The code, e.g. `L20.9` (ICD-10-CM), `24079001` (SNOMED CT). A code malformed for "
                "its system is a 400 `invalid-request`.",
                required=True,
            ),
            _infobutton_parameter(infobutton.DISPLAY_NAME, "The code's display name (echoed)."),
            _infobutton_parameter(
                infobutton.LANGUAGE,
                "The reader's language: "
                + ", ".join(supported_tags())
                + " (or `sp`, MedlinePlus's code for Spanish). Default `en`.",
                enum=[*supported_tags(), "sp"],
            ),
            _infobutton_parameter(
                infobutton.RESPONSE_TYPE,
                "`text/xml` (Atom, default) or `application/json`.",
                enum=list(infobutton.RESPONSE_TYPES),
            ),
        ],
        responses={
            (200, "text/xml"): OpenApiResponse(OpenApiTypes.STR, description="An Atom feed."),
            (200, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT, description='`{"feed": {...}}`, the Atom feed as JSON.'
            ),
            **_errors(schema_problems.responses(schema_problems.Problem)),
        },
    )
)
class InfobuttonView(ReadOnlyAPIView):
    # The Infobutton URL-based implementation guide has many optional parameters a clinic
    # system may send (patient, encounter, performer...); the view reads the ones it uses
    # and tolerates the rest, as MedlinePlus Connect does.
    known_query_parameters = None
    content_negotiation_class = ParameterChoosesFormat

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        try:
            self.knowledge = infobutton.parse_request(request.query_params)
        except infobutton.InvalidKnowledgeRequest as exc:
            raise ProblemException("invalid-request", str(exc)) from exc
        except infobutton.UnsupportedRecipientLanguage as exc:
            raise ProblemException(
                "unsupported-language",
                f"`{infobutton.LANGUAGE}` {exc.requested[:40]!r} is not served. "
                f"Supported: {', '.join(supported_tags())} (or `sp` for Spanish).",
                supported_languages=supported_tags(),
            ) from exc
        self.language = self.knowledge.language

    def get(self, request: Request, version: str) -> HttpResponse:
        feed = infobutton.build_feed(request, self.knowledge)
        if self.knowledge.response_type == infobutton.JSON:
            body, content_type = infobutton.render_json(feed), "application/json"
        else:
            body, content_type = infobutton.render_atom(feed), "text/xml; charset=utf-8"
        etag = make_etag(body)
        response = HttpResponse(body, content_type=content_type)
        response["ETag"] = etag
        response["Cache-Control"] = settings.API_CACHE_CONTROL
        _surrogate(response, ["guides", *(f"guide-{e['slug']}" for e in feed["entry"])])
        # Given a response, Django returns it or a 304; never None.
        return get_conditional_response(request, etag=etag, response=response) or response


class CdsHooksView(RequestPolicy, APIView):
    """Shared by the discovery document and the service: JWT, the partner's rate, headers."""

    authentication_classes = [CdsHooksAuthentication]
    throttle_classes = [CdsClientThrottle]
    content_negotiation_class = ParameterChoosesFormat


DISCOVERY_EXAMPLE = cds_hooks.discovery()


@extend_schema_view(
    get=extend_schema(
        operation_id="cds_services_discovery",
        summary="CDS Hooks discovery",
        description=(
            "The CDS Hooks discovery document (`{baseUrl}/cds-services`, baseUrl being "
            "`/api/v1`): one `patient-view` service with its prefetch templates. A JWT is "
            "verified when sent (as CDS Hooks clients do) but not required: the document is "
            "public."
        ),
        responses={
            200: OpenApiTypes.OBJECT,
            (401, schema_problems.PROBLEM_MEDIA_TYPE): schema_problems.Problem,
            (429, schema_problems.PROBLEM_MEDIA_TYPE): schema_problems.Problem,
        },
        examples=[OpenApiExample("discovery", value=DISCOVERY_EXAMPLE, response_only=True)],
    )
)
class CdsDiscoveryView(CdsHooksView):
    http_method_names = ["get", "head", "options"]
    cds_jwt_required = False

    def get(self, request: Request, version: str) -> Response:
        response = Response(cds_hooks.discovery())
        response["Cache-Control"] = settings.API_CACHE_CONTROL
        return response


@extend_schema_view(
    post=extend_schema(
        operation_id="cds_services_call",
        summary="CDS Hooks service call (patient-view)",
        description=(
            "Cards for the patient's active conditions, in the patient's language. Needs "
            "`Authorization: Bearer <JWT>` signed by the EHR (ES384 or RS384) with the key its "
            "partner registered; counts against the partner's rate. 412 `prefetch-required` "
            "when a prefetch key is missing (nothing is fetched from the EHR)."
        ),
        request=OpenApiTypes.OBJECT,
        responses={
            200: OpenApiTypes.OBJECT,
            (400, schema_problems.PROBLEM_MEDIA_TYPE): schema_problems.Problem,
            (401, schema_problems.PROBLEM_MEDIA_TYPE): schema_problems.Problem,
            (404, schema_problems.PROBLEM_MEDIA_TYPE): schema_problems.Problem,
            (412, schema_problems.PROBLEM_MEDIA_TYPE): schema_problems.Problem,
            (415, schema_problems.PROBLEM_MEDIA_TYPE): schema_problems.Problem,
            (429, schema_problems.PROBLEM_MEDIA_TYPE): schema_problems.Problem,
        },
    )
)
class CdsServiceView(CdsHooksView):
    http_method_names = ["post", "options"]
    cds_jwt_required = True

    def post(self, request: Request, version: str, service_id: str) -> Response:
        if service_id != cds_hooks.SERVICE_ID:
            raise ProblemException(
                "not-found",
                f"No CDS service {service_id[:60]!r}; see the discovery document "
                "(`/api/v1/cds-services`).",
            )
        body = request.data
        problems = shapes.errors(shapes.REQUEST, body)
        if problems:
            raise ProblemException(
                "invalid-request",
                "The request is not a CDS Hooks request: " + "; ".join(problems[:5]),
                errors={p.split(": ", 1)[0]: p.split(": ", 1)[-1] for p in problems[:20]},
            )
        try:
            answer = cds_hooks.cards(request, body)
        except cds_hooks.MissingPrefetch as exc:
            raise ProblemException(
                "prefetch-required",
                "Send the prefetch keys " + ", ".join(f"`{k}`" for k in exc.keys) + " (with "
                "`null` when there is no data): this service reads nothing from your FHIR "
                "server.",
            ) from exc
        except cds_hooks.InvalidHookRequest as exc:
            raise ProblemException("invalid-request", str(exc)) from exc
        response = Response(answer)
        response["Cache-Control"] = "no-store"
        return response
