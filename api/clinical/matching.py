"""From a requested code to the published guides that answer it, in one language.

The code rules (hierarchy, normalisation) are `guide.coding`'s; this adds what a clinic
system is sent about each guide: its stored summary in the language asked for (texts that
fell back to English, or are unreviewed machine translations, say so as everywhere in the
API) and where to open it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse

from api import snapshots
from guide.coded_subjects import matching_subjects
from guide.coding import CodeSystem
from guide.languages import Language

# The printable handout, where that feature is installed: linked only if its route exists.


@dataclass(frozen=True)
class Match:
    slug: str
    system: CodeSystem
    code: str  # the guide's code that matched (may be broader than the one asked for)
    display: str
    summary: dict[str, Any]  # the stored summary representation in the language
    version: int
    published_at: datetime

    @property
    def language_status(self) -> str:
        """`complete`, `partial` or `missing` for the served language."""
        tag = self.summary["language"]
        for entry in self.summary.get("available_languages", []):
            if entry["code"] == tag:
                return entry["status"]
        return "missing"


def find_guides(system: CodeSystem, code: str, language: Language) -> list[Match]:
    """Published guides coded for `code` (normalised) in `system`, most specific first."""
    matches = []
    for subject in matching_subjects(system.key, code):
        snapshot = snapshots.live(subject.guide.slug, language, "summary")
        if snapshot is None:
            continue
        matches.append(
            Match(
                slug=snapshot.slug,
                system=system,
                code=subject.code,
                display=subject.display,
                summary=json.loads(snapshot.body),
                version=snapshot.number,
                published_at=snapshot.published_at,
            )
        )
    return matches


def _absolute(request: HttpRequest, path: str, language: Language) -> str:
    return request.build_absolute_uri(path) + "?" + urlencode({"lang": language.tag})


def guide_links(request: HttpRequest, slug: str, language: Language) -> dict[str, str]:
    """Absolute links to a guide in `language`: `page` (the accessible embed page),
    `json` (the API), and `handout` (the printable PDF)."""
    links = {
        "page": _absolute(request, reverse("embed:guide", args=[slug]), language),
        "json": _absolute(
            request, reverse("api:guide-detail", kwargs={"version": "v1", "slug": slug}), language
        ),
    }
    handout = reverse("api:guide-handout", kwargs={"version": "v1", "slug": slug})
    links["handout"] = _absolute(request, handout, language)
    return links
