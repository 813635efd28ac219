"""HL7 Infobutton knowledge requests (URL-based), answered as MedlinePlus Connect answers them.

An EHR's "infobutton" next to a diagnosis or medicine asks a knowledge resource for
education about that code. The request parameters are those of the HL7 Context-Aware
Knowledge Retrieval (Infobutton) Knowledge Request URL-Based Implementation Guide, as
MedlinePlus Connect documents them:

- `mainSearchCriteria.v.cs`: the code system OID (ICD-10-CM, SNOMED CT, RxNorm);
- `mainSearchCriteria.v.c`: the code; `mainSearchCriteria.v.dn`: its display name, echoed;
- `informationRecipient.languageCode.c`: the reader's language (`sp`, MedlinePlus's code for
  Spanish, is accepted besides our BCP 47 tags); English when absent;
- `knowledgeResponseType`: `text/xml` (an Atom feed, the default) or `application/json`.

Other Infobutton parameters (task context, performer, encounter, age, ...) are accepted and
ignored: they do not change which guide answers. The response follows the Infobutton
Service-Oriented Architecture IG's use of Atom, in the shape MedlinePlus Connect returns
(feed `category` elements echoing the request; one `entry` per guide with title, links and
summary; its JSON form wraps text in `_value`), so a system already wired to MedlinePlus
Connect can read it. No match is an empty feed, never an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

import orjson
from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest, QueryDict

from api.clinical.matching import Match, find_guides, guide_links
from api.negotiation import match_tag
from guide.coding import BY_OID, CodeError, CodeSystem, normalise_code
from guide.languages import Language
from guide.models import Guide

CODE_SYSTEM = "mainSearchCriteria.v.cs"
CODE = "mainSearchCriteria.v.c"
DISPLAY_NAME = "mainSearchCriteria.v.dn"
LANGUAGE = "informationRecipient.languageCode.c"
RESPONSE_TYPE = "knowledgeResponseType"
PARAMETERS = (CODE_SYSTEM, CODE, DISPLAY_NAME, LANGUAGE, RESPONSE_TYPE)

ATOM = "text/xml"
JSON = "application/json"
RESPONSE_TYPES = (ATOM, JSON)
# MedlinePlus Connect's own code for Spanish.
LANGUAGE_ALIASES = {"sp": "es"}
MAX_DISPLAY_NAME = 300

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class InvalidKnowledgeRequest(ValueError):
    """A parameter is missing or malformed; the message says which and what to send."""


class UnsupportedRecipientLanguage(ValueError):
    def __init__(self, requested: str):
        self.requested = requested
        super().__init__(requested)


@dataclass(frozen=True)
class KnowledgeRequest:
    system: CodeSystem
    code: str  # normalised
    display_name: str | None
    language: Language
    response_type: str


def _one(query: QueryDict, name: str) -> str | None:
    values = query.getlist(name)
    if len(values) > 1:
        raise InvalidKnowledgeRequest(f"`{name}` was sent {len(values)} times; send it once.")
    return values[0].strip() if values else None


def parse_request(query: QueryDict) -> KnowledgeRequest:
    """The knowledge request in a query string; InvalidKnowledgeRequest if malformed."""
    oid = _one(query, CODE_SYSTEM)
    if not oid:
        raise InvalidKnowledgeRequest(
            f"`{CODE_SYSTEM}` is required: the code system OID, one of "
            + ", ".join(f"{s.oid} ({s.label})" for s in BY_OID.values())
            + "."
        )
    system = BY_OID.get(oid)
    if system is None:
        raise InvalidKnowledgeRequest(
            f"`{CODE_SYSTEM}` {oid[:60]!r} is not a code system served here; use one of "
            + ", ".join(f"{s.oid} ({s.label})" for s in BY_OID.values())
            + "."
        )
    raw_code = _one(query, CODE)
    if not raw_code:
        raise InvalidKnowledgeRequest(f"`{CODE}` is required: the {system.label} code.")
    try:
        code = normalise_code(system.key, raw_code)
    except CodeError as exc:
        raise InvalidKnowledgeRequest(f"`{CODE}`: {exc}") from exc
    display_name = _one(query, DISPLAY_NAME) or None
    if display_name and len(display_name) > MAX_DISPLAY_NAME:
        raise InvalidKnowledgeRequest(
            f"`{DISPLAY_NAME}` is {len(display_name)} characters; at most {MAX_DISPLAY_NAME}."
        )
    requested = _one(query, LANGUAGE) or "en"
    language = match_tag(LANGUAGE_ALIASES.get(requested.lower(), requested)[:35])
    if language is None:
        raise UnsupportedRecipientLanguage(requested)
    response_type = (_one(query, RESPONSE_TYPE) or ATOM).lower()
    if response_type not in RESPONSE_TYPES:
        raise InvalidKnowledgeRequest(
            f"`{RESPONSE_TYPE}` {response_type[:60]!r} is not offered; use "
            f"{ATOM} (Atom, the default) or {JSON}."
        )
    return KnowledgeRequest(system, code, display_name, language, response_type)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _last_publication() -> datetime:
    """When the newest live version was published: an empty feed's `updated`."""
    latest = Guide.objects.filter(status=Guide.Status.PUBLISHED).aggregate(
        latest=Max("live_version__published_at")
    )["latest"]
    return latest or datetime(1970, 1, 1, tzinfo=UTC)


