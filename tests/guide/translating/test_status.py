"""Translation status per text: seeded as machine, outdated when English changes, reviewer-only."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory

from api.representation import render_guide
from guide.document import build_document, guide_tree_queryset
from guide.languages import get_language
from guide.models import FAQEntry, Section, TextStatus
from guide.publishing import publish
from guide.roles import REVIEWER_GROUP, TRANSLATOR_GROUP, sync_roles
from guide.seed_import import import_seed
from guide.translating.marking import set_status
from guide.translating.recording import record_edits, snapshot
from guide.translating.status import record_key
from guide.translating.texts import Text, fingerprint, guide_texts
from tests.support.guides import SEED_SLUG
from tests.support.roles import role_user


def record(obj, field: str, code: str) -> TextStatus | None:
    ct, pk, field, code = record_key(obj, field, code)
    return TextStatus.objects.filter(
        content_type_id=ct, object_id=pk, field=field, language=code
    ).first()


def user_in(group: str, name: str) -> User:
    sync_roles()
    user = role_user(group, name, password="a-long-password-123")
    return User.objects.get(pk=user.pk)  # fresh permission cache


def first_section(guide) -> Section:
    return Section.objects.filter(guide=guide, parent=None).order_by("order").first()


def section_in(body: dict, section_id: int) -> dict:
    for section in body["sections"]:
        if section["id"] == section_id:
            return section
        for sub in section["subsections"]:
            if sub["id"] == section_id:
                return sub
    raise AssertionError(section_id)


def test_seed_records_spanish_and_arabic_as_machine_from_current_english(seeded_partial):
    seeded = seeded_partial  # partial Arabic, untranslated French (test data)
    texts = guide_texts(seeded)
    spanish = [record(t.obj, t.field, "es") for t in texts]
    assert all(r is not None for r in spanish)
    assert {r.status for r in spanish} == {"machine"}
    assert all(
        r.source_fingerprint == fingerprint(t.source) for t, r in zip(texts, spanish, strict=True)
    )
    arabic = {t.unit_id: record(t.obj, t.field, "ar") for t in texts}
    translated = {t.unit_id for t in texts if t.value("ar")}
    assert {uid for uid, r in arabic.items() if r is not None} == translated
    assert 0 < len(translated) < len(texts)
    assert not TextStatus.objects.filter(language="fr").exists()


def test_reimport_keeps_a_reviewed_status_and_writes_nothing(seeded):
    section = first_section(seeded)
    reviewer = user_in(REVIEWER_GROUP, "rev")
    set_status([record(section, "body", "es")], "reviewed", reviewer)
    before = list(TextStatus.objects.order_by("pk").values())
    assert import_seed(SEED_SLUG, update=True).changed == 0
    assert list(TextStatus.objects.order_by("pk").values()) == before


def test_editing_english_body_marks_spanish_outdated_and_the_api_says_so(seeded):
    section = first_section(seeded)
    spanish_before = section.body_es
    section.body_en = section.body_en.replace("</p>", " (updated)</p>", 1)
    section.save()

    document = build_document(guide_tree_queryset().get(pk=seeded.pk))
    body = render_guide(document, get_language("es"))
    served = section_in(body, section.pk)
    assert served["body"] == spanish_before  # still served, flagged
    assert served["translation_status"] == {"heading": "machine", "body": "outdated"}
    spanish = next(lang for lang in body["available_languages"] if lang["code"] == "es")
    assert spanish["outdated"] == 1
    assert spanish["missing"] == 0
    # English readers see nothing of it; other untouched Spanish texts stay "machine".
    english = render_guide(document, get_language("en"))
    assert "translation_status" not in section_in(english, section.pk)
    faq = body["faq"][0]
    assert faq["translation_status"] == {"question": "machine", "answer": "machine"}


def test_api_over_http_flags_the_outdated_body(seeded):
    section = first_section(seeded)
    section.body_en = "<p>New English.</p>"
    section.save()
    publish(seeded, note="English changed")
    response = Client().get(f"/api/v1/guides/{SEED_SLUG}/sections/", {"lang": "es"})
    assert response.status_code == 200
    served = section_in(response.json(), section.pk)
    assert served["translation_status"]["body"] == "outdated"


def test_arabic_fallbacks_carry_no_translation_status(seeded_partial):
    seeded = seeded_partial  # partial Arabic, untranslated French (test data)
    document = build_document(guide_tree_queryset().get(pk=seeded.pk))
    body = render_guide(document, get_language("ar"))
    last = body["sections"][-1]["subsections"][0]
    assert last["fallback"] == {"heading": "en", "body": "en"}
    assert "translation_status" not in last
    arabic = next(lang for lang in body["available_languages"] if lang["code"] == "ar")
    assert arabic["machine"] + arabic["missing"] == len(guide_texts(seeded))
    assert arabic["missing"] > 0 and arabic["reviewed"] == 0


def test_admin_edit_of_a_spanish_text_makes_it_human_by_the_editor(seeded):
    editor = User.objects.create_superuser("boss", password="a-long-password-123")
    section = first_section(seeded)
    before = snapshot([section])[(Section, section.pk)]
    section.body_es = "<p>Texto revisado por una persona.</p>"
    request = RequestFactory().post("/")
    request.user = editor
    admin.site._registry[Section].save_model(request, section, form=None, change=True)

    changed = record(section, "body", "es")
    assert (changed.status, changed.set_by) == ("human", editor)
    assert changed.source_fingerprint == fingerprint(section.body_en)
    assert record(section, "heading", "es").status == "machine"  # untouched
    assert before["body_es"] != section.body_es


def test_admin_clearing_a_translation_makes_it_missing(seeded):
    entry = FAQEntry.objects.filter(guide=seeded).order_by("order").first()
    editor = User.objects.create_superuser("boss", password="a-long-password-123")
    before = snapshot([entry])[(FAQEntry, entry.pk)]
    entry.answer_ar = ""
    entry.save()
    record_edits(entry, before, editor)
    assert record(entry, "answer", "ar") is None
    body = render_guide(build_document(guide_tree_queryset().get(pk=seeded.pk)), get_language("ar"))
    assert body["faq"][0]["fallback"] == {"answer": "en"}


def test_only_reviewers_may_mark_reviewed(seeded):
    translator = user_in(TRANSLATOR_GROUP, "translator")
    reviewer = user_in(REVIEWER_GROUP, "reviewer")
    target = record(first_section(seeded), "body", "es")
    with pytest.raises(PermissionDenied):
        set_status([target], "reviewed", translator)
    target.refresh_from_db()
    assert target.status == "machine"
    set_status([target], "human", translator)  # translators may confirm their own work
    set_status([target], "reviewed", reviewer)
    target.refresh_from_db()
    assert (target.status, target.set_by) == ("reviewed", reviewer)


def test_marking_confirms_against_current_english(seeded):
    section = first_section(seeded)
    section.body_en = "<p>Changed.</p>"
    section.save()
    target = record(section, "body", "es")
    assert target.source_fingerprint != fingerprint(section.body_en)
    set_status([target], "reviewed", user_in(REVIEWER_GROUP, "reviewer"))
    target.refresh_from_db()
    assert target.source_fingerprint == fingerprint(Text(section, "body").source)


def test_admin_action_mark_reviewed_is_refused_to_translators(seeded):
    target = record(first_section(seeded), "body", "es")
    url = "/admin/guide/textstatus/"
    data = {"action": "mark_reviewed", "_selected_action": [target.pk]}

    client = Client()
    client.force_login(user_in(TRANSLATOR_GROUP, "translator"))
    page = client.get(url)
    assert page.status_code == 200
    assert b"mark_reviewed" not in page.content
    assert b"mark_human" in page.content
    client.post(url, data)
    target.refresh_from_db()
    assert target.status == "machine"
    # Nor can the change form set it.
    client.post(f"{url}{target.pk}/change/", {"status": "reviewed"})
    target.refresh_from_db()
    assert target.status == "machine"

    client.force_login(user_in(REVIEWER_GROUP, "reviewer"))
    assert client.post(url, data).status_code == 302
    target.refresh_from_db()
    assert target.status == "reviewed"


def test_groups_and_permission_come_from_the_migration(db):
    reviewers = Group.objects.get(name=REVIEWER_GROUP)
    translators = Group.objects.get(name=TRANSLATOR_GROUP)
    assert reviewers.permissions.filter(codename="mark_reviewed").exists()
    assert not translators.permissions.filter(codename="mark_reviewed").exists()
    assert (
        not Group.objects.get(name="Editors").permissions.filter(codename="mark_reviewed").exists()
    )
    assert translators.permissions.filter(codename="change_section").exists()
    assert not translators.permissions.filter(codename="delete_section").exists()
