"""The seed guide the tests read, the paths of its API, and small guides made beside it."""

from __future__ import annotations

from guide.models import Guide, Section

SEED_SLUG = "opzelura-atopic-dermatitis"
DETAIL = f"/api/v1/guides/{SEED_SLUG}/"


def about_section(guide: Guide) -> Section:
    """An unsaved one-paragraph section in English, Spanish and Arabic, for small guides."""
    return Section(
        guide=guide,
        order=0,
        anchor="about",
        heading_en="About",
        heading_es="Acerca de",
        heading_ar="حول",
        body_en="<p>Text.</p>",
        body_es="<p>Texto.</p>",
        body_ar="<p>نص.</p>",
    )
