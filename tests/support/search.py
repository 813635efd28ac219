"""A small guide written in all six languages, published, for the search tests."""

from __future__ import annotations

from guide.models import FAQEntry, Guide, Section, Tag
from guide.publishing import publish

# What a reader of each language finds.
TEXTS = {
    "en": ("Bathing and moisturisers", "<p>Moisturisers soothe itching skin after bathing.</p>"),
    "es": (
        "Baño y cremas",
        "<p>La piel seca mejora con una crema hidratante después del baño.</p>",
    ),
    "fr": ("Bain et crèmes", "<p>Les démangeaisons diminuent après l'application de la crème.</p>"),
    "zh_hans": ("洗澡与保湿", "<p>洗澡后使用保湿霜可以缓解皮肤瘙痒。</p>"),
    "vi": ("Tắm và kem dưỡng", "<p>Kem dưỡng ẩm giúp giảm ngứa da sau khi tắm.</p>"),
    "ar": ("الاستحمام والمرطبات", "<p>يساعد المرطب على تخفيف حكة الجلد بعد الاستحمام.</p>"),
}


def _all(field: str, values: dict[str, str]) -> dict[str, str]:
    return {f"{field}_{code}": value for code, value in values.items()}


def make_guide(slug: str, *, tag: str | None = None, extra_en: str = "") -> Guide:
    """A published guide with TEXTS in a section, an English-only section and an FAQ entry."""
    guide = Guide.objects.create(
        slug=slug,
        **_all("title", {code: f"{slug} ({code})" for code in TEXTS}),
        summary_en="A small guide written for the search tests.",
    )
    if tag:
        guide.tags.add(Tag.objects.get_or_create(slug=tag, defaults={"name": tag})[0])
    Section.objects.create(
        guide=guide,
        order=1,
        anchor="bathing",
        **_all("heading", {code: t[0] for code, t in TEXTS.items()}),
        **_all("body", {code: t[1] for code, t in TEXTS.items()}),
    )
    Section.objects.create(  # English only: other languages fall back to it
        guide=guide,
        order=2,
        anchor="english-only",
        heading_en="Only in English",
        body_en=f"<p>Wet wrap therapy is described here. {extra_en}</p>",
    )
    FAQEntry.objects.create(
        guide=guide,
        order=1,
        question_en="Can I swim?",
        answer_en="Rinse off chlorinated water soon after swimming.",
        question_es="¿Puedo nadar?",
        answer_es="Enjuague el agua con cloro poco después de nadar.",
    )
    publish(guide, note="search test")
    return guide
