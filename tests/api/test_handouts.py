"""Printable handouts: tagged PDF/UA in every language, checked with poppler and the tag tree.

The seed guide is published once for the module with handout rendering on, so the publish
hook renders the 18 handouts (6 languages x guide, FAQ and comparison table) as it does in
production; the PDFs are kept and the database is rolled back. Poppler (`pdfinfo`,
`pdffonts`, `pdftotext`) reads them as a user's tools would; pikepdf reads the structure tree
(what a screen reader gets) where poppler shows nothing (languages of parts, bookmarks).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pikepdf
import pytest
from django.db import transaction
from django.test import TestCase, override_settings

from api.handout_text import handout_text
from api.models import RenderedHandout
from api.representation import render_guide
from guide.accessibility_analysis.glossary_terms import import_glossary
from guide.languages import all_languages, get_language
from guide.models import Guide
from guide.seed_import import import_seed
from tests.support.guides import SEED_SLUG

pytestmark = [
    pytest.mark.skipif(
        shutil.which("pdftotext") is None,
        reason="poppler-utils is not installed (deploy/install-system-packages.sh --tests)",
    ),
    # Every test touches the database, if only through the module's publish: this also makes
    # pytest-django set the test database up when only these tests are selected.
    pytest.mark.django_db,
]
CODES = [language.code for language in all_languages()]
BASE = f"/api/v1/guides/{SEED_SLUG}"


@pytest.fixture(scope="module")
def published(django_db_setup, django_db_blocker, tmp_path_factory):
    """(document, {(code, part): pdf path}) from a real publish with rendering on."""
    out = tmp_path_factory.mktemp("handouts")
    files: dict[tuple[str, str], Path] = {}
    with (
        django_db_blocker.unblock(),
        override_settings(HANDOUTS_RENDERING=True),
        transaction.atomic(),
    ):
        with TestCase.captureOnCommitCallbacks(execute=True):
            import_glossary()  # first, as `manage.py import_seed` does: frozen with the guide
            import_seed(SEED_SLUG)
        guide = Guide.objects.get(slug=SEED_SLUG)
        document = guide.live_version.document
        for row in RenderedHandout.objects.filter(slug=SEED_SLUG):
            path = out / f"{row.language}-{row.part}.pdf"
            path.write_bytes(bytes(row.pdf))
            files[(row.language, row.part)] = path
        transaction.set_rollback(True)
    return document, files


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


def _squash(text: str) -> str:
    """Text without whitespace, hyphens, bidi controls or combining marks: pdftotext breaks
    lines (joining `anti-` + `inflammatory`) and sets Arabic vowel marks apart."""
    return "".join(
        ch
        for ch in unicodedata.normalize("NFC", text)
        if not ch.isspace() and ch not in "-\u00ad" and unicodedata.category(ch) not in ("Mn", "Cf")
    )


def _arabic(text: str) -> str:
    """Only the Arabic letters of `text`, in the order given."""
    return "".join(ch for ch in _squash(text) if "\u0600" <= ch <= "\u06ff" and ch.isalpha())


def _printed(expected: str, page: str) -> bool:
    """Whether `expected` is in pdftotext's `page`, its letters in logical order.

    Text in Latin, Vietnamese and Chinese must appear whole. Arabic is checked run by run
    (the letters between spaces and vowel marks), each run in logical (reading) order:
    poppler 22 splits an Arabic line where a mark (tanwin, shadda) is set above a letter and
    may move the pieces, and moves neutral characters (digits, brackets) between Arabic and
    Latin runs. A reversed (visual-order) run would not match.
    """
    if not _arabic(expected):
        if _squash(expected) in _squash(page):
            return True
        # English in a right-to-left page: poppler may swap its words and mirror brackets.
        flat = re.sub(r"[()]", "", _squash(page))
        words = [re.sub(r"[()]", "", _squash(w)) for w in re.split(r"[\s/-]+", expected)]
        return bool(_arabic(page)) and all(word in flat for word in words)
    arabic = _arabic(page)
    runs = re.split(r"[\s\u064b-\u065f\u0670]+", unicodedata.normalize("NFC", expected))
    words = [_arabic(run) for run in runs]
    latin = re.findall(r"[A-Za-z0-9]+", expected)
    flat = _squash(page)
    return all(word in arabic for word in words if len(word) > 1) and all(
        word in flat for word in latin
    )


def test_publishing_renders_every_language_and_part(published):
    _document, files = published
    assert sorted(files) == sorted(
        (code, part) for code in CODES for part in ("guide", "faq", "comparison")
    )


@pytest.mark.parametrize("code", CODES)
def test_handout_is_tagged_titled_and_in_its_language(published, code):
    document, files = published
    language = get_language(code)
    guide = render_guide(document, language)
    path = files[(code, "guide")]
    info = _run("pdfinfo", str(path))
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    title = re.search(r"^Title:\s+(.*)$", info, re.M).group(1)
    assert title == guide["title"]
    meta = _run("pdfinfo", "-meta", str(path))
    assert 'pdfuaid:part="1"' in meta
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == language.tag  # poppler's pdfinfo does not print it
        assert bool(pdf.Root.MarkInfo.Marked)
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)


@pytest.mark.parametrize("code", CODES)
def test_every_font_is_embedded_and_subset(published, code):
    _document, files = published
    for part in ("guide", "faq", "comparison"):
        rows = _run("pdffonts", str(files[(code, part)])).splitlines()[2:]
        assert rows
        for row in rows:
            emb, sub, uni = row.split()[-5:-2]
            assert (emb, sub, uni) == ("yes", "yes", "yes"), row
    fonts = _run("pdffonts", str(files[(code, "guide")]))
    names = [row.split()[0] for row in fonts.splitlines()[2:]]
    # Only Noto: a glyph missing from them would have pulled in another system font.
    assert all(name.split("+", 1)[1].startswith("Noto-") for name in names), names
    if code == "ar":
        assert "Noto-Naskh-Arabic" in fonts
    if code == "zh-hans":
        assert "Noto-Sans-CJK-SC" in fonts


@pytest.mark.parametrize("code", CODES)
def test_every_faq_answer_and_table_cell_is_printed(published, code):
    document, files = published
    guide = render_guide(document, get_language(code))
    whole = _run("pdftotext", str(files[(code, "guide")]), "-")
    faq = _run("pdftotext", str(files[(code, "faq")]), "-")
    table = _run("pdftotext", str(files[(code, "comparison")]), "-")
    assert len(guide["faq"]) == 6
    for entry in guide["faq"]:
        for text in (entry["question"], entry["answer"]):
            assert _printed(text, whole), text
            assert _printed(text, faq), text
    cells = [c["label"] for c in guide["comparison_table"]["columns"]]
    cells += [v for row in guide["comparison_table"]["rows"] for v in row["cells"].values()]
    assert len(cells) == 30
    for cell in cells:
        assert _printed(cell, whole), cell
        assert _printed(cell, table), cell


@pytest.mark.parametrize("code", CODES)
def test_every_page_says_what_it_is(published, code):
    """Title (after the first page), version, review state, disclaimer, address, page n of m."""
    document, files = published
    language = get_language(code)
    guide = render_guide(document, language)
    words = handout_text(code)
    pages = _run("pdftotext", str(files[(code, "guide")]), "-").split("\f")[:-1]
    assert len(pages) > 3
    for number, page in enumerate(pages, start=1):
        counter = words.page.format(page=number, pages=len(pages))
        assert _printed(counter, page), (number, page[-300:])
        assert _printed(words.version.format(number=guide["version"]), page)
        disclaimer = guide["disclaimer"]["text"] if guide.get("disclaimer") else words.disclaimer
        assert _printed(disclaimer, page)
        assert _squash(f"lang={language.tag}") in _squash(page)
        assert _printed(" ".join(guide["title"].split()[:4]), page)


def _struct_elements(pdf: pikepdf.Pdf):
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        if kids is None:
            continue
        kids = kids if isinstance(kids, pikepdf.Array) else [kids]
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/S") is not None:
                yield kid
                stack.append(kid)


@pytest.mark.parametrize("code", CODES)
def test_structure_headings_table_lists_languages_and_bookmarks(published, code):
    document, files = published
    guide = render_guide(document, get_language(code))
    with pikepdf.open(files[(code, "guide")]) as pdf:
        elements = list(_struct_elements(pdf))
        kinds = [str(e.S) for e in elements]
        for kind in ("/H1", "/H2", "/H3", "/P", "/Table", "/TH", "/TD", "/L", "/LI", "/Caption"):
            assert kind in kinds, kind
        assert kinds.count("/H1") == 1
        header_cells = [e for e in elements if str(e.S) == "/TH"]
        assert len(header_cells) == 5 + 5  # column headers and row headers
        scopes = sorted(str(e.A.Scope) for e in header_cells)
        assert scopes == ["/Column"] * 5 + ["/Row"] * 5
        ids = {str(e.ID) for e in header_cells}
        for cell in (e for e in elements if str(e.S) == "/TD"):
            headers = {str(h) for h in cell.A.Headers}
            assert len(headers) == 2 and headers <= ids  # its column's and its row's
        english = {str(e.Lang) for e in elements if e.get("/Lang") is not None}
        fell_back = '"fallback"' in str(guide) or "'fallback'" in str(guide)
        assert english == ({"en"} if fell_back and code != "en" else set())
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
    assert titles[0] == guide["title"]
    nested = [s["heading"] for s in guide["sections"]]
    assert all(
        _squash(h) in _squash(" ".join(_outline_titles(files[(code, "guide")]))) for h in nested
    )


def _outline_titles(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        out, stack = [], list(outline.root)
        while stack:
            item = stack.pop()
            out.append(item.title)
            stack.extend(item.children)
        return out


def test_english_fallback_passages_are_tagged_english(published):
    """Wherever the FAQ falls back to English, the tag tree says so (WCAG 3.1.2)."""
    document, files = published
    for code in CODES:
        guide = render_guide(document, get_language(code))
        fallbacks = sum(len(e.get("fallback", {})) for e in guide["faq"])
        fallbacks += "title" in guide.get("fallback", {})
        fallbacks += "faq_heading" in guide.get("fallback", {})
        with pikepdf.open(files[(code, "faq")]) as pdf:
            tagged = [e for e in _struct_elements(pdf) if e.get("/Lang") is not None]
        assert {str(e.Lang) for e in tagged} <= {"en"}
        if code == "en":
            assert tagged == []
        else:
            # At least one element per fallen-back text (a heading makes a bookmark too).
            assert len(tagged) >= fallbacks, (code, len(tagged), fallbacks)


def test_comparison_table_is_on_a_landscape_page(published):
    _document, files = published
    info = _run("pdfinfo", "-f", "1", "-l", "9", str(files[("en", "comparison")]))
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info, re.M)
    assert any(float(w) > float(h) for w, h in sizes)


# Serving ---------------------------------------------------------------------------------


def test_a_handout_not_rendered_yet_is_a_503_with_retry_after(client, seeded):
    response = client.get(f"{BASE}/handout.pdf?lang=es")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "30"
    assert response.json()["type"] == "/problems/handout-not-ready"


def test_a_missing_handout_is_rendered_once_then_served_stored(client, seeded, settings):
    settings.HANDOUTS_RENDERING = True  # Celery runs eagerly here (no broker): rendered now
    response = client.get(f"{BASE}/faq/handout.pdf?lang=ar")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Language"] == "ar"
    assert response.content.startswith(b"%PDF-1.7")
    assert "guide-opzelura-atopic-dermatitis" in response["Surrogate-Key"]
    assert "inline" in response["Content-Disposition"]
    assert RenderedHandout.objects.filter(language="ar", part="faq").count() == 1
    assert RenderedHandout.objects.count() == 1  # only what was asked for

    again = client.get(f"{BASE}/faq/handout.pdf", HTTP_ACCEPT_LANGUAGE="ar")
    assert again.status_code == 200 and again["ETag"] == response["ETag"]
    assert again.content == response.content
    fresh = client.get(f"{BASE}/faq/handout.pdf?lang=ar", HTTP_IF_NONE_MATCH=response["ETag"])
    assert fresh.status_code == 304
    assert RenderedHandout.objects.count() == 1


def test_unknown_guide_part_and_language_are_problems(client, seeded):
    assert client.get("/api/v1/guides/nope/handout.pdf").status_code == 404
    bad = client.get(f"{BASE}/handout.pdf?lang=xx")
    assert bad.status_code == 400
    assert bad["Content-Type"] == "application/problem+json"
    assert client.get(f"{BASE}/sections/handout.pdf").status_code == 404
    # Problems stay JSON even when a PDF is all the client accepts.
    pdf_only = client.get("/api/v1/guides/nope/handout.pdf", HTTP_ACCEPT="application/pdf")
    assert pdf_only.status_code == 404
    assert pdf_only["Content-Type"] == "application/problem+json"


def test_a_withdrawn_guide_has_no_handout(
    client, seeded, settings, django_capture_on_commit_callbacks
):
    from guide.publishing import withdraw

    settings.HANDOUTS_RENDERING = True
    assert client.get(f"{BASE}/faq/handout.pdf?lang=en").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(seeded)
    assert client.get(f"{BASE}/faq/handout.pdf?lang=en").status_code == 404


# Links ------------------------------------------------------------------------------------


def test_the_embed_page_links_its_handout(client, seeded):
    page = client.get(f"/embed/v1/guides/{SEED_SLUG}/?lang=ar").content.decode()
    assert f'href="{BASE}/handout.pdf?lang=ar" type="application/pdf"' in page
    assert "نشرة للطباعة (PDF)" in page
    faq = client.get(f"/embed/v1/guides/{SEED_SLUG}/faq/?lang=en").content.decode()
    assert f'href="{BASE}/faq/handout.pdf?lang=en"' in faq


def test_the_admin_preview_offers_the_working_copy_as_pdf(admin_client, seeded):
    from django.urls import reverse

    page = admin_client.get(reverse("admin:guide_guide_change", args=[seeded.pk]))
    links = re.findall(
        r'href="(/api/v1/preview/[^"]+/handout\.pdf\?lang=zh-Hans)"', page.content.decode()
    )
    assert len(links) == 1
    Guide.objects.filter(pk=seeded.pk).update(title_zh_hans="Unpublished working title")
    pdf = admin_client.get(links[0].replace("&amp;", "&"))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Cache-Control"] == "private, no-store"
    with pikepdf.open(io.BytesIO(pdf.content)) as doc:
        assert str(doc.Root.Lang) == "zh-Hans"
        assert str(doc.open_metadata().get("dc:title")) == "Unpublished working title"


def test_operators_can_render_handouts_by_command(client, seeded):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("render_handouts", "--language", "vi", "--part", "faq", stdout=out)
    assert f"{SEED_SLUG} v1: 1 handouts rendered" in out.getvalue()
    stored = RenderedHandout.objects.get()
    assert (stored.language, stored.part, stored.number) == ("vi", "faq", 1)
    response = client.get(f"{BASE}/faq/handout.pdf?lang=vi")
    assert response.status_code == 200 and bytes(stored.pdf) == response.content
    call_command("render_handouts", "--language", "vi", "--part", "faq", "--again", stdout=out)
    assert RenderedHandout.objects.get().pk != stored.pk


def test_publishing_drops_the_handouts_of_older_versions(
    client, seeded, settings, django_capture_on_commit_callbacks
):
    from guide.publishing import publish

    settings.HANDOUTS_RENDERING = True
    assert client.get(f"{BASE}/comparison/handout.pdf?lang=es").status_code == 200
    assert RenderedHandout.objects.filter(number=1).count() == 1
    settings.HANDOUTS_RENDERING = False  # the new version's are not rendered here
    with django_capture_on_commit_callbacks(execute=True):
        publish(seeded, note="second")
    assert not RenderedHandout.objects.exists()
    response = client.get(f"{BASE}/comparison/handout.pdf?lang=es")
    assert response.status_code == 503  # version 2's is not rendered yet
