"""The translation dashboard: its figures match the data, and it links to what to fix."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client
from lxml import html as lxml_html

from guide.models import MedicalReview, Section, TextStatus
from guide.translating.dashboard import dashboard, texts_to_fix
from guide.translating.status import record_key
from guide.translating.texts import fingerprint, guide_texts, target_languages


def expected_counts(guide, code: str) -> dict[str, int]:
    """Counted straight from the content and the status table, not through the document."""
    counts = dict.fromkeys(("total", "machine", "human", "reviewed", "outdated", "missing"), 0)
    for text in guide_texts(guide):
        counts["total"] += 1
        if not text.value(code):
            counts["missing"] += 1
            continue
        ct, pk, field, lang = record_key(text.obj, text.field, code)
        record = TextStatus.objects.filter(
            content_type_id=ct, object_id=pk, field=field, language=lang
        ).first()
        counts[record.status if record else "human"] += 1
        counts["outdated"] += bool(record and record.source_fingerprint != fingerprint(text.source))
    return counts


@pytest.fixture
def edited(seeded_partial):
    """The partially translated seed with two English edits (one outdating an Arabic text
    too) and a reviewed one."""
    seeded = seeded_partial
    sections = list(Section.objects.filter(guide=seeded, parent=None).order_by("order"))
    sections[0].body_en += "<p>One more paragraph.</p>"
    sections[0].save()
    sections[1].heading_en = "A new heading"
    sections[1].save()
    TextStatus.objects.filter(language="es", field="question").update(status="reviewed")
    # Written directly (a record from the past, now overdue); the admin goes through the
    # review service, which refuses dates before the version reviewed.
    MedicalReview.objects.create(
        guide=seeded,
        language="es",
        version=seeded.versions.first(),
        reviewer_name="Dr. Ana Ruiz",
        reviewed_on=date(2026, 1, 10),
        next_review_due=date(2026, 2, 1),
    )
    return seeded


def test_figures_match_the_data(edited):
    (row,) = dashboard()
    assert row.slug == edited.slug
    assert [cell.language.code for cell in row.cells] == target_languages()
    for cell in row.cells:
        expected = expected_counts(edited, cell.language.code)
        actual = {name: getattr(cell, name) for name in expected}
        assert actual == expected, cell.language.code
        assert cell.percent == round(100 * (cell.total - cell.missing) / cell.total)
    spanish = row.cells[0]
    assert (spanish.outdated, spanish.reviewed, spanish.missing, spanish.percent) == (2, 6, 0, 100)
    french = next(c for c in row.cells if c.language.code == "fr")
    assert (french.missing, french.percent) == (french.total, 0)
    arabic = next(c for c in row.cells if c.language.code == "ar")
    assert 0 < arabic.missing < arabic.total and arabic.outdated == 2


def test_texts_to_fix_lists_outdated_and_missing(edited):
    fixes = {fix.path: fix for fix in texts_to_fix(edited, "es")}
    first, second = Section.objects.filter(guide=edited, parent=None).order_by("order")[:2]
    assert set(fixes) >= {f"sections.{first.pk}.body", f"sections.{second.pk}.heading"}
    assert fixes[f"sections.{first.pk}.body"].outdated
    assert all(fix.status in ("machine", "missing") or fix.outdated for fix in fixes.values())
    assert not any(p.endswith(".question") for p in fixes)  # reviewed and current


def test_admin_page_shows_the_figures_and_links(edited):
    client = Client()
    client.force_login(User.objects.create_superuser("boss", password="a-long-password-123"))
    changelist = client.get("/admin/guide/guide/")
    assert b"/admin/guide/textstatus/dashboard/" in changelist.content

    page = client.get("/admin/guide/textstatus/dashboard/")
    assert page.status_code == 200
    tree = lxml_html.fromstring(page.content)
    (row,) = dashboard()
    for cell in row.cells:
        (td,) = tree.xpath(f'//td[@data-language="{cell.language.code}"]')
        shown = {
            name: int(td.xpath(f'.//dd[@class="{name}"]')[0].text)
            for name in ("machine", "human", "reviewed", "outdated", "missing")
        }
        assert shown == {name: getattr(cell, name) for name in shown}
        assert td.xpath('.//*[@class="percent"]')[0].text == f"{cell.percent}%"
    (spanish,) = tree.xpath('//td[@data-language="es"]')
    assert spanish.xpath('.//*[@class="last-reviewed"]')[0].text == "2026-01-10"
    assert spanish.xpath('.//*[@class="reviewed-by"]')[0].text == "Dr. Ana Ruiz"
    assert "overdue" in spanish.xpath('.//*[contains(@class, "next-review-due")]')[0].get("class")

    fix_url = spanish.xpath('.//a[@class="fix-link"]')[0].get("href")
    fixes = client.get(fix_url)
    assert fixes.status_code == 200
    first = Section.objects.filter(guide=edited, parent=None).order_by("order").first()
    assert f"/admin/guide/section/{first.pk}/change/".encode() in fixes.content
    assert client.get(f"/admin/guide/section/{first.pk}/change/").status_code == 200


def test_dashboard_needs_permission(edited):
    client = Client()
    client.force_login(
        User.objects.create_user("nobody", password="x-long-pass-123", is_staff=True)
    )
    assert client.get("/admin/guide/textstatus/dashboard/").status_code == 403