def _text(value: str, summary: dict[str, Any], field: str, kind: str = "text") -> dict[str, Any]:
    """An Atom text construct; `lang` when this text fell back to English."""
    out = {"_value": value, "type": kind}
    fell_back = summary.get("fallback", {}).get(field)
    if fell_back:
        out["lang"] = fell_back
    return out


def _entry(request: HttpRequest, match: Match, language: Language) -> dict[str, Any]:
    summary = match.summary
    links = guide_links(request, match.slug, language)
    title = summary["title"]
    link_types = {"page": "text/html", "json": "application/json", "handout": "application/pdf"}
    text_field = "summary" if summary.get("summary") else "subtitle"
    categories = [
        {"scheme": CODE, "term": match.code, "label": match.display},
        {"scheme": CODE_SYSTEM, "term": match.system.oid, "label": match.system.label},
        {"scheme": "language-status", "term": match.language_status},
    ]
    # Unreviewed machine translation (or outdated text) is said, naming the texts affected.
    by_status: dict[str, list[str]] = {}
    for name, status in summary.get("translation_status", {}).items():
        if name in ("title", "subtitle", "summary"):
            by_status.setdefault(status, []).append(name)
    categories += [
        {"scheme": "translation-status", "term": status, "label": ", ".join(sorted(names))}
        for status, names in sorted(by_status.items())
    ]
    entry: dict[str, Any] = {
        "lang": language.tag,
        "title": _text(title, summary, "title"),
        "link": [
            {
                "rel": "alternate",
                "type": link_types[name],
                "hreflang": language.tag,
                "title": title,
                "href": href,
            }
            for name, href in links.items()
        ],
        "id": {"_value": links["json"]},
        "updated": {"_value": _iso(match.published_at)},
        "summary": _text(summary.get(text_field) or title, summary, text_field),
        "category": categories,
        # JSON only (Atom carries these as categories and xml:lang): the API's own members.
        "slug": match.slug,
        "version": match.version,
        "dir": language.direction,
        "language_status": match.language_status,
    }
    for member in ("fallback", "translation_status"):
        if summary.get(member):
            entry[member] = summary[member]
    return entry


def build_feed(request: HttpRequest, knowledge: KnowledgeRequest) -> dict[str, Any]:
    """The knowledge response as data: the Atom feed's members, MedlinePlus-style."""
    matches = find_guides(knowledge.system, knowledge.code, knowledge.language)
    provider = settings.EMBED_PROVIDER_NAME
    updated = max((m.published_at for m in matches), default=None) or _last_publication()
    query = {
        CODE_SYSTEM: knowledge.system.oid,
        CODE: knowledge.code,
        LANGUAGE: knowledge.language.tag,
        RESPONSE_TYPE: knowledge.response_type,
    }
    if knowledge.display_name:
        query[DISPLAY_NAME] = knowledge.display_name
    self_url = request.build_absolute_uri(request.path) + "?" + urlencode(sorted(query.items()))
    categories = [
        {"scheme": CODE, "term": knowledge.code},
        {"scheme": CODE_SYSTEM, "term": knowledge.system.oid},
    ]
    if knowledge.display_name:
        categories.append({"scheme": DISPLAY_NAME, "term": knowledge.display_name})
    categories.append({"scheme": LANGUAGE, "term": knowledge.language.tag})
    return {
        "lang": knowledge.language.tag,
        "title": {"_value": provider, "type": "text"},
        "subtitle": {
            "_value": f"{provider} results for {knowledge.system.label} {knowledge.code}",
            "type": "text",
        },
        "author": {
            "name": {"_value": provider},
            "uri": {"_value": request.build_absolute_uri("/")},
        },
        "updated": {"_value": _iso(updated)},
        "id": {"_value": self_url},
        "link": [{"rel": "self", "href": self_url}],
        "category": categories,
        "entry": [_entry(request, match, knowledge.language) for match in matches],
    }


def render_json(feed: dict[str, Any]) -> bytes:
    return orjson.dumps({"feed": feed})


def _text_element(parent: ET.Element, tag: str, construct: dict[str, Any]) -> None:
    element = ET.SubElement(parent, tag, {"type": construct.get("type", "text")})
    if construct.get("lang"):
        element.set(XML_LANG, construct["lang"])
    element.text = construct["_value"]


def render_atom(feed: dict[str, Any]) -> bytes:
    """The feed as Atom (RFC 4287) XML. Texts that fell back to English carry xml:lang."""
    root = ET.Element("feed", {"xmlns": ATOM_NS, XML_LANG: feed["lang"]})
    _text_element(root, "title", feed["title"])
    _text_element(root, "subtitle", feed["subtitle"])
    author = ET.SubElement(root, "author")
    ET.SubElement(author, "name").text = feed["author"]["name"]["_value"]
    ET.SubElement(author, "uri").text = feed["author"]["uri"]["_value"]
    ET.SubElement(root, "updated").text = feed["updated"]["_value"]
    ET.SubElement(root, "id").text = feed["id"]["_value"]
    for link in feed["link"]:
        ET.SubElement(root, "link", link)
    for category in feed["category"]:
        ET.SubElement(root, "category", category)
    for item in feed["entry"]:
        entry = ET.SubElement(root, "entry", {XML_LANG: item["lang"]})
        _text_element(entry, "title", item["title"])
        for link in item["link"]:
            ET.SubElement(entry, "link", link)
        ET.SubElement(entry, "id").text = item["id"]["_value"]
        ET.SubElement(entry, "updated").text = item["updated"]["_value"]
        _text_element(entry, "summary", item["summary"])
        for category in item["category"]:
            ET.SubElement(entry, "category", category)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
