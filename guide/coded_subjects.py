"""The subjects guides are coded with: finding the published guides a requested code matches
(the code's hierarchy rules are `guide.coding`'s), listing a guide's codes, and importing
the seed's.

The most specific match comes first. Only published guides are found.
"""

from __future__ import annotations

from typing import Any

from guide.coding import broader_codes, normalise_code
from guide.models import CodedSubject, Guide


def matching_subjects(system: str, code: str) -> list[CodedSubject]:
    """Coded subjects of published guides that answer a request for `code` (normalised),
    most specific first, one per guide."""
    candidates = broader_codes(system, code)
    rank = {c: i for i, c in enumerate(candidates)}
    subjects = (
        CodedSubject.objects.filter(
            system=system,
            code__in=candidates,
            guide__status=Guide.Status.PUBLISHED,
            guide__live_version__isnull=False,
        )
        .select_related("guide")
        .order_by("guide__slug")
    )
    best: dict[int, CodedSubject] = {}
    for subject in subjects:
        kept = best.get(subject.guide_id)
        if kept is None or rank[subject.code] < rank[kept.code]:
            best[subject.guide_id] = subject
    return sorted(best.values(), key=lambda s: (rank[s.code], s.guide.slug))


def subjects_of(guide_id: int) -> list[dict[str, Any]]:
    """A guide's coded subjects as plain data, in the editors' order."""
    return [
        {"kind": s.kind, "system": s.system, "code": s.code, "display": s.display}
        for s in CodedSubject.objects.filter(guide_id=guide_id)
    ]


def import_coded_subjects(guide: Guide, entries: list[dict[str, Any]]) -> int:
    """Add the seed's coded subjects a guide lacks (editors own the ones that exist)."""
    created = 0
    for order, entry in enumerate(entries, start=1):
        code = normalise_code(entry["system"], entry["code"])
        _subject, made = CodedSubject.objects.get_or_create(
            guide=guide,
            system=entry["system"],
            code=code,
            defaults={
                "kind": entry["kind"],
                "display": entry["display"],
                "verified_against": entry["verified_against"],
                "order": order,
            },
        )
        created += made
    return created
