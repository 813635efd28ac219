"""Code systems a guide's subject is coded in, and how a requested code finds a guide.

Clinic systems send codes as HL7 OIDs (Infobutton) or FHIR system URIs (CDS Hooks); both
name the same three systems here. Matching follows a code system's hierarchy only where
that is simple to do correctly without the terminology itself:

- **ICD-10-CM** is hierarchical by prefix on the dotted code: a category (`L20`) contains
  its subcategories (`L20.8`) and codes (`L20.84`), so a guide coded `L20` answers requests
  for `L20`, `L20.9` and `L20.84`; one coded `L20.8` answers `L20.84` but not `L20.9`.
  The prefix must end at the dot or within the part after it: `L2` is not a code and
  `L20` never matches `L200` (which is not ICD-10-CM either). Codes sent without the dot
  (`L209`, as some systems store them) are read as dotted after the third character.
- **SNOMED CT** has a polyhierarchy that only the terminology can answer (is-a
  relationships, not the identifier's digits), so a concept matches itself only.
- **RxNorm** RXCUIs are opaque identifiers: exact match only.

These rules are plain functions of the code (the model's validation uses them); finding the
guides a code matches is `guide.coded_subjects`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CodeSystem:
    key: str  # CodedSubject.System value
    label: str
    oid: str  # HL7 OID, as Infobutton requests name it
    uri: str  # FHIR canonical URI, as CDS Hooks prefetched resources name it
    schema_org: str  # schema.org MedicalCode.codingSystem


CODE_SYSTEMS: tuple[CodeSystem, ...] = (
    CodeSystem(
        "icd10cm",
        "ICD-10-CM",
        "2.16.840.1.113883.6.90",
        "http://hl7.org/fhir/sid/icd-10-cm",
        # The label the structured data has always used; the code means the same in both.
        "ICD-10",
    ),
    CodeSystem(
        "snomedct", "SNOMED CT", "2.16.840.1.113883.6.96", "http://snomed.info/sct", "SNOMED CT"
    ),
    CodeSystem(
        "rxnorm",
        "RxNorm",
        "2.16.840.1.113883.6.88",
        "http://www.nlm.nih.gov/research/umls/rxnorm",
        "RxNorm",
    ),
)
BY_KEY = {system.key: system for system in CODE_SYSTEMS}
BY_OID = {system.oid: system for system in CODE_SYSTEMS}
BY_URI = {system.uri: system for system in CODE_SYSTEMS}


class CodeError(ValueError):
    """A code that is not well formed in its code system."""


_ICD10CM = re.compile(r"^[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?$")
_SCTID = re.compile(r"^[1-9][0-9]{5,17}$")
_RXCUI = re.compile(r"^[1-9][0-9]{0,9}$")

# Verhoeff's dihedral-group tables: SNOMED CT identifiers end in a Verhoeff check digit.
_D = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
_P = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]


def verhoeff_valid(digits: str) -> bool:
    check = 0
    for i, digit in enumerate(reversed(digits)):
        check = _D[check][_P[i % 8][int(digit)]]
    return check == 0


def normalise_code(system: str, code: str) -> str:
    """`code` as stored and compared in `system`, or CodeError saying what is wrong."""
    code = sent = (code or "").strip()
    if system == "icd10cm":
        code = code.upper()
        if "." not in code and len(code) > 3:
            code = f"{code[:3]}.{code[3:]}"
        if not _ICD10CM.match(code):
            raise CodeError(
                f"{sent[:20]!r} is not an ICD-10-CM code: a letter, two characters, and "
                "optionally a dot and up to four more (L20, L20.9, L20.84)."
            )
        return code
    if system == "snomedct":
        if not _SCTID.match(code) or not verhoeff_valid(code):
            raise CodeError(
                f"{code[:20]!r} is not a SNOMED CT identifier (6 to 18 digits ending in a "
                "valid check digit)."
            )
        return code
    if system == "rxnorm":
        if not _RXCUI.match(code):
            raise CodeError(f"{code[:20]!r} is not an RxNorm RXCUI (digits only).")
        return code
    raise CodeError(f"Unknown code system {system!r}.")


def broader_codes(system: str, code: str) -> list[str]:
    """`code` and the codes above it in its system's hierarchy, most specific first."""
    if system != "icd10cm" or "." not in code:
        return [code]
    category, _, rest = code.partition(".")
    return [f"{category}.{rest[:n]}" for n in range(len(rest), 0, -1)] + [category]
