"""Translated fields in the admin: language and direction, the English source, rich text,
anchors and statuses (guide/admin_widgets.py); branding and labelled tabular inlines."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.test import Client
from django_prose_editor.config import allowlist_from_extensions
from modeltranslation.translator import translator

from guide.admin_widgets import RICH_TEXT_EXTENSIONS, TranslatedFieldsMixin
from guide.languages import all_languages
from guide.models import Callout, ComparisonTable, Section, TableRow, TextStatus
from guide.roles import EDITOR_GROUP, TRANSLATOR_GROUP, sync_roles
from guide.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from guide.translating.dashboard import texts_to_fix
from tests.support.roles import role_user


class _Elements(HTMLParser):
    """Start tags of a page, as (tag, attributes)."""

    def __init__(self, html: str | bytes):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html.decode() if isinstance(html, bytes) else html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def by_id(self, element_id: str) -> dict[str, str | None] | None:
        return next((a for _t, a in self.elements if a.get("id") == element_id), None)


@pytest.fixture
def editor_client(seeded) -> Client:
    sync_roles()
    client = Client()
    client.force_login(role_user(EDITOR_GROUP))
    return client


def _suffix(code: str) -> str:
    return code.replace("-", "_")


def test_the_editor_offers_only_what_the_sanitiser_keeps():
    allowed = allowlist_from_extensions(RICH_TEXT_EXTENSIONS)
    # <b> and <i> are kept when pasted, and shown by the editor as <strong> and <em>.
    assert allowed["tags"] == ALLOWED_TAGS - {"b", "i"}
    for tag, attributes in allowed["attributes"].items():
        # The link dialog's title, rel and target are dropped on save (nh3 sets rel itself);
        # a list's start and type have no dialog (`enableListAttributes` is off).
        dropped = {"a": {"rel", "title", "target"}, "ol": {"start", "type", "data-type"}}
        extra = set(attributes) - ALLOWED_ATTRIBUTES.get(tag, set()) - dropped.get(tag, set())
        assert not extra, (tag, extra)
    for tag, attributes in ALLOWED_ATTRIBUTES.items():
        assert attributes <= set(allowed["attributes"].get(tag, ())), tag


def test_every_admin_of_translated_content_uses_the_translated_fields_widgets():
    translated = set(translator.get_registered_models())
    admins = []
    for model, model_admin in admin.site._registry.items():
        if model in translated:
            admins.append(model_admin)
        admins += [i(model, admin.site) for i in model_admin.inlines if i.model in translated]
    assert admins
    missing = [type(a).__name__ for a in admins if not isinstance(a, TranslatedFieldsMixin)]
    assert missing == []


def test_every_translated_input_has_its_language_and_direction(editor_client):
    section = Section.objects.filter(parent=None, callouts__isnull=False).first()
    page = editor_client.get(f"/admin/guide/section/{section.pk}/change/").content.decode()
    elements = _Elements(page)
    checked = 0
    for language in all_languages():
        pattern = re.compile(rf"(^|-)(heading|body|label)_{_suffix(language.code)}$")
        for tag, attrs in elements.elements:
            if tag in ("input", "textarea") and pattern.search(attrs.get("name") or ""):
                assert attrs.get("lang") == language.tag, attrs["name"]
                assert attrs.get("dir") == language.direction, attrs["name"]
                checked += 1
    assert checked >= 6 * 4  # heading and body of the section and of its callout
    arabic = elements.by_id("id_body_ar")
    assert arabic and arabic["dir"] == "rtl" and arabic["lang"] == "ar"
    assert elements.by_id("id_heading_zh_hans")["lang"] == "zh-Hans"
    # Labels name the language in that language, marked as such.
    assert '<label for="id_body_ar">Body (<span lang="ar" dir="rtl">العربية</span>):' in page


def test_bodies_get_the_rich_text_editor_and_other_texts_do_not(editor_client):
    section = Section.objects.filter(parent=None).first()
    elements = _Elements(editor_client.get(f"/admin/guide/section/{section.pk}/change/").content)
    attribute = "data-django-prose-editor-configurable"
    for language in all_languages():
        assert attribute in elements.by_id(f"id_body_{_suffix(language.code)}")
        assert attribute not in elements.by_id(f"id_heading_{_suffix(language.code)}")


def test_translators_see_the_english_source_rendered_beside_each_translation(seeded):
    sync_roles()
    client = Client()
    client.force_login(role_user(TRANSLATOR_GROUP))
    section = Section.objects.filter(parent=None).exclude(body_en="").first()
    page = client.get(f"/admin/guide/section/{section.pk}/change/").content.decode()
    source = re.search(
        r'<div class="source-text" id="id_body_es_source">.*?<div class="source-body" '
        r'lang="en" dir="ltr">(.*?)</div></div>',
        page,
        re.S,
    )
    assert source, "no English source beside the Spanish body"
    assert source.group(1).startswith("<p>")  # HTML as HTML, not escaped markup
    assert "&lt;p&gt;" not in source.group(1)
    assert 'id="id_body_en_source"' not in page  # not beside English itself
    # Their read-only English, in its own tab, is formatted text in English too.
    readonly = re.findall(r'<div class="readonly">(.*?)</div>', page, re.S)
    assert any(r.startswith('<div lang="en" dir="ltr"><p>') for r in readonly)
    assert not [r for r in readonly if "&lt;p&gt;" in r]


def test_each_translated_input_carries_its_anchor_and_status(editor_client):
    section = Section.objects.filter(parent=None).first()
    TextStatus.objects.filter(object_id=section.pk, field="body", language="fr").update(
        source_fingerprint="an older English"
    )
    page = editor_client.get(f"/admin/guide/section/{section.pk}/change/").content.decode()
    assert f'id="text-sections.{section.pk}.body-es"' in page
    fr = _Elements(page).by_id("id_body_fr")
    assert fr["data-status"] == "machine" and fr["data-outdated"] == "true"
    callout = Callout.objects.filter(section=section).first()
    if callout is not None:
        assert f'id="text-callouts.{callout.pk}.body-es"' in page


def test_the_to_fix_page_links_each_text_to_its_own_field(editor_client, seeded):
    fixes = texts_to_fix(seeded, "ar")
    assert fixes
    page = editor_client.get(f"/admin/guide/textstatus/dashboard/{seeded.slug}/ar/").content
    links = re.findall(r'<a href="([^"]+)">edit</a>', page.decode())
    assert len(links) == len(fixes)
    targets: dict[str, str] = {}
    for link in links:
        url, _, anchor = link.partition("#")
        assert anchor.startswith("text-") and anchor.endswith("-ar"), link
        if url not in targets:
            targets[url] = editor_client.get(url).content.decode()
        assert f'id="{anchor}"' in targets[url], link


def test_tabular_inlines_label_every_input(editor_client, seeded):
    table = ComparisonTable.objects.get(guide=seeded)
    row = TableRow.objects.filter(table=table).first()
    for url in (
        f"/admin/guide/guide/{seeded.pk}/change/",
        f"/admin/guide/comparisontable/{table.pk}/change/",
        f"/admin/guide/tablerow/{row.pk}/change/",
    ):
        elements = _Elements(editor_client.get(url).content.decode())
        labelled = {a.get("for") for t, a in elements.elements if t == "label"}
        inputs = [
            a["id"]
            for t, a in elements.elements
            if t in ("input", "select", "textarea")
            and a.get("type") != "hidden"
            and "-__prefix__-" not in (a.get("id") or "")
            and re.match(r"id_(languages|columns|rows|cells)-\d+-", a.get("id") or "")
        ]
        assert inputs, url
        assert [i for i in inputs if i not in labelled] == [], url


def test_the_admin_names_the_product(editor_client):
    page = editor_client.get("/admin/").content.decode()
    assert "Patient guides" in page
    assert "Django administration" not in page and "Django site admin" not in page


def test_a_body_posted_with_markup_the_editor_does_not_offer_is_cleaned(editor_client):
    from tests.support.admin_forms import change_form_data

    section = Section.objects.filter(parent=None).first()
    url = f"/admin/guide/section/{section.pk}/change/"
    data = change_form_data(editor_client.get(url).content.decode(), "section_form")
    data["body_es"] = ['<p onclick="x()">Hola <img src=x onerror=alert(1)><script>1</script></p>']
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    section.refresh_from_db()
    assert section.body_es == "<p>Hola </p>"
