"""Every write of content is one edit: the guide's revision moves on, its figures follow."""

from __future__ import annotations

from django.test import Client

from guide.accessibility_analysis.readability import count_words
from guide.models import FAQEntry, Guide, TextStatus
from guide.publishing import publish
from guide.translating.marking import set_status
from guide.translating.xliff import export_xliff, import_xliff
from tests.support.admin_forms import change_form_data
from tests.support.xliff import serialize, set_target


def import_one(guide: Guide, code: str, unit_id: str, text: str) -> None:
    def edit(found, root):
        set_target(found[unit_id], text)

    import_xliff(serialize(export_xliff(guide, code), edit))


def test_a_form_opened_before_an_xliff_import_is_refused_not_saved_over_it(
    seeded, admin_client: Client
):
    url = f"/admin/guide/guide/{seeded.pk}/change/"
    stale = change_form_data(admin_client.get(url).content.decode(), "guide_form")
    assert stale["faq_heading_fr"] == [seeded.faq_heading_fr]
    assert seeded.faq_heading_fr != "Questions fréquentes"

    import_one(seeded, "fr", f"guide.{seeded.pk}.faq_heading", "Questions fréquentes")

    stale["_continue"] = ["Save"]
    response = admin_client.post(url, stale)
    assert response.status_code == 200  # the form again, with the error
    assert "changed by someone else since you opened this page" in response.content.decode()
    seeded.refresh_from_db()
    assert seeded.faq_heading_fr == "Questions fréquentes"

    fresh = change_form_data(admin_client.get(url).content.decode(), "guide_form")
    assert fresh["faq_heading_fr"] == ["Questions fréquentes"]
    fresh["_continue"] = ["Save"]
    assert admin_client.post(url, fresh).status_code == 302


def test_xliff_import_refreshes_readability_before_a_publish(seeded):
    entry = FAQEntry.objects.filter(guide=seeded).order_by("order").first()
    path = f"faq.{entry.pk}.answer"
    text = "Oui. Parlez-en à votre médecin."
    assert seeded.readability["blocks"][path]["figures"]["fr"]["words"] != count_words(text, "fr")

    import_one(seeded, "fr", f"faqentry.{entry.pk}.answer", text)

    seeded.refresh_from_db()
    assert seeded.readability["blocks"][path]["figures"]["fr"]["words"] == count_words(text, "fr")
    version = publish(seeded)
    frozen = version.document["readability"]["blocks"][path]["figures"]["fr"]
    assert frozen["words"] == count_words(text, "fr")


def test_an_import_that_changes_nothing_leaves_the_revision(seeded):
    revision = seeded.revision
    import_xliff(export_xliff(seeded, "es"))
    seeded.refresh_from_db()
    assert seeded.revision == revision


def test_marking_a_status_moves_the_revision_on(seeded, admin_user):
    revision = seeded.revision
    record = TextStatus.objects.filter(guide=seeded).first()
    set_status([record], "human", admin_user)
    seeded.refresh_from_db()
    assert seeded.revision == revision + 1
