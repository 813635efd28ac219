"""XLIFF round trip: export, edit as a CAT tool would, import all-or-nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.test import Client
from lxml import etree
from modeltranslation.utils import build_localized_fieldname

from guide.models import FAQEntry, Guide, Section, TextStatus
from guide.roles import REVIEWER_GROUP, sync_roles
from guide.translating.marking import set_status
from guide.translating.status import record_key
from guide.translating.texts import guide_texts
from guide.translating.xliff import XLIFF_NAMESPACE, export_xliff, import_xliff
from tests.support.xliff import (
    NS,
    assert_refused_and_unchanged,
    serialize,
    set_target,
    status_rows,
    translations,
    units,
)


def status_of(unit_id: str, code: str) -> TextStatus:
    model, pk, field = unit_id.split(".")
    obj = {"section": Section, "faqentry": FAQEntry}[model].objects.get(pk=pk)
    ct, pk, field, code = record_key(obj, field, code)
    return TextStatus.objects.get(content_type_id=ct, object_id=pk, field=field, language=code)


@pytest.fixture
def section(seeded) -> Section:
    return Section.objects.filter(guide=seeded, parent=None).order_by("order").first()


def test_export_has_stable_ids_source_target_and_fingerprint(seeded, section):
    data = export_xliff(seeded, "es")
    # Translation tools read the encoding from the declaration.
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    root = etree.fromstring(data)
    assert root.get("version") == "1.2"
    file_node = root.find("x:file", NS)
    assert (file_node.get("original"), file_node.get("source-language")) == (seeded.slug, "en")
    assert file_node.get("target-language") == "es"
    found = units(data)
    assert set(found) == {t.unit_id for t in guide_texts(seeded)}
    assert export_xliff(seeded, "es") == data  # stable
    unit = found[f"section.{section.pk}.body"]
    assert unit.find("x:source", NS).text == section.body_en
    target = unit.find("x:target", NS)
    assert target.text == section.body_es
    assert (target.get("state"), target.get("state-qualifier")) == (
        "needs-review-translation",
        "mt-suggestion",
    )
    notes = {n.get("from"): n.text for n in unit.iterfind("x:note", NS)}
    assert len(notes["source-fingerprint"]) == 64
    # Untranslated Arabic texts have no target.
    last = Section.objects.filter(guide=seeded).order_by("-order", "-id").first()
    Section.objects.filter(pk=last.pk).update(heading_ar=None)
    arabic = units(export_xliff(seeded, "ar"))
    assert arabic[f"section.{last.pk}.heading"].find("x:target", NS) is None


def test_round_trip_updates_exactly_the_edited_units(seeded, section):
    entry = FAQEntry.objects.filter(guide=seeded).order_by("order").first()
    edited = {
        f"section.{section.pk}.body": "<p>Primer párrafo nuevo.</p>"
        + section.body_es.split("</p>", 1)[1],
        f"faqentry.{entry.pk}.answer": "Una respuesta revisada por una traductora.",
    }
    before = translations(seeded, "es")
    statuses_before = {r["id"]: r for r in status_rows()}

    def edit(found, root):
        for uid, text in edited.items():
            set_target(found[uid], text)

    result = import_xliff(serialize(export_xliff(seeded, "es"), edit))

    assert sorted(result.updated) == sorted(edited)
    after = translations(seeded, "es")
    assert {uid for uid in after if after[uid] != before[uid]} == set(edited)
    assert after[f"faqentry.{entry.pk}.answer"] == edited[f"faqentry.{entry.pk}.answer"]
    for uid in edited:
        assert status_of(uid, "es").status == "human"
    changed_records = [r for r in status_rows() if statuses_before.get(r["id"]) != r]
    assert len(changed_records) == 2
    # Importing the same file again changes nothing.
    again = import_xliff(serialize(export_xliff(seeded, "es"), lambda f, r: None))
    assert again.updated == [] and translations(seeded, "es") == after


def test_machine_qualifier_imports_as_machine_and_new_arabic_text(seeded):
    last = Section.objects.filter(guide=seeded).order_by("-order", "-id").first()
    uid = f"section.{last.pk}.heading"

    def edit(found, root):
        set_target(found[uid], "عنوان جديد", state_qualifier="leveraged-mt")

    result = import_xliff(serialize(export_xliff(seeded, "ar"), edit))
    assert result.updated == [uid]
    last.refresh_from_db()
    assert last.heading_ar == "عنوان جديد"
    assert status_of(uid, "ar").status == "machine"


def test_bodies_are_sanitised_on_the_way_in(seeded, section):
    uid = f"section.{section.pk}.body"
    sneaky = section.body_es.replace("<p>", '<p onclick="steal()">', 1)

    def edit(found, root):
        set_target(found[uid], sneaky)

    import_xliff(serialize(export_xliff(seeded, "es"), edit))
    section.refresh_from_db()
    assert "onclick" not in section.body_es
    assert section.body_es.startswith("<p>")
    # A heading is plain text: kept as typed, not cleaned as HTML (which would escape "&").
    heading = "Niños & adultos"

    def edit_heading(found, root):
        set_target(found[f"section.{section.pk}.heading"], heading)

    import_xliff(serialize(export_xliff(seeded, "es"), edit_heading))
    section.refresh_from_db()
    assert section.heading_es == heading


def test_a_tampered_file_is_refused_whole_with_every_problem(seeded, section):
    entry = FAQEntry.objects.filter(guide=seeded).order_by("order").first()
    good = f"faqentry.{entry.pk}.question"
    markup = f"section.{section.pk}.body"
    plain = f"section.{section.pk}.heading"
    tampered = f"faqentry.{entry.pk}.answer"

    def edit(found, root):
        set_target(found[good], "¿Una pregunta válida?")
        set_target(found[markup], "<p>Sin el resto <strong>de</strong> párrafos")
        set_target(found[plain], "Título <script>alert(1)</script>")
        found[tampered].find("x:source", NS).text = "Something else in English"
        copy = etree.fromstring(etree.tostring(found[good]))
        copy.set("id", "section.999999.body")
        found[good].getparent().append(copy)
        dup = etree.fromstring(etree.tostring(found[good]))
        found[good].getparent().append(dup)

    problems = assert_refused_and_unchanged(seeded, serialize(export_xliff(seeded, "es"), edit))
    text = "\n".join(problems)
    assert f"{markup}: markup does not match the source" in text
    assert "unexpected <strong>" in text and "missing <p>" in text
    assert f"{plain}: markup does not match the source" in text and "<script>" in text
    assert f"{tampered}: the English source was edited in the file" in text
    assert "section.999999.body: unknown unit id" in text
    assert f"{good}: appears more than once" in text
    assert len(problems) == 5


def test_source_changed_since_export_is_refused(seeded, section):
    exported = export_xliff(seeded, "es")
    section.body_en = "<p>The English moved on.</p>"
    section.save()
    uid = f"section.{section.pk}.body"

    def edit(found, root):
        set_target(found[uid], "<p>Traducción de lo anterior.</p>")

    problems = assert_refused_and_unchanged(seeded, serialize(exported, edit))
    assert problems == [f"{uid}: the English source changed since export; export the guide again"]


def test_a_file_for_another_language_or_guide_is_refused(seeded, section):
    uid = f"section.{section.pk}.heading"

    def edit(found, root):
        set_target(found[uid], "Otro título")

    spanish = serialize(export_xliff(seeded, "es"), edit)
    problems = assert_refused_and_unchanged(seeded, spanish, expect_language="ar")
    assert problems == ["the file is for language 'es', not 'ar'"]
    problems = assert_refused_and_unchanged(seeded, spanish, expect_guide="another-guide")
    assert problems == [f"the file is for guide {seeded.slug!r}, not 'another-guide'"]

    other = Guide.objects.create(slug="another-guide", title_en="Another guide")
    Section.objects.create(guide=other, anchor="x", heading_en="Other", body_en="<p>x</p>")

    def retarget(found, root):
        root.find("x:file", NS).set("original", other.slug)

    problems = assert_refused_and_unchanged(seeded, serialize(spanish, retarget))
    assert f"{uid}: unknown unit id: no such text in guide 'another-guide'" in problems

    def unknown_language(found, root):
        root.find("x:file", NS).set("target-language", "de")

    problems = assert_refused_and_unchanged(seeded, serialize(spanish, unknown_language))
    assert problems == ["target language 'de' is not a language we translate"]

    def no_language(found, root):
        del root.find("x:file", NS).attrib["target-language"]

    problems = assert_refused_and_unchanged(seeded, serialize(spanish, no_language))
    assert problems == ["target language '' is not a language we translate"]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<xliff><file",
        b"<html><body>not xliff</body></html>",
        f'<xliff version="1.2" xmlns="{XLIFF_NAMESPACE}"/>'.encode(),
    ],
)
def test_malformed_files_are_refused(seeded, data):
    problems = assert_refused_and_unchanged(seeded, data)
    assert len(problems) == 1


def test_reviewed_text_is_protected_unless_the_flag_is_given(seeded, section):
    sync_roles()
    reviewer = User.objects.create_user("rev", password="a-long-password-123")
    reviewer.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    reviewer = User.objects.get(pk=reviewer.pk)
    uid = f"section.{section.pk}.heading"
    set_status([status_of(uid, "es")], "reviewed", reviewer)

    def edit(found, root):
        set_target(found[uid], "Un título que no revisó nadie")

    data = serialize(export_xliff(seeded, "es"), edit)
    problems = assert_refused_and_unchanged(seeded, data)
    assert len(problems) == 1 and problems[0].startswith(f"{uid}: this translation is medically")

    import_xliff(data, overwrite_reviewed=True)
    section.refresh_from_db()
    assert section.heading_es == "Un título que no revisó nadie"
    assert status_of(uid, "es").status == "human"


def test_management_commands_round_trip(seeded, section, tmp_path):
    path = tmp_path / "es.xlf"
    call_command("export_xliff", seeded.slug, "es", "-o", str(path))
    uid = f"section.{section.pk}.heading"

    def edit(found, root):
        set_target(found[uid], "Encabezado nuevo")

    path.write_bytes(serialize(path.read_bytes(), edit))
    call_command("import_xliff", str(path), "--language", "es")
    section.refresh_from_db()
    assert section.heading_es == "Encabezado nuevo"

    def break_it(found, root):
        set_target(found[uid], "Encabezado <em>roto</em>")

    path.write_bytes(serialize(path.read_bytes(), break_it))
    with pytest.raises(
        CommandError, match=f"(?s)refused, nothing changed \\(1 problem\\):.*{uid}: markup"
    ):
        call_command("import_xliff", str(path))
    with pytest.raises(CommandError, match="not a configured target language"):
        call_command("export_xliff", seeded.slug, "en")


def test_admin_export_download_and_upload_with_error_listing(seeded, section):
    client = Client()
    client.force_login(User.objects.create_superuser("boss", password="a-long-password-123"))
    response = client.get(
        f"/admin/guide/textstatus/xliff/export/{seeded.slug}/", {"language": "es"}
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response.content == export_xliff(seeded, "es")
    uid = f"section.{section.pk}.heading"

    def bad(found, root):
        set_target(found[uid], "<b>Negrita</b>")

    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("es.xlf", serialize(response.content, bad))
    refused = client.post(
        "/admin/guide/textstatus/xliff/import/?guide=" + seeded.slug + "&language=es",
        {"file": upload},
    )
    assert refused.status_code == 400
    assert f"<code>{uid}</code>: markup does not match" in refused.content.decode()

    def good(found, root):
        set_target(found[uid], "Título desde el proveedor")

    upload = SimpleUploadedFile("es.xlf", serialize(response.content, good))
    accepted = client.post("/admin/guide/textstatus/xliff/import/", {"file": upload})
    assert accepted.status_code == 302
    section.refresh_from_db()
    assert getattr(section, build_localized_fieldname("heading", "es")) == (
        "Título desde el proveedor"
    )
    assert status_of(uid, "es").set_by.username == "boss"


def test_export_states_say_how_far_each_translation_got(seeded, section):
    """machine -> needs review (mt suggestion); human -> translated; reviewed -> signed off and
    approved, unless the English changed since, which sends it back to review."""
    sync_roles()
    reviewer = User.objects.create_user("rev", password="a-long-password-123")
    reviewer.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    reviewer = User.objects.get(pk=reviewer.pk)
    machine, human = f"section.{section.pk}.body", f"section.{section.pk}.heading"
    entry = FAQEntry.objects.filter(guide=seeded).order_by("order").first()
    reviewed = f"faqentry.{entry.pk}.answer"
    set_status([status_of(human, "es")], "human", reviewer)
    set_status([status_of(reviewed, "es")], "reviewed", reviewer)

    def described(unit: etree._Element) -> tuple:
        target = unit.find("x:target", NS)
        notes = {n.get("from"): n.text for n in unit.iterfind("x:note", NS)}
        return (
            target.get("state"),
            target.get("state-qualifier"),
            unit.get("approved"),
            notes["status"],
        )

    found = units(export_xliff(seeded, "es"))
    assert described(found[machine]) == (
        "needs-review-translation",
        "mt-suggestion",
        None,
        "machine",
    )
    assert described(found[human]) == ("translated", None, None, "human")
    assert described(found[reviewed]) == ("signed-off", None, "yes", "reviewed")

    entry.answer_en = entry.answer_en + " One more English sentence."
    entry.save()
    outdated = units(export_xliff(seeded, "es"))[reviewed]
    assert described(outdated) == (
        "needs-review-translation",
        None,
        None,
        "reviewed, outdated: the English changed",
    )


def test_import_counts_units_left_untranslated_and_units_unchanged(seeded, section):
    exported = export_xliff(seeded, "es")
    total = len(units(exported))
    first, second, third = sorted(units(exported))[:3]

    def leave_three_untranslated(found, root):
        found[first].find("x:target", NS).set("state", "new")
        found[second].find("x:target", NS).set("state", "needs-translation")
        found[third].find("x:target", NS).text = "  "

    result = import_xliff(serialize(exported, leave_three_untranslated))
    assert (result.slug, result.language) == (seeded.slug, "es")
    assert (result.updated, result.skipped, result.unchanged) == ([], 3, total - 3)
