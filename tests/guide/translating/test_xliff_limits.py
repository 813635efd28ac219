"""XLIFF imports refuse what does not fit, with the problems listed (400), never a 500."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from guide.models import Guide, Section
from guide.translating.xliff import XliffImportError, export_xliff, import_xliff
from tests.support.xliff import serialize, set_target, translations

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
