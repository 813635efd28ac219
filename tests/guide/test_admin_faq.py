"""FAQ entries on pages of their own: what the guide page's inline did, still done."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from guide.accessibility_analysis.admin import admin_url
from guide.models import FAQEntry, Guide
from guide.roles import EDITOR_GROUP, TRANSLATOR_GROUP, sync_roles
from tests.support.admin_forms import change_form_data
from tests.support.roles import role_user


@pytest.fixture
def entry(seeded) -> FAQEntry:
    sync_roles()
    return FAQEntry.objects.filter(guide=seeded).order_by("order").first()


def edit(client, user: User, entry: FAQEntry, **changes: str):
    client.force_login(user)
    url = f"/admin/guide/faqentry/{entry.pk}/change/"
    data = change_form_data(client.get(url).content.decode(), "faqentry_form")
    data.update({name: [value] for name, value in changes.items()})
    return client.post(url, {**data, "_continue": "Save"})


def test_editor_adds_an_entry_to_the_guide(client, seeded, entry):
    client.force_login(role_user(EDITOR_GROUP))
    url = f"/admin/guide/faqentry/add/?guide={seeded.pk}"
    data = change_form_data(client.get(url).content.decode(), "faqentry_form")
    assert data["guide"] == [str(seeded.pk)]
    data.update(question_en=["Can I swim?"], answer_en=["<p>Ask your care team.</p>"])
    response = client.post(url, {**data, "order": "99", "_save": "Save"})
    assert response.status_code == 302, response.content.decode()[:3000]
    added = FAQEntry.objects.get(guide=seeded, question_en="Can I swim?")
    assert added.history.first().history_type == "+"
    assert Guide.objects.get(pk=seeded.pk).revision == seeded.revision + 1


def test_translator_changes_the_spanish_answer_but_not_the_english(client, entry):
    english, order = entry.answer_en, entry.order
    response = edit(
        client,
        role_user(TRANSLATOR_GROUP),
        entry,
        answer_es="<p>Una respuesta nueva.</p>",
        answer_en="<p>Changed by a translator.</p>",
        order=str(order + 7),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry.refresh_from_db()
    assert entry.answer_es == "<p>Una respuesta nueva.</p>"
    assert (entry.answer_en, entry.order) == (english, order)  # the source stays locked
    record = entry.history.first()
    assert record.history_user.groups.get().name == TRANSLATOR_GROUP


def test_a_stale_entry_page_is_refused(client, entry):
    editor = role_user(EDITOR_GROUP)
    client.force_login(editor)
    url = f"/admin/guide/faqentry/{entry.pk}/change/"
    stale = change_form_data(client.get(url).content.decode(), "faqentry_form")
    assert edit(client, editor, entry, answer_en="<p>First.</p>").status_code == 302
    stale["answer_en"] = ["<p>From a stale page.</p>"]
    response = client.post(url, {**stale, "_continue": "Save"})
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    assert "last saved by editors" in response.content.decode()
    entry.refresh_from_db()
    assert entry.answer_en == "<p>First.</p>"


def test_warnings_link_to_the_entry_page(seeded, entry):
    target = {"model": "faq", "id": entry.pk, "index": 0}
    url = admin_url(seeded, target, "zh-hans")
    assert url == f"/admin/guide/faqentry/{entry.pk}/change/#id_answer_zh_hans"
