"""A CDS Hooks `patient-view` service: the patient's guides, in the patient's language.

When a clinician opens a chart, the EHR calls this service with the patient and their
active conditions prefetched (it fetches nothing itself: the discovery document's prefetch
templates say what to send). The patient's language is the first of `Patient.communication`
(preferred ones first) that we serve; each active condition coded in ICD-10-CM or SNOMED CT
that a published guide answers (`guide.coding`) gives one card per guide: its title in that
language as the summary, `indicator: info`, the publisher as `source`, and links to the
guide's page (and printable handout where served) in that language. Nothing matched: no
card. Fallback to English and unreviewed machine translation are said in the card detail.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from api.clinical.matching import Match, find_guides, guide_links
from api.negotiation import match_tag
from guide.coding import BY_URI, CodeError, CodeSystem, normalise_code
from guide.languages import Language, source_language

SERVICE_ID = "patient-guides"
HOOK = "patient-view"
PATIENT = "patient"
CONDITIONS = "conditions"
PREFETCH = {
    PATIENT: "Patient/{{context.patientId}}",
    CONDITIONS: "Condition?patient={{context.patientId}}&clinical-status=active",
}
BCP47_SYSTEM = "urn:ietf:bcp:47"
# Condition.clinicalStatus codes of a condition the patient has now.
ACTIVE_STATUSES = {"active", "recurrence", "relapse"}
EXCLUDED_VERIFICATION = {"refuted", "entered-in-error"}
SUMMARY_MAX = 139  # CDS Hooks: a "<140-character summary"
# One namespace for card ids: the same hook call and guide always give the same uuid.
CARD_NAMESPACE = uuid.UUID("6f1d8d0e-5b7c-4c36-9a51-2f0d7c1b9e43")


def discovery() -> dict[str, Any]:
    """The discovery document (CDS Hooks § Discovery)."""
    return {
        "services": [
            {
                "hook": HOOK,
                "title": "Patient guides in the patient's language",
                "description": (
                    "Plain-language patient guides for the patient's active conditions "
                    "(ICD-10-CM, SNOMED CT), in the patient's preferred language when we "
                    "serve it (en, es, fr, zh-Hans, vi, ar), with links to the guide page "
                    "and printable handout."
                ),
                "id": SERVICE_ID,
                "prefetch": dict(PREFETCH),
            }
        ]
    }


class InvalidHookRequest(ValueError):
    pass


class MissingPrefetch(ValueError):
    def __init__(self, keys: list[str]):
        self.keys = keys
        super().__init__(", ".join(keys))


@dataclass
class PatientLanguage:
    language: Language
    recorded: list[str] = field(default_factory=list)  # the tags the EHR recorded
    served: bool = True  # False: none of them is served, English is used


def _codings(concept: Any) -> list[dict[str, Any]]:
    codings = concept.get("coding") if isinstance(concept, dict) else None
    return [c for c in codings if isinstance(c, dict)] if isinstance(codings, list) else []


def _codes(concept: Any) -> set[str]:
    """The string codes of a CodeableConcept (a list or object sent as a code matches none)."""
    return {c["code"] for c in _codings(concept) if isinstance(c.get("code"), str)}


def patient_language(patient: Any) -> PatientLanguage:
    """The language to serve: the first `Patient.communication` we serve, preferred first."""
    if not isinstance(patient, dict):
        return PatientLanguage(source_language(), served=False)
    communications = [c for c in patient.get("communication") or [] if isinstance(c, dict)]
    communications.sort(key=lambda c: c.get("preferred") is not True)  # stable: preferred first
    recorded = []
    for communication in communications:
        for coding in _codings(communication.get("language")):
            code = coding.get("code")
            if not isinstance(code, str) or coding.get("system") not in (None, BCP47_SYSTEM):
                continue
            recorded.append(code)
            language = match_tag(code[:35])
            if language is not None:
                return PatientLanguage(language, recorded)
    return PatientLanguage(source_language(), recorded, served=False)


def _condition_resources(bundle: Any) -> list[dict[str, Any]]:
    if not isinstance(bundle, dict):
        return []
    if bundle.get("resourceType") == "Condition":
        return [bundle]
    resources = [e.get("resource") for e in bundle.get("entry") or [] if isinstance(e, dict)]
    return [r for r in resources if isinstance(r, dict) and r.get("resourceType") == "Condition"]


def _is_current(condition: dict[str, Any]) -> bool:
    clinical = _codes(condition.get("clinicalStatus"))
    verification = _codes(condition.get("verificationStatus"))
    if clinical and not clinical & ACTIVE_STATUSES:
        return False
    return not verification & EXCLUDED_VERIFICATION


def condition_codes(bundle: Any) -> list[tuple[CodeSystem, str]]:
    """Codes of the patient's current conditions in the systems guides are coded in.
    Codings in other systems, or malformed, are skipped: they cannot match a guide."""
    codes: list[tuple[CodeSystem, str]] = []
    for condition in _condition_resources(bundle):
        if not _is_current(condition):
            continue
        for coding in _codings(condition.get("code")):
            uri = coding.get("system")
            system = BY_URI.get(uri) if isinstance(uri, str) else None
            if system is None or not isinstance(coding.get("code"), str):
                continue
            try:
                code = normalise_code(system.key, coding["code"])
            except CodeError:
                continue
            if (system, code) not in codes:
                codes.append((system, code))
    return codes


def check_request(body: dict[str, Any]) -> tuple[Any, Any]:
    """The prefetched patient and conditions of a schema-valid request, checked for use."""
    if body["hook"] != HOOK:
        raise InvalidHookRequest(f"This service answers the `{HOOK}` hook, not {body['hook']!r}.")
    prefetch = body.get("prefetch") or {}
    missing = [key for key in PREFETCH if key not in prefetch]
    if missing:
        raise MissingPrefetch(missing)
    patient = prefetch[PATIENT]
    if patient is not None:
        if patient.get("resourceType") != "Patient":
            raise InvalidHookRequest("`prefetch.patient` must be a Patient resource or null.")
        if str(patient.get("id")) != str(body["context"]["patientId"]):
            raise InvalidHookRequest(
                "`prefetch.patient.id` is not `context.patientId`: the prefetched data is "
                "for another patient."
            )
    return patient, prefetch[CONDITIONS]


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def _markdown_text(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _short(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= SUMMARY_MAX:
        return text
    return text[: SUMMARY_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:—-") + "…"


def _detail(match: Match, patient: PatientLanguage) -> str:
    language = patient.language
    summary = match.summary.get("summary") or match.summary.get("subtitle") or ""
    notes = [
        f"Patient guide for {match.display} ({match.system.label} {match.code}), "
        f"in {language.english_name} ({language.name})."
    ]
    if not patient.served:
        recorded = ", ".join(patient.recorded) or "none"
        notes.append(
            f"The patient's recorded language ({recorded}) is not offered; the guide is in English."
        )
    if match.language_status != "complete":
        notes.append(
            f"Not fully translated into {language.english_name}: untranslated parts are "
            "shown in English."
        )
    if "machine" in match.summary.get("translation_status", {}).values() or (
        _machine_language(match, language)
    ):
        notes.append("Machine translation, not yet medically reviewed.")
    parts = [_markdown_text(summary)] if summary else []
    parts += [_markdown_text(note) for note in notes]
    return "\n\n".join(parts)


def _machine_language(match: Match, language: Language) -> bool:
    for entry in match.summary.get("available_languages", []):
        if entry["code"] == language.tag:
            return entry.get("provenance") == "machine"
    return False


def card(request: HttpRequest, hook_instance: str, match: Match, patient: PatientLanguage):
    """One card for one guide (CDS Hooks § Card Attributes)."""
    language = patient.language
    links = guide_links(request, match.slug, language)
    labels = {
        "page": f"Patient guide ({language.name})",
        "handout": f"Printable handout ({language.name})",
    }
    return {
        "uuid": str(uuid.uuid5(CARD_NAMESPACE, f"{hook_instance}|{match.slug}")),
        "summary": _short(match.summary["title"]),
        "detail": _detail(match, patient),
        "indicator": "info",
        "source": {
            "label": settings.EMBED_PROVIDER_NAME,
            "url": request.build_absolute_uri("/"),
        },
        "links": [
            {"label": labels[name], "url": links[name], "type": "absolute"}
            for name in ("page", "handout")
            if name in links
        ],
    }


def cards(request: HttpRequest, body: dict[str, Any]) -> dict[str, Any]:
    """The service response for a checked request: one card per matching guide."""
    patient_resource, conditions = check_request(body)
    patient = patient_language(patient_resource)
    seen: set[str] = set()
    out = []
    for system, code in condition_codes(conditions):
        for match in find_guides(system, code, patient.language):
            if match.slug in seen:
                continue
            seen.add(match.slug)
            out.append(card(request, body["hookInstance"], match, patient))
    return {"cards": out}
