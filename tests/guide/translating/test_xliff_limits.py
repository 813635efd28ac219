"""XLIFF imports refuse what does not fit, with the problems listed (400), never a 500."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from guide.models import Guide, Section
from guide.translating.xliff import XLIFF_NAMESPACE, XliffImportError, export_xliff, import_xliff
from tests.support.xliff import (
    NS,
    assert_refused_and_unchanged,
    serialize,
    set_target,
    translations,
)

IMPORT = "/admin/guide/textstatus/xliff/import/"


@pytest.fixture
def boss(db) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("boss", password="a-long-password-123"))
    return client


@pytest.mark.parametrize("language", ["xx", "zh-Hant", "en"])
def test_an_unknown_language_in_the_address_is_a_listed_problem(seeded, boss, language):
    data = export_xliff(seeded, "es")
    upload = SimpleUploadedFile("es.xlf", data)
    response = boss.post(f"{IMPORT}?guide={seeded.slug}&language={language}", {"file": upload})
    assert response.status_code == 400
    assert "is not a language we translate" in response.content.decode()


def test_an_over_long_title_is_refused_and_nothing_is_stored(seeded):
    before = translations(seeded, "es")
    too_long = "T" * 301

    def edit(found, root):
        set_target(found[f"guide.{seeded.pk}.title"], too_long)

    with pytest.raises(XliffImportError) as refused:
        import_xliff(serialize(export_xliff(seeded, "es"), edit))
    assert "at most 300 fit" in str(refused.value)
    assert translations(Guide.objects.get(pk=seeded.pk), "es") == before


def test_an_unterminated_tag_in_a_plain_text_is_refused(seeded):
    section = Section.objects.filter(guide=seeded, parent=None).order_by("order").first()
    uid = f"section.{section.pk}.heading"

    def edit(found, root):
        set_target(found[uid], "Título <b")

    with pytest.raises(XliffImportError) as refused:
        import_xliff(serialize(export_xliff(seeded, "es"), edit))
    assert "not terminated" in str(refused.value)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (
            b'<xliff version="1.2" xmlns="urn:example:not-xliff"><file original="x" '
            b'source-language="en" target-language="es"><body/></file></xliff>',
            "not an XLIFF 1.x file (root must be <xliff>)",
        ),
        (
            f'<xliff version="1.2" xmlns="{XLIFF_NAMESPACE}"><file original="a" '
            'source-language="en" target-language="es"><body/></file><file original="b" '
            'source-language="en" target-language="es"><body/></file></xliff>'.encode(),
            "the file must hold exactly one <file> element",
        ),
    ],
)
def test_a_root_in_another_namespace_or_two_files_are_refused(seeded, data, problem):
    assert assert_refused_and_unchanged(seeded, data) == [problem]


def test_an_xliff_1_1_file_is_read_too(seeded):
    section = Section.objects.filter(guide=seeded, parent=None).order_by("order").first()
    uid = f"section.{section.pk}.heading"

    def edit(found, root):
        set_target(found[uid], "Un título de otra herramienta")

    data = serialize(export_xliff(seeded, "es"), edit).replace(
        XLIFF_NAMESPACE.encode(), b"urn:oasis:names:tc:xliff:document:1.1"
    )
    assert import_xliff(data).updated == [uid]


def test_a_unit_without_its_fingerprint_and_a_long_unknown_language_are_named(seeded):
    section = Section.objects.filter(guide=seeded, parent=None).order_by("order").first()
    uid = f"section.{section.pk}.heading"

    def drop_fingerprint(found, root):
        set_target(found[uid], "Otro título")
        for note in found[uid].iterfind("x:note", NS):
            if note.get("from") == "source-fingerprint":
                found[uid].remove(note)

    data = serialize(export_xliff(seeded, "es"), drop_fingerprint)
    assert assert_refused_and_unchanged(seeded, data) == [
        f"{uid}: the source-fingerprint note is missing"
    ]

    def long_language(found, root):
        root.find("x:file", NS).set("target-language", "x-" + "a" * 40)

    data = serialize(export_xliff(seeded, "es"), long_language)
    # The code is quoted cut to its first 20 characters.
    assert assert_refused_and_unchanged(seeded, data) == [
        "target language 'x-aaaaaaaaaaaaaaaaaa' is not a language we translate"
    ]
