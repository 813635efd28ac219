"""The seed guide the tests read, and the paths of its API."""

from __future__ import annotations

SEED_SLUG = "opzelura-atopic-dermatitis"
DETAIL = f"/api/v1/guides/{SEED_SLUG}/"
