"""schema.org JSON-LD for a guide: a `MedicalWebPage` with its FAQ as an `FAQPage`.

A pure builder over the rendered guide (`api.representation.render_guide`), so a published
snapshot yields the same structured data as a live request. Codes come from the guide's
coded subjects (`guide.models.CodedSubject`, edited in the admin), which are entered only
once verified; `SUBJECTS` adds what the codes do not say (names in each language, the drug).
"""

from __future__ import annotations

from typing import Any

from guide.coding import BY_KEY
from guide.languages import SOURCE_LANGUAGE, Language

SCHEMA_ORG = "https://schema.org"
JSONLD_MEDIA_TYPE = "application/ld+json"

ATOPIC_DERMATITIS: dict[str, Any] = {
    "@type": "MedicalCondition",
    "name": {
        "en": "Atopic dermatitis",
        "es": "Dermatitis atópica",
        "fr": "Dermatite atopique",
        "zh-hans": "特应性皮炎",
        "vi": "Viêm da cơ địa",
        "ar": "التهاب الجلد التأتبي",
    },
    "alternateName": {"en": "Atopic eczema", "es": "Eccema atópico", "fr": "Eczéma atopique"},
    # `code`: the guide's coded subjects of kind "condition".
}

OPZELURA: dict[str, Any] = {
    "@type": "Drug",
    "name": {"en": "Opzelura"},
    "nonProprietaryName": "ruxolitinib",
    "isProprietary": True,
    "prescriptionStatus": f"{SCHEMA_ORG}/PrescriptionOnly",
    "manufacturer": {"@type": "Organization", "name": "Incyte"},
    # `code`: the guide's coded subjects of kind "medicine" (RxNorm); none has been verified.
}

# The names of what each guide is about, in each language, and the drug's facts: editorial
# facts the content model does not hold yet. A guide without an entry here gets one entity
# per kind of coded subject, named by its code's display name.
SUBJECTS: dict[str, list[dict[str, Any]]] = {
    "opzelura-atopic-dermatitis": [ATOPIC_DERMATITIS, OPZELURA],
}


def _localize(entity: dict[str, Any], code: str) -> dict[str, Any]:
    out = {}
    for key, value in entity.items():
        if isinstance(value, dict) and "@type" not in value and SOURCE_LANGUAGE in value:
            value = value.get(code, value[SOURCE_LANGUAGE])
        out[key] = value
    return out


_ENTITY_KIND = {"MedicalCondition": "condition", "Drug": "medicine"}
_KIND_ENTITY = {kind: entity for entity, kind in _ENTITY_KIND.items()}


def _medical_codes(codes: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [
        {
            "@type": "MedicalCode",
            "codeValue": c["code"],
            "codingSystem": BY_KEY[c["system"]].schema_org,
        }
        for c in codes
        if c["kind"] == kind
    ]


def _about(slug: str, codes: list[dict[str, Any]], code: str) -> list[dict[str, Any]]:
    """The guide's subjects in language `code`, each with its verified codes."""
    described = SUBJECTS.get(slug)
    if described is None:
        described = [
            {"@type": _KIND_ENTITY[kind], "name": {SOURCE_LANGUAGE: first["display"]}}
            for kind in _KIND_ENTITY
            for first in [next((c for c in codes if c["kind"] == kind), None)]
            if first is not None
        ]
    about = []
    for entity in described:
        localized = _localize(entity, code)
        kind = _ENTITY_KIND.get(entity["@type"])
        if kind:
            localized["code"] = _medical_codes(codes, kind)
        about.append(localized)
    return about


def _person(name: str | None, job_title: str | None = None) -> dict[str, Any] | None:
    if not name:
        return None
    person = {"@type": "Person", "name": name}
    if job_title:
        person["jobTitle"] = job_title
    return person


def _reviewer(guide: dict[str, Any]) -> dict[str, Any] | None:
    """The reviewer of the text in this language (a translation is reviewed on its own)."""
    reviewer = (guide.get("review") or {}).get("reviewed_by")
    if not reviewer:
        return None
    person = _person(reviewer["name"])
    if person is not None and reviewer.get("credentials"):
        person["hasCredential"] = {
            "@type": "EducationalOccupationalCredential",
            "name": reviewer["credentials"],
        }
    return person


def _citation(ref: dict[str, Any]) -> dict[str, Any]:
    """A reference as a schema.org CreativeWork; a DOI becomes its identifier and sameAs."""
    work: dict[str, Any] = {
        "@type": "CreativeWork",
        "name": ref["title"],
        "author": _person(ref.get("author")),
        "publisher": {"@type": "Organization", "name": ref["publisher"]}
        if ref.get("publisher")
        else None,
        "datePublished": ref.get("date"),
        "url": ref.get("url"),
        "inLanguage": ref.get("language"),
    }
    if ref.get("doi"):
        work["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": ref["doi"]}
        work["sameAs"] = f"https://doi.org/{ref['doi']}"
    return work


def _publisher(publisher: dict[str, Any] | None) -> dict[str, Any] | None:
    if not publisher or not publisher.get("name"):
        return None
    contact = {
        "@type": "ContactPoint",
        "contactType": "corrections",
        "email": publisher.get("corrections_email"),
        "url": publisher.get("corrections_url"),
    }
    return {
        "@type": "Organization",
        "name": publisher["name"],
        "url": publisher.get("url"),
        "contactPoint": contact if (contact["email"] or contact["url"]) else None,
    }


def _question(entry: dict[str, Any], language: Language) -> dict[str, Any]:
    fallback = entry.get("fallback", {})
    question: dict[str, Any] = {"@type": "Question", "name": entry["question"]}
    answer: dict[str, Any] = {"@type": "Answer", "text": entry["answer"]}
    if "question" in fallback:
        question["inLanguage"] = fallback["question"]
    if "answer" in fallback:
        answer["inLanguage"] = fallback["answer"]
    question["acceptedAnswer"] = answer
    return question


def build_jsonld(
    guide: dict[str, Any],
    document: dict[str, Any],
    language: Language,
    url: str | None = None,
    codes: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The JSON-LD of a rendered guide (`guide`) in `language`. Unknown facts are left out.

    `codes` are the guide's coded subjects (`guide.coding.subjects_of`). The page's identity is
    the guide's configured canonical page when it has one, else `url`.
    """
    page_url = guide.get("canonical_url") or url
    page: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "MedicalWebPage",
        "@id": page_url,
        "url": page_url,
        "mainEntityOfPage": page_url,
        "name": guide["title"],
        "headline": guide["title"],
        "description": guide["summary"] or guide["subtitle"],
        "inLanguage": language.tag,
        "datePublished": guide["published_on"],
        "dateModified": guide["updated_at"],
        "lastReviewed": guide.get("last_reviewed"),
        "reviewedBy": _reviewer(guide),
        "publisher": _publisher(guide.get("publisher")),
        "citation": [_citation(ref) for ref in guide.get("references", [])],
        "author": _person(
            guide["author"]["name"] if guide["author"] else None,
            guide["author"]["role"] if guide["author"] else None,
        ),
        "keywords": [tag["name"] for tag in guide["tags"]],
        "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "about": _about(document["slug"], codes or [], language.code),
        "hasPart": {
            "@type": "FAQPage",
            "name": guide["faq_heading"] or None,
            "inLanguage": language.tag,
            "mainEntity": [_question(entry, language) for entry in guide["faq"]],
        },
    }
    if not guide["faq"]:
        del page["hasPart"]
    return _prune(page)


def _prune(value: Any) -> Any:
    """Drop unknown (None) and empty members: schema.org has no use for nulls."""
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in (None, [], {})}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value
